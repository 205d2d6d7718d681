// Workato's quota shared by replicas through PostgreSQL (store/WorkatoQuota.ts). Each "replica"
// is its own connection pool on one database. These tests run on the TestClock at time 0 while
// the store reads the database's clock: the replicas' own clocks play no part.
import { NodeHttpClient } from "@effect/platform-node"
import { SqlClient } from "@effect/sql"
import { assert, describe, it } from "@effect/vitest"
import { JobsClient, QuotaStore } from "@workato-jobs/jobs-api"
import { startSim } from "@workato-jobs/workato-sim"
import { Effect, Layer, Redacted } from "effect"
import { databaseLayer, type Database } from "../../src/store/database.js"
import { workatoQuotaLayer } from "../../src/store/WorkatoQuota.js"
import { postgresDatabase } from "../database.js"

const replica = (database: Database) =>
  Layer.build(Layer.merge(workatoQuotaLayer, Layer.service(SqlClient.SqlClient)).pipe(Layer.provide(databaseLayer(database))))

const key = "https://www.workato.com repeat"

describe("one Workato quota for every replica (PostgreSQL)", () => {
  it.scoped("three replicas reserving at once never put more than `limit` sends in any window", () =>
    Effect.gen(function*() {
      const database = yield* postgresDatabase
      const replicas = yield* Effect.all([replica(database), replica(database), replica(database)], { concurrency: "unbounded" })
      const reservation = { key, limit: 2, windowMillis: 1000, marginMillis: 5 }
      const waits = yield* Effect.forEach(
        replicas,
        (context) => Effect.provide(Effect.flatMap(QuotaStore, (store) => Effect.replicateEffect(store.reserve(reservation), 10)), context),
        { concurrency: "unbounded" }
      )
      assert.strictEqual(waits.flat().length, 30)
      const sql = yield* Effect.provide(SqlClient.SqlClient, replicas[0]!)
      const times = (yield* sql<{ at: number }>`SELECT at FROM workato_quota_sends WHERE key = ${key} ORDER BY at`).map((r) => r.at)
      assert.strictEqual(times.length, 30)
      for (let i = 2; i < times.length; i++) assert.isAtLeast(times[i]! - times[i - 2]!, 1005, `sends ${i - 2} and ${i}`)
      // 30 sends at 2 per 1.005 s: the last one 14 windows out, whichever replica reserved it.
      assert.isAtLeast(Math.max(...waits.flat()), 14 * 1005 - 1000)
    }))

  it.scoped("a 429 seen by one replica holds back the others for its Retry-After", () =>
    Effect.gen(function*() {
      const database = yield* postgresDatabase
      const [a, b] = yield* Effect.all([replica(database), replica(database)], { concurrency: "unbounded" })
      yield* Effect.provide(Effect.flatMap(QuotaStore, (store) => store.pause(key, 5_000)), a!)
      const wait = yield* Effect.provide(
        Effect.flatMap(QuotaStore, (store) => store.reserve({ key, limit: 1, windowMillis: 1000, marginMillis: 0 })),
        b!
      )
      assert.isAtLeast(wait, 4_000)
      assert.isAtMost(wait, 5_000)
    }))

  // Real time, briefly: two clients pacing against a simulator that counts on the wall clock.
  const twoReplicasRepeat = (shared: boolean) =>
    Effect.gen(function*() {
      const database = yield* postgresDatabase
      const sim = yield* Effect.acquireRelease(
        Effect.promise(() => startSim({ quotas: { repeatPerSecond: 4, cancelPerSecond: 4, otherPerMinute: 600 } })),
        (sim) => Effect.promise(() => sim.close())
      )
      const recipe = sim.addRecipe()
      const client = JobsClient.layer({ token: Redacted.make(sim.token), baseUrl: sim.url, limits: { repeatPerSecond: 4 } }).pipe(
        Layer.provide(NodeHttpClient.layerUndici)
      )
      const runOn = Effect.fn(function*(ids: ReadonlyArray<string>) {
        const layer = shared ? client.pipe(Layer.provide(workatoQuotaLayer), Layer.provide(databaseLayer(database))) : client
        const context = yield* Layer.build(layer)
        return yield* Effect.provide(Effect.flatMap(JobsClient, (jobs) => jobs.repeat(recipe.id, ids)), context)
      })
      const ids = sim.addFailures(recipe.id, 200).map((j) => j.id)
      const reports = yield* Effect.all([runOn(ids.slice(0, 100)), runOn(ids.slice(100))], { concurrency: "unbounded" })
      const repeats = sim.requests.filter((r) => r.route === "repeat")
      return { sim, reports, repeats }
    })

  it.live("two replicas repeating 100 jobs each at 4 repeats/s: 8 requests, no 429 (with the shared store)", () =>
    Effect.gen(function*() {
      const { reports, repeats } = yield* twoReplicasRepeat(true)
      assert.strictEqual(repeats.filter((r) => r.status === 429).length, 0)
      assert.strictEqual(repeats.length, 8)
      assert.isTrue(reports.every((report) => report.results.every((r) => r._tag === "Enqueued")))
    }).pipe(Effect.scoped), 20_000)

  it.live("without it the same two replicas send twice the quota (429s): the test above is not vacuous", () =>
    Effect.gen(function*() {
      const { reports, repeats } = yield* twoReplicasRepeat(false)
      assert.isAbove(repeats.filter((r) => r.status === 429).length, 0)
      assert.isTrue(reports.every((report) => report.results.every((r) => r._tag === "Enqueued")))
    }).pipe(Effect.scoped), 20_000)
})
