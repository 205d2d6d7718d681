import { defineProject } from "vitest/config"

export default defineProject({
  test: {
    include: ["test/**/*.test.ts"],
    // A backstop, not a speed check: the heavier rendering tests take seconds on a busy 2-core machine.
    testTimeout: 30_000
  }
})
