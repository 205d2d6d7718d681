import { assert, describe, it } from "@effect/vitest"
import type { Latency } from "@workato-jobs/workato-sim"
import { Effect } from "effect"
import { acceptedGaps, busiestWindow, clientFor, requestsTo, simulator, START, tooManyRequests } from "./support/sim.js"
import { runVirtual } from "./support/virtualTime.js"

// Repeat of 250 jobs = 10 requests at Workato's 1 repeat/s: the quota's floor is the 10th request
// leaving 9 s after the first. The old limiter (a slot held until one window after the answer)
// took 9 × (1 s + latency). The first sends, reserved before as many answers came back as fly at
// once (new connections), get a cold-start allowance of a tenth of a window: +100 ms each.
const repeat250 = (latency: number | Latency) =>
  Effect.gen(function*() {
    const sim = yield* simulator()
    sim.setLatency("repeat", latency)
    const recipe = sim.addRecipe()
    const ids = sim.addFailures(recipe.id, 250).map((j) => j.id)
    const jobs = yield* clientFor(sim)
    const report = yield* runVirtual(jobs.repeat(recipe.id, ids))
    const at = requestsTo(sim, "repeat").map((r) => r.at - START)
    return { sim, report, at }
  })

describe("pacing by send time", () => {
  for (
    const [label, latency, lastSendBy] of [
      ["300 ms", 300, 9_250],
      ["1 s", 1000, 9_350],
      ["jitter 200–800 ms", { minMs: 200, maxMs: 800 }, 9 * 1_250]
    ] as const
  ) {
    it.scoped(`latency ${label}: repeat 250 jobs → 10 requests, zero 429s, sends close to one per second`, () =>
      Effect.gen(function*() {
        const { at, report, sim } = yield* repeat250(latency)
        assert.strictEqual(at.length, 10)
        assert.strictEqual(tooManyRequests(sim), 0)
        assert.isTrue(report.results.every((r) => r._tag === "Enqueued"))
        assert.strictEqual(busiestWindow(at, 1000), 1)
        // Virtual sim-clock times, not wall time: the 10th send is near the 9 s floor, far below 9 × (1 s + latency).
        assert.isAtMost(at[9]!, lastSendBy)
      }))
  }

  it.scoped("a steady link gets almost no margin: once warm, every gap is one window plus 1 ms", () =>
    Effect.gen(function*() {
      const { sim } = yield* repeat250(300)
      // Two sends reserved while fewer answers had come back than fly at once (2 at 1/s): cold.
      assert.deepStrictEqual(acceptedGaps(sim, "repeat"), [1101, 1101, ...Array(7).fill(1001)])
    }))

  it.scoped("a jittery link gets a wider margin than a steady one", () =>
    Effect.gen(function*() {
      const { sim } = yield* repeat250({ minMs: 200, maxMs: 800 })
      const gaps = acceptedGaps(sim, "repeat")
      assert.isTrue(gaps.every((gap) => gap >= 1001))
      assert.isAbove(Math.max(...gaps), 1050)
    }))

  it.scoped("a burst of 429s widens the margin, then it decays back to nothing", () =>
    Effect.gen(function*() {
      const sim = yield* simulator()
      const recipe = sim.addRecipe()
      const ids = sim.addFailures(recipe.id, 40 * 25).map((j) => j.id)
      sim.injectFault({ route: "repeat", kind: "status429", retryAfter: "1", times: 3 })
      const jobs = yield* clientFor(sim)
      const report = yield* runVirtual(jobs.repeat(recipe.id, ids), { maxSteps: 10_000 })
      assert.isTrue(report.results.every((r) => r._tag === "Enqueued"))
      assert.strictEqual(requestsTo(sim, "repeat").filter((r) => r.status === 200).length, 40)
      const gaps = acceptedGaps(sim, "repeat")
      // Three 429s: the penalty went 10 → 20 → 40 ms; each answer since shrank it by 10%.
      assert.isAtLeast(gaps[0]!, 1001 + 30)
      for (let i = 1; i < gaps.length; i++) assert.isAtMost(gaps[i]!, gaps[i - 1]!)
      assert.deepStrictEqual(gaps.slice(-3), [1001, 1001, 1001])
    }), 60_000)
})
