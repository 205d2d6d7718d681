import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber, TestClock } from "effect"
import { addJobs, busiestWindow, clientFor, requestsTo, simulator, START, tooManyRequests } from "./support/sim.js"
import { eventually, realPause, runVirtual, sleepersUntil } from "./support/virtualTime.js"

describe("quotas shared by every caller of one layer", () => {
  it.scoped("20 concurrent callers against a sim with Workato's quotas → zero 429s", () =>
    Effect.gen(function*() {
      const sim = yield* simulator({ pageSize: 5 })
      const recipe = sim.addRecipe()
      const history = addJobs(sim, recipe.id, 40)
      const toRepeat = sim.addFailures(recipe.id, 20)
      const running = addJobs(sim, recipe.id, 20, { status: "pending" })
      const jobs = yield* clientFor(sim)

      const caller = (i: number) =>
        Effect.gen(function*() {
          yield* jobs.list(recipe.id)
          yield* jobs.list(recipe.id, { status: "failed" })
          yield* jobs.get(recipe.id, history[i]!.id)
          yield* jobs.get(recipe.id, history[i + 20]!.id)
          const repeated = yield* jobs.repeat(recipe.id, [toRepeat[i]!.id])
          const cancelled = yield* jobs.cancel(recipe.id, [running[i]!.id])
          return [repeated.results[0]?._tag, cancelled.results[0]?._tag]
        })

      const outcomes = yield* runVirtual(
        Effect.forEach(Array.from({ length: 20 }, (_, i) => i), caller, { concurrency: "unbounded" }),
        { step: "250 millis" }
      )
      assert.isTrue(outcomes.every(([r, c]) => r === "Enqueued" && c === "Enqueued"))
      assert.strictEqual(tooManyRequests(sim), 0)
      const other = sim.requests.filter((r) => r.route === "list" || r.route === "get").map((r) => r.at)
      assert.strictEqual(other.length, 80)
      assert.isAtMost(busiestWindow(other, 60_000), 60)
      assert.isAtMost(busiestWindow(requestsTo(sim, "repeat").map((r) => r.at), 1000), 1)
      assert.isAtMost(busiestWindow(requestsTo(sim, "cancel").map((r) => r.at), 1000), 1)
    }))

  it.scoped("raised quotas are used (Enterprise): 3 repeats/s", () =>
    Effect.gen(function*() {
      const sim = yield* simulator({ quotas: { repeatPerSecond: 3, cancelPerSecond: 1, otherPerMinute: 60 } })
      const recipe = sim.addRecipe()
      const failed = sim.addFailures(recipe.id, 6)
      const jobs = yield* clientFor(sim, { limits: { repeatPerSecond: 3 } })
      yield* runVirtual(Effect.forEach(failed, (j) => jobs.repeat(recipe.id, [j.id]), { concurrency: "unbounded" }))
      const at = requestsTo(sim, "repeat").map((r) => r.at)
      assert.strictEqual(at.length, 6)
      assert.strictEqual(busiestWindow(at, 1000), 3)
      assert.strictEqual(tooManyRequests(sim), 0)
    }))

  it.scoped("lowered quotas (two processes sharing a workspace): 0.5 repeats/s", () =>
    Effect.gen(function*() {
      const sim = yield* simulator()
      const recipe = sim.addRecipe()
      const failed = sim.addFailures(recipe.id, 3)
      const jobs = yield* clientFor(sim, { limits: { repeatPerSecond: 0.5 } })
      yield* runVirtual(Effect.forEach(failed, (j) => jobs.repeat(recipe.id, [j.id]), { concurrency: "unbounded" }))
      const at = requestsTo(sim, "repeat").map((r) => r.at)
      assert.isAtLeast(at[1]! - at[0]!, 2000)
      assert.isAtLeast(at[2]! - at[1]!, 2000)
    }))

  it.scoped("a 429 with Retry-After holds back the other callers of that class too", () =>
    Effect.gen(function*() {
      const sim = yield* simulator()
      const recipe = sim.addRecipe()
      const jobs = yield* clientFor(sim)
      sim.injectFault({ route: "list", kind: "status429", retryAfter: "5" })
      const first = yield* Effect.fork(jobs.list(recipe.id))
      yield* eventually(() => requestsTo(sim, "list").length === 1, "the 429")
      yield* sleepersUntil(START + 5000) // the first caller's retry: the pause is in force
      const second = yield* Effect.fork(jobs.list(recipe.id))
      yield* sleepersUntil(START + 5000, 2) // the second caller waits for the same moment
      yield* TestClock.adjust("4 seconds")
      yield* realPause(20)
      assert.strictEqual(requestsTo(sim, "list").length, 1)
      yield* TestClock.adjust("1 second")
      yield* Fiber.join(first)
      yield* Fiber.join(second)
      assert.deepStrictEqual(requestsTo(sim, "list").map((r) => r.status), [429, 200, 200])
      assert.isTrue(requestsTo(sim, "list").slice(1).every((r) => r.at >= requestsTo(sim, "list")[0]!.at + 5000))
    }))
})
