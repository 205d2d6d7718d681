import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Option } from "effect"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { databaseLayer } from "../src/store/database.js"
import { Store } from "../src/store/Store.js"

const storeAt = (file: string) => Store.Default.pipe(Layer.provide(databaseLayer(file)))

/** Runs `use` against a fresh Store on `file`, closing the database afterwards. */
const withStore = <A, E>(file: string, use: Effect.Effect<A, E, Store>) =>
  Effect.scoped(Layer.build(storeAt(file)).pipe(Effect.flatMap((ctx) => Effect.provide(use, ctx))))

const tempFile = Effect.acquireRelease(
  Effect.sync(() => mkdtempSync(join(tmpdir(), "slackbot-store-"))),
  (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
).pipe(Effect.map((dir) => join(dir, "nested", "bot.db")))

/** Runs `use` against a Store on a new file in a temp dir. */
const withFreshStore = <A, E>(use: Effect.Effect<A, E, Store>) => Effect.flatMap(tempFile, (file) => withStore(file, use))

describe("Store", () => {
  it.scoped("keeps watches, cursors, digests, locks and the audit log across a reopen", () =>
    Effect.gen(function*() {
      const file = yield* tempFile
      yield* withStore(
        file,
        Effect.gen(function*() {
          const store = yield* Store
          const put = yield* store.putWatch({ channel: "C1", recipeId: 7, intervalMs: 60_000, by: "U1", replace: true })
          assert.isTrue(put.created)
          yield* store.setCursor("C1", 7, { _tag: "Since", millis: 1000 })
          yield* store.recordDigest({
            key: "d-1",
            kind: "digest",
            channel: "C1",
            ts: "1.000001",
            userId: null,
            blocks: [{ type: "section" }],
            text: "1 failed job",
            jobs: [{ recipeId: 7, jobId: "j-a", masterJobId: "j-a", repeatable: true }],
            cursors: [{ recipeId: 7, cursor: { _tag: "AfterJob", jobId: "j-a" } }]
          })
          const lock = yield* store.acquireRepeat({ recipeId: 7, masterJobId: "j-a", source: "C1:1.000001", userId: "U1", mode: "click" })
          assert.strictEqual(lock._tag, "Acquired")
          yield* store.audit({ userId: "U1", recipeId: 7, jobId: "j-a", source: "button", outcome: "enqueued", newJobId: "j-b", detail: null })
        })
      )
      yield* withStore(
        file,
        Effect.gen(function*() {
          const store = yield* Store
          assert.deepStrictEqual(yield* store.listWatches, [{ channel: "C1", recipeId: 7, intervalMs: 60_000 }])
          assert.deepStrictEqual(yield* store.getCursor("C1", 7), Option.some({ _tag: "AfterJob", jobId: "j-a" } as const))
          const digest = yield* store.findDigest("C1", "1.000001")
          assert.isTrue(Option.isSome(digest))
          const jobs = yield* store.digestJobs(Option.getOrThrow(digest).id)
          assert.deepStrictEqual(jobs.map((j) => j.jobId), ["j-a"])
          // The process that held the lock is gone: its repeat becomes "unknown", never retried.
          assert.strictEqual(yield* store.settleAbandonedLocks, 1)
          const again = yield* store.acquireRepeat({ recipeId: 7, masterJobId: "j-a", source: "C1:1.000001", userId: "U2", mode: "click" })
          assert.strictEqual(again._tag, "Held")
          assert.strictEqual((yield* store.auditLog).length, 1)
        })
      )
    }))

  it.scoped("a lock repeats a job once per click, but lets a later failure of it be repeated", () =>
    withFreshStore(
      Effect.gen(function*() {
        const store = yield* Store
        const take = (source: string, userId: string, mode: "click" | "command" = "click") =>
          Effect.map(store.acquireRepeat({ recipeId: 1, masterJobId: "j-m", source, userId, mode }), (r) => r._tag)
        assert.strictEqual(yield* take("msg-1", "U1"), "Acquired")
        assert.strictEqual(yield* take("msg-1", "U2"), "Held") // in flight
        assert.strictEqual(yield* take("msg-1", "U2", "command"), "Held") // in flight, even for a command
        yield* store.finishRepeat({ recipeId: 1, masterJobId: "j-m", outcome: "enqueued", newJobId: "j-r1", detail: null })
        assert.strictEqual(yield* take("msg-1", "U2"), "Held") // same message clicked again later
        assert.strictEqual(yield* take("msg-2", "U2"), "Acquired") // the repeat failed too: a later digest shows it
        yield* store.finishRepeat({ recipeId: 1, masterJobId: "j-m", outcome: "not_sent", newJobId: null, detail: "rate limited" })
        assert.strictEqual(yield* take("msg-2", "U1"), "Acquired") // nothing reached Workato: may try again
        yield* store.finishRepeat({ recipeId: 1, masterJobId: "j-m", outcome: "unknown", newJobId: null, detail: "timeout" })
        assert.strictEqual(yield* take("msg-2", "U1"), "Held") // unknown: never again by a click
        assert.strictEqual(yield* take("msg-2", "U1", "command"), "Acquired") // an explicit command may
      })
    ))

  it.scoped("records a 500-job digest in one go and unwatching drops the cursor", () =>
    withFreshStore(
      Effect.gen(function*() {
        const store = yield* Store
        yield* store.putWatch({ channel: "C1", recipeId: 2, intervalMs: 60_000, by: null, replace: true })
        const jobs = Array.from({ length: 500 }, (_, i) => ({ recipeId: 2, jobId: `j-${i}`, masterJobId: `j-${i}`, repeatable: i % 2 === 0 }))
        const id = yield* store.recordDigest({
          key: "d-2",
          kind: "digest",
          channel: "C1",
          ts: "2.0",
          userId: null,
          blocks: [],
          text: "x",
          jobs,
          cursors: [{ recipeId: 2, cursor: { _tag: "AfterJob", jobId: "j-499" } }]
        })
        assert.strictEqual((yield* store.digestJobs(id)).length, 500)
        const posted = yield* store.postedJobIds("C1", 2, ["j-1", "j-499", "j-500"])
        assert.deepStrictEqual([...posted].sort(), ["j-1", "j-499"])
        assert.isTrue(Option.isSome(yield* store.findDigestByKey("d-2")))
        assert.isTrue(yield* store.removeWatch("C1", 2))
        assert.isFalse(yield* store.removeWatch("C1", 2))
        assert.isTrue(Option.isNone(yield* store.getCursor("C1", 2)))
        const kept = yield* store.putWatch({ channel: "C1", recipeId: 3, intervalMs: 60_000, by: null, replace: false })
        const again = yield* store.putWatch({ channel: "C1", recipeId: 3, intervalMs: 120_000, by: null, replace: false })
        assert.isTrue(kept.created)
        assert.isFalse(again.created)
        assert.strictEqual(again.watch.intervalMs, 60_000)
      })
    ))
})
