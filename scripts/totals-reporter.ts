import { writeSync } from "node:fs"
import type { Reporter, TestModule } from "vitest/node"

/**
 * Prints vitest's totals as the plain line `N passed, N failed` after every run.
 * CI cannot read vitest's own summary; this line is what it reads. Modules that fail to
 * load (syntax or import errors) count as one failure each, so they can't hide.
 */
export default class TotalsReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>) {
    let passed = 0
    let failed = unhandledErrors.length
    for (const module of testModules) {
      const tests = [...module.children.allTests()]
      if (tests.length === 0 && module.state() === "failed") failed++
      for (const test of tests) {
        const state = test.result().state
        if (state === "passed") passed++
        else if (state === "failed") failed++
      }
    }
    // Written at exit so that it comes after the default reporter's summary: CI reads the last line.
    process.once("exit", () => writeSync(1, `\n${passed} passed, ${failed} failed\n`))
  }
}
