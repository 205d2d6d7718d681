import { Migrator, SqlClient } from "@effect/sql"
import { SqliteClient } from "@effect/sql-sqlite-node"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Option } from "effect"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { Database } from "../src/store/database.js"
import { freshDatabase } from "./database.js"
import { migrations } from "../src/store/migrations.js"
import {
  AuditLog,
  databaseLayer,
  FolderWatches,
  Leases,
  PostedMessages,
  RecipeStates,
  replicaLeaseName,
  RepeatLocks,
  type Store,
  storeLayer,
  Watches
} from "../src/store/index.js"

const storeAt = (database: Database) => storeLayer.pipe(Layer.provide(databaseLayer(database)))

/** Runs `use` against a Store on `database`, closing the connection afterwards. */
const withStore = <A, E>(database: Database, use: Effect.Effect<A, E, Store>) =>
  Effect.scoped(Layer.build(storeAt(database)).pipe(Effect.flatMap((ctx) => Effect.provide(use, ctx))))

const tempFile = Effect.acquireRelease(
  Effect.sync(() => mkdtempSync(join(tmpdir(), "slackbot-store-"))),
  (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
).pipe(Effect.map((dir) => join(dir, "nested", "bot.db")))

/** Runs `use` against a Store on a new database (SQLite, or PostgreSQL in that project). */
const withFreshStore = <A, E>(use: Effect.Effect<A, E, Store>) => Effect.flatMap(freshDatabase, (database) => withStore(database, use))

describe("Store", () => {
  it.scoped("folder watches, scan counts and recipe states (each change claimed once)", () =>
    withFreshStore(Effect.gen(function*() {
      const folders = yield* FolderWatches
      assert.isTrue((yield* folders.put({ channel: "C1", folderId: 7001, intervalMs: 60_000, by: "U1", replace: true })).created)
      assert.isFalse((yield* folders.put({ channel: "C1", folderId: 7001, intervalMs: 120_000, by: null, replace: false })).created)
      assert.deepStrictEqual((yield* folders.inChannel("C1")).map((f) => [f.folderId, f.intervalMs, f.addedBy]), [[7001, 60_000, "U1"]])
      assert.isTrue(yield* folders.remove("C1", 7001))
      assert.isFalse(yield* folders.remove("C1", 7001))

      const watches = yield* Watches
      yield* watches.setHorizon("C1", 9, 1_000, 42)
      assert.deepStrictEqual(Option.map(yield* watches.scanState("C1", 9), (s) => [s.horizonMs, s.failedCount]), Option.some([1_000, 42]))
      yield* watches.setHorizon("C1", 9, 2_000)
      assert.deepStrictEqual(Option.map(yield* watches.scanState("C1", 9), (s) => [s.horizonMs, s.failedCount]), Option.some([2_000, null]))

      const states = yield* RecipeStates
      const running = { running: true, stoppedAt: 0 }
      const stopped = { running: false, stoppedAt: 5_000 }
      assert.isTrue(yield* states.claim("C1", 9, Option.none(), running))
      assert.isFalse(yield* states.claim("C1", 9, Option.none(), running), "the first sighting is recorded once")
      const before = yield* states.last("C1", 9)
      assert.deepStrictEqual(before, Option.some(running))
      assert.isTrue(yield* states.claim("C1", 9, before, stopped))
      assert.isFalse(yield* states.claim("C1", 9, before, stopped), "a second claim of the same stop loses")
      assert.deepStrictEqual(yield* states.last("C1", 9), Option.some(stopped))
    })))

  it.scoped("keeps watches, horizons, digests, locks and the audit log across a reopen", () =>
    Effect.gen(function*() {
      const database = yield* freshDatabase
      yield* withStore(
        database,
        Effect.gen(function*() {
          const watches = yield* Watches
          const put = yield* watches.put({ channel: "C1", recipeId: 7, intervalMs: 60_000, by: "U1", replace: true })
          assert.isTrue(put.created)
          yield* watches.setHorizon("C1", 7, 1000)
          yield* (yield* PostedMessages).record({
            id: "d-1",
            kind: "digest",
            channel: "C1",
            ts: "1.000001",
            viewer: null,
            blocks: [{ type: "section" }],
            text: "1 failed job",
            jobs: [{ recipeId: 7, jobId: "j-a", masterJobId: "j-a", repeatable: true }]
          })
          yield* watches.setHorizon("C1", 7, 2000)
          const lock = yield* (yield* RepeatLocks).acquire({ recipeId: 7, jobId: "j-a", masterJobId: "j-a", source: "C1:1.000001", userId: "U1" })
          assert.strictEqual(lock._tag, "Acquired")
          yield* (yield* AuditLog).record({ userId: "U1", recipeId: 7, jobId: "j-a", source: "button", outcome: "enqueued", newJobId: "j-b", detail: null })
        })
      )
      yield* withStore(
        database,
        Effect.gen(function*() {
          const watches = yield* Watches
          const messages = yield* PostedMessages
          const locks = yield* RepeatLocks
          assert.deepStrictEqual((yield* watches.list).map((w) => ({ ...w })), [{ channel: "C1", recipeId: 7, intervalMs: 60_000 }])
          assert.deepStrictEqual(yield* watches.horizon("C1", 7), Option.some(2000))
          const digest = yield* messages.findByTs("C1", "1.000001")
          assert.isTrue(Option.isSome(digest))
          const jobs = yield* messages.jobsOf(Option.getOrThrow(digest).id)
          assert.deepStrictEqual(jobs.map((j) => j.jobId), ["j-a"])
          assert.deepStrictEqual((yield* messages.content("d-1")).blocks, [{ type: "section" }])
          // The process that held the lock is gone: its repeat becomes "unknown", never retried.
          assert.strictEqual(yield* locks.settleAbandoned, 1)
          const again = yield* locks.acquire({ recipeId: 7, jobId: "j-a", masterJobId: "j-a", source: "C1:1.000001", userId: "U2" })
          assert.strictEqual(again._tag, "Held")
          assert.strictEqual((yield* (yield* AuditLog).entries).length, 1)
        })
      )
    }))

  it.scoped("a lock repeats a failed job once whatever message asks, but lets a later failure of it be repeated", () =>
    withFreshStore(
      Effect.gen(function*() {
        const locks = yield* RepeatLocks
        const take = (jobId: string, source: string, userId: string) =>
          Effect.map(locks.acquire({ recipeId: 1, jobId, masterJobId: "j-m", source, userId }), (r) => r._tag)
        assert.strictEqual(yield* take("j-m", "msg-1", "U1"), "Acquired")
        assert.strictEqual(yield* take("j-m", "msg-1", "U2"), "Held") // in flight
        assert.strictEqual(yield* take("j-m", "command:x", "U2"), "Held") // in flight, even for a command
        yield* locks.finish({ recipeId: 1, jobId: "j-m", outcome: "enqueued", newJobId: "j-r1", detail: null })
        assert.strictEqual(yield* take("j-m", "msg-1", "U2"), "Held") // same message clicked again later
        assert.strictEqual(yield* take("j-m", "msg-2", "U2"), "Held") // another message showing the same failure
        assert.strictEqual(yield* take("j-r1", "msg-3", "U2"), "Acquired") // the repeat failed too: a new failed job
        yield* locks.finish({ recipeId: 1, jobId: "j-r1", outcome: "not_sent", newJobId: null, detail: "rate limited" })
        assert.strictEqual(yield* take("j-r1", "msg-2", "U1"), "Acquired") // nothing reached Workato: may try again
        yield* locks.finish({ recipeId: 1, jobId: "j-r1", outcome: "unknown", newJobId: null, detail: "timeout" })
        assert.strictEqual(yield* take("j-r1", "msg-2", "U1"), "Held") // unknown: never again
        assert.strictEqual(yield* take("j-r1", "command:y", "U1"), "Held")
        // A lock never sent is given back whole.
        assert.strictEqual(yield* take("j-r2", "msg-4", "U1"), "Acquired")
        yield* locks.release({ recipeId: 1, jobId: "j-r2" })
        assert.strictEqual(yield* take("j-r2", "msg-4", "U2"), "Acquired")
        assert.deepStrictEqual((yield* locks.findAll(1, ["j-m", "j-r1", "j-x"])).map((l) => [l.jobId, l.outcome]).sort(), [
          ["j-m", "enqueued"],
          ["j-r1", "unknown"]
        ])
      })
    ))

  it.scoped("50 concurrent takes of one lock: exactly one wins (one statement, whatever the dialect)", () =>
    withFreshStore(
      Effect.gen(function*() {
        const locks = yield* RepeatLocks
        const results = yield* Effect.forEach(
          Array.from({ length: 50 }, (_, i) => `U${i}`),
          (userId) => locks.acquire({ recipeId: 3, jobId: "j-1", masterJobId: "j-1", source: `msg-${userId}`, userId }),
          { concurrency: "unbounded" }
        )
        assert.strictEqual(results.filter((r) => r._tag === "Acquired").length, 1)
      })
    ))

  it.scoped("only a gone replica's locks and runs are settled: a live one (unexpired heartbeat) keeps its own", () =>
    withFreshStore(
      Effect.gen(function*() {
        const locks = yield* RepeatLocks
        const leases = yield* Leases
        yield* leases.take({ name: replicaLeaseName("live"), holder: "live", now: 0, until: 60_000 })
        const gone = yield* leases.take({ name: replicaLeaseName("gone"), holder: "gone", now: 0, until: 60_000 })
        yield* leases.handBack(Option.getOrThrow(gone))
        for (const holder of ["live", "gone", "expired"]) {
          yield* locks.acquire({ recipeId: 5, jobId: `j-${holder}`, masterJobId: `j-${holder}`, source: "m", userId: "U1", holder })
          yield* locks.startRun({ id: `run-${holder}`, messageId: `d-${holder}`, userId: "U1", total: 2, holder })
        }
        yield* leases.take({ name: replicaLeaseName("expired"), holder: "expired", now: 0, until: 0 })
        assert.strictEqual(yield* locks.settleAbandoned, 2)
        assert.sameMembers((yield* locks.interruptAbandonedRuns).map((r) => r.id), ["run-gone", "run-expired"])
        const states = yield* locks.findAll(5, ["j-live", "j-gone", "j-expired"])
        assert.sameDeepMembers(states.map((l) => [l.jobId, l.state]), [["j-live", "in_flight"], ["j-gone", "done"], ["j-expired", "done"]])
        assert.strictEqual(Option.getOrThrow(yield* locks.lastRun("d-live")).state, "running")
      })
    ))

  it.scoped("Repeat all runs: one running per message; a stop leaves it running until the next start interrupts it", () =>
    withFreshStore(
      Effect.gen(function*() {
        const locks = yield* RepeatLocks
        const start = (id: string, userId: string) =>
          Effect.map(locks.startRun({ id, messageId: "d-1", userId, total: 60 }), (r) => r._tag)
        assert.strictEqual(yield* start("run-1", "U1"), "Started")
        assert.strictEqual(yield* start("run-2", "U2"), "Running")
        assert.deepStrictEqual((yield* locks.interruptAbandonedRuns).map((r) => [r.id, r.state, r.total]), [["run-1", "interrupted", 60]])
        assert.strictEqual(yield* start("run-3", "U2"), "Started")
        yield* locks.finishRun("run-3")
        assert.deepStrictEqual((yield* locks.interruptAbandonedRuns).length, 0)
        assert.strictEqual(Option.getOrThrow(yield* locks.lastRun("d-1")).state, "done")
      })
    ))

  it.scoped("records a 500-job digest in one go (its jobs now seen by the channel) and unwatching drops the horizon", () =>
    withFreshStore(
      Effect.gen(function*() {
        const watches = yield* Watches
        const messages = yield* PostedMessages
        yield* watches.put({ channel: "C1", recipeId: 2, intervalMs: 60_000, by: null, replace: true })
        const jobs = Array.from({ length: 500 }, (_, i) => ({ recipeId: 2, jobId: `j-${i}`, masterJobId: `j-${i}`, repeatable: i % 2 === 0 }))
        yield* messages.record({ id: "d-2", kind: "digest", channel: "C1", ts: "2.0", viewer: null, blocks: [], text: "x", jobs })
        yield* watches.setHorizon("C1", 2, 499)
        const recorded = yield* messages.jobsOf("d-2")
        assert.strictEqual(recorded.length, 500)
        assert.deepStrictEqual(recorded.slice(0, 2).map((j) => j.repeatable), [true, false])
        assert.deepStrictEqual(yield* messages.unseen("C1", 2, ["j-1", "j-499", "j-500"]), ["j-500"])
        assert.deepStrictEqual(yield* messages.unseen("C2", 2, ["j-1"]), ["j-1"])
        assert.isTrue(Option.isSome(yield* messages.findById("d-2")))
        assert.isTrue(yield* watches.remove("C1", 2))
        assert.isFalse(yield* watches.remove("C1", 2))
        assert.isTrue(Option.isNone(yield* watches.horizon("C1", 2)))
        const kept = yield* watches.put({ channel: "C1", recipeId: 3, intervalMs: 60_000, by: null, replace: false })
        const again = yield* watches.put({ channel: "C1", recipeId: 3, intervalMs: 120_000, by: null, replace: false })
        assert.isTrue(kept.created)
        assert.isFalse(again.created)
        assert.strictEqual(again.watch.intervalMs, 60_000)
      })
    ))
})

describe("migrations", () => {
  it.scoped("a database made before the split (0001 only) upgrades in place and keeps its digests", () =>
    Effect.gen(function*() {
      const file = (yield* tempFile).replace("/nested/", "/")
      const onlyFirst = Effect.map(migrations, (all) => all.filter(([id]) => id === 1))
      yield* Effect.scoped(Effect.gen(function*() {
        const ctx = yield* Layer.build(SqliteClient.layer({ filename: file }))
        yield* Effect.provide(
          Effect.gen(function*() {
            yield* Migrator.make({})({ loader: onlyFirst })
            const sql = yield* SqlClient.SqlClient
            yield* sql`INSERT INTO posted_digests (key, kind, channel, ts, user_id, posted_at, blocks, text)
              VALUES ('d-old', 'digest', 'C1', '9.1', NULL, 5, '[{"type":"divider"}]', 'old')`
            yield* sql`INSERT INTO digest_jobs (digest_id, position, recipe_id, job_id, master_job_id, repeatable)
              VALUES (1, 0, 7, 'j-1', 'j-1', 1)`
          }),
          ctx
        )
      }))
      yield* withStore(
        { _tag: "Sqlite", filename: file },
        Effect.gen(function*() {
          const messages = yield* PostedMessages
          const found = Option.getOrThrow(yield* messages.findByTs("C1", "9.1"))
          assert.strictEqual(found.id, "d-old")
          assert.deepStrictEqual((yield* messages.content("d-old")).blocks, [{ type: "divider" }])
          assert.deepStrictEqual((yield* messages.jobsOf("d-old")).map((j) => [j.jobId, j.repeatable]), [["j-1", true]])
        })
      )
    }))
})
