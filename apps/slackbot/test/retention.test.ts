/**
 * Retention (issue 8 problem 7): digests, views, seen jobs and finished Repeat all runs older
 * than RETENTION, the audit log and repeat locks older than AUDIT_RETENTION, pruned on a
 * schedule by whichever replica takes the lease; in virtual time, on SQLite and PostgreSQL.
 */
import { SqlClient } from "@effect/sql"
import { assert, describe, it } from "@effect/vitest"
import { Duration, Effect, Layer, TestClock, TestServices } from "effect"
import { BotConfig, type BotSettings } from "../src/config.js"
import { PruningLive } from "../src/replicas/pruning.js"
import { Replica } from "../src/replicas/Replica.js"
import { AuditLog, databaseLayer, PostedMessages, RepeatLocks, storeLayer, Watches } from "../src/store/index.js"
import { freshDatabase } from "./database.js"

const DAY = 24 * 60 * 60 * 1000

// Pruning reads only these two settings; the rest of BotSettings plays no part here. A short
// audit retention keeps the virtual months few (every half-hour poll runs on the way).
const settings = { retention: Duration.days(30), auditRetention: Duration.days(40) } as BotSettings

const digestWith = (id: string, channel: string, recipeId: number, jobIds: ReadonlyArray<string>) =>
  Effect.flatMap(PostedMessages, (m) =>
    m.record({
      id,
      kind: "digest",
      channel,
      ts: `${id}.0`,
      viewer: null,
      blocks: [],
      text: id,
      jobs: jobIds.map((jobId) => ({ recipeId, jobId, masterJobId: jobId, repeatable: true }))
    }))

const count = (table: string) =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    Effect.map(sql<{ readonly n: number | string }>`SELECT COUNT(*) AS n FROM ${sql(table)}`, (rows) => Number(rows[0]!.n)))

describe("retention", () => {
  it.scoped("old digests, views, seen jobs and runs go after RETENTION, audit entries and locks after AUDIT_RETENTION, on the hourly schedule", () =>
    Effect.gen(function*() {
      const database = yield* freshDatabase
      const store = storeLayer.pipe(Layer.provideMerge(databaseLayer(database)))
      const layer = PruningLive.pipe(Layer.provideMerge(Layer.mergeAll(store, Replica.Default, BotConfig.layer(settings))))
      const ctx = yield* Layer.build(layer)
      const run = <A, E>(effect: Effect.Effect<A, E, Layer.Layer.Success<typeof layer>>) => Effect.provide(effect, ctx)

      yield* run(Effect.gen(function*() {
        // Day 0: a digest of 15 jobs in C1 (whose watch has moved on), one in C2 (whose watch
        // still scans back to day 0), an ephemeral view, a repeat with its lock and audit entry.
        yield* (yield* Watches).setHorizon("C2", 8, 0)
        yield* digestWith("d-old", "C1", 7, Array.from({ length: 15 }, (_, i) => `j-${i}`))
        yield* digestWith("d-held", "C2", 8, ["j-h"])
        yield* (yield* PostedMessages).record({ id: "f-old", kind: "failures", channel: "C1", ts: null, viewer: "U1", blocks: [], text: "x", jobs: [] })
        const locks = yield* RepeatLocks
        yield* locks.acquire({ recipeId: 7, jobId: "j-0", masterJobId: "j-0", source: "C1:d-old.0", userId: "U1" })
        yield* locks.finish({ recipeId: 7, jobId: "j-0", outcome: "enqueued", newJobId: "j-r", detail: null })
        yield* locks.startRun({ id: "run-1", messageId: "d-old", userId: "U1", total: 15 })
        yield* locks.finishRun("run-1")
        yield* (yield* AuditLog).record({ userId: "U1", recipeId: 7, jobId: "j-0", source: "button", outcome: "enqueued", newJobId: "j-r", detail: null })
        yield* TestClock.adjust(Duration.days(20))
        yield* (yield* Watches).setHorizon("C1", 7, 20 * DAY)
        yield* digestWith("d-new", "C1", 7, ["j-new"])
      }))

      /** Waits (real time, bounded) until the pruning fiber sleeps again: its poll has finished. */
      const settled = Effect.gen(function*() {
        for (let waits = 0; waits < 2_000; waits++) {
          const now = (yield* Effect.clock).unsafeCurrentTimeMillis()
          if ([...(yield* TestClock.sleeps())].some((at) => at > now)) return
          yield* TestServices.provideLive(Effect.sleep("2 millis"))
        }
        return yield* Effect.die(new Error("the pruning fiber never slept again"))
      })

      /** Moves virtual time on poll by poll (half an hour each) until `done` holds (at most `days`). */
      const until = (days: number, done: Effect.Effect<boolean, never, Layer.Layer.Success<typeof layer>>) =>
        Effect.gen(function*() {
          for (let polls = 0; polls < days * 48; polls++) {
            yield* settled
            if (yield* run(done)) return true
            yield* TestClock.adjust(Duration.minutes(30))
          }
          return false
        })

      // Day 30 + a poll: the day-0 records are past RETENTION (the view and run too); the lock and audit entry stay.
      yield* TestClock.adjust(Duration.days(10))
      assert.isTrue(yield* until(2, Effect.map(count("posted_messages"), (n) => n === 1).pipe(Effect.orDie)))
      yield* run(Effect.gen(function*() {
        const messages = yield* PostedMessages
        assert.deepStrictEqual((yield* messages.jobsOf("d-old")).length, 0)
        assert.isTrue((yield* messages.findById("d-new"))._tag === "Some")
        assert.deepStrictEqual(yield* messages.unseen("C1", 7, ["j-0", "j-new"]), ["j-0"])
        assert.deepStrictEqual(yield* messages.unseen("C2", 8, ["j-h"]), []) // its watch could still find j-h again
        assert.strictEqual(yield* count("repeat_runs").pipe(Effect.orDie), 0)
        assert.strictEqual(yield* count("audit_log").pipe(Effect.orDie), 1)
        assert.strictEqual((yield* (yield* RepeatLocks).findAll(7, ["j-0"])).length, 1)
      }))

      // Day 40 + a poll: the audit entry and the lock go as well.
      yield* TestClock.adjust(Duration.days(9))
      assert.isTrue(yield* until(2, Effect.map(count("audit_log"), (n) => n === 0).pipe(Effect.orDie)))
      assert.strictEqual(yield* run(count("repeat_claims")).pipe(Effect.orDie), 0)
    }), 60_000)
})
