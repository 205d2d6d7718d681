import { assert, describe, it } from "@effect/vitest"
import { QuotaStore, QuotaStoreError, type QuotaStoreService } from "@workato-jobs/jobs-api"
import { Effect, Logger, TestClock } from "effect"
import { busiestWindow, clientFor, requestsTo, simulator, START, tooManyRequests } from "./support/sim.js"
import { runVirtual } from "./support/virtualTime.js"

const key = "https://workato.test repeat"

describe("QuotaStore.memory", () => {
  it.effect("the first `limit` reservations go at once, the next one window + margin after the limit-th latest", () =>
    Effect.gen(function*() {
      const store = yield* QuotaStore.memory
      const reserve = (marginMillis = 0) => store.reserve({ key, limit: 2, windowMillis: 1000, marginMillis })
      assert.deepStrictEqual([yield* reserve(), yield* reserve(), yield* reserve(5), yield* reserve()], [0, 0, 1005, 1000])
      yield* TestClock.adjust("600 millis")
      assert.strictEqual(yield* reserve(), 1000 + 1000 - 600) // behind the 2nd latest (1000)
      assert.strictEqual(yield* store.reserve({ key: "another key", limit: 1, windowMillis: 1000, marginMillis: 0 }), 0)
    }))

  it.effect("pause: no reservation starts before it ends; a shorter pause does not shorten it", () =>
    Effect.gen(function*() {
      const store = yield* QuotaStore.memory
      yield* store.pause(key, 5000)
      yield* store.pause(key, 2000)
      assert.strictEqual(yield* store.reserve({ key, limit: 3, windowMillis: 1000, marginMillis: 0 }), 5000)
    }))
})

describe("one quota shared through a QuotaStore", () => {
  // Two clients stand for two processes: each has its own limiters, only the store is shared.
  const twoClients = (store: QuotaStoreService | undefined) =>
    Effect.gen(function*() {
      const sim = yield* simulator()
      const recipe = sim.addRecipe()
      const a = sim.addFailures(recipe.id, 125).map((j) => j.id)
      const b = sim.addFailures(recipe.id, 125).map((j) => j.id)
      const clientA = yield* clientFor(sim, {}, store)
      const clientB = yield* clientFor(sim, {}, store)
      const reports = yield* runVirtual(
        Effect.all([clientA.repeat(recipe.id, a), clientB.repeat(recipe.id, b)], { concurrency: "unbounded" })
      )
      const fromA = new Set(a)
      const senders = requestsTo(sim, "repeat").filter((r) => r.status === 200).map((r) =>
        fromA.has((r.body as { job_ids: Array<string> }).job_ids[0]!) ? "A" : "B"
      )
      return { sim, reports, senders }
    })

  it.scoped("two clients on one store: together never above 1 repeat/s, zero 429s, taking turns", () =>
    Effect.gen(function*() {
      const { reports, senders, sim } = yield* twoClients(yield* QuotaStore.memory)
      assert.strictEqual(tooManyRequests(sim), 0)
      assert.strictEqual(busiestWindow(requestsTo(sim, "repeat").map((r) => r.at), 1000), 1)
      assert.isTrue(reports.every((report) => report.results.every((r) => r._tag === "Enqueued")))
      assert.strictEqual(senders.length, 10)
      // Fair: neither books the quota ahead of the other, they take turns (two in a row at most,
      // where one started first or finished first).
      assert.notMatch(senders.join(""), /AAA|BBB/)
      assert.isAtMost(Math.abs(senders.indexOf("B") - senders.indexOf("A")), 2)
    }))

  it.scoped("without a shared store the same two clients draw 429s (the test above is not vacuous)", () =>
    Effect.gen(function*() {
      const { sim } = yield* twoClients(undefined)
      assert.isAbove(tooManyRequests(sim), 0)
    }))

  it.scoped("a store that fails: pacing falls back to this process's memory, one warning", () =>
    Effect.gen(function*() {
      const broken: QuotaStoreService = {
        reserve: (r) => Effect.fail(new QuotaStoreError({ key: r.key, detail: "connection refused" })),
        pause: (k) => Effect.fail(new QuotaStoreError({ key: k, detail: "connection refused" }))
      }
      const warnings: Array<string> = []
      const logger = Logger.make(({ logLevel, message }) => {
        if (logLevel._tag === "Warning") warnings.push(String(message))
      })
      const sim = yield* simulator()
      const recipe = sim.addRecipe()
      const ids = sim.addFailures(recipe.id, 100).map((j) => j.id)
      const jobs = yield* clientFor(sim, {}, broken)
      const report = yield* runVirtual(jobs.repeat(recipe.id, ids)).pipe(
        Effect.provide(Logger.replace(Logger.defaultLogger, logger))
      )
      assert.isTrue(report.results.every((r) => r._tag === "Enqueued"))
      assert.strictEqual(tooManyRequests(sim), 0)
      assert.deepStrictEqual(requestsTo(sim, "repeat").map((r) => r.at - START), [0, 1101, 2202, 3203])
      assert.strictEqual(warnings.length, 1)
      assert.match(warnings[0]!, /quota store failed for .* repeat \(connection refused\); pacing from this process's memory/)
    }))
})
