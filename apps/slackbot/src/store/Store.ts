/**
 * Store: the bot's durable state (watches, digest cursors, posted digests, repeat locks, audit
 * log) behind typed methods. SQL stays in this file; callers never see rows or SqlErrors (a
 * broken database is an operational defect, not something a Slack user can act on).
 */
import { SqlClient } from "@effect/sql"
import { Array as Arr, Clock, Effect, Option } from "effect"

export interface Watch {
  readonly channel: string
  readonly recipeId: number
  readonly intervalMs: number
}

/** Where the next digest of a watch starts: after a job id, or (none seen yet) at a time. */
export type Cursor =
  | { readonly _tag: "AfterJob"; readonly jobId: string }
  | { readonly _tag: "Since"; readonly millis: number }

export interface DigestJob {
  readonly recipeId: number
  readonly jobId: string
  readonly masterJobId: string
  readonly repeatable: boolean
}

/** "digest": posted in a channel (has a ts); "failures"/"job": ephemeral answers (have a viewer). */
export type DigestKind = "digest" | "failures" | "job"

export interface PostedDigest {
  readonly id: number
  /** The value of its "Repeat all" button. */
  readonly key: string
  readonly kind: DigestKind
  readonly channel: string
  readonly ts: string | null
  /** Who sees it, for ephemeral messages. */
  readonly userId: string | null
  readonly text: string
}

/** A posted message's current content (loaded apart: a click needs it only to edit). */
export interface DigestContent {
  readonly blocks: ReadonlyArray<unknown>
  readonly text: string
}

export type RepeatOutcomeKind = "enqueued" | "rejected" | "unknown" | "not_sent" | "denied" | "duplicate"

export interface RepeatLock {
  readonly recipeId: number
  readonly masterJobId: string
  /** The message (or command) the attempt came from. */
  readonly source: string
  readonly state: "in_flight" | "done"
  readonly userId: string
  readonly outcome: RepeatOutcomeKind | null
  readonly newJobId: string | null
  readonly detail: string | null
  readonly lockedAt: number
}

export interface AuditEntry {
  readonly at: number
  readonly userId: string
  readonly recipeId: number
  readonly jobId: string
  readonly source: "button" | "repeat_all" | "command"
  readonly outcome: RepeatOutcomeKind
  readonly newJobId: string | null
  readonly detail: string | null
}

/**
 * How a lock is taken:
 * - "click": a button. Refused while in flight, and once done for the same source message
 *   (a double click, by one person or two, or a click on a stale copy), unless the last
 *   attempt was certainly not sent. A later message showing the job failed again (a new
 *   failure of the same master job) is a new source, so it can be repeated again.
 * - "command": `/workato repeat`, an explicit request. Refused only while in flight.
 */
export type LockMode = "click" | "command"

export type LockResult =
  | { readonly _tag: "Acquired" }
  | { readonly _tag: "Held"; readonly lock: RepeatLock }

interface LockRow {
  recipe_id: number
  master_job_id: string
  source: string
  state: "in_flight" | "done"
  user_id: string
  outcome: RepeatOutcomeKind | null
  new_job_id: string | null
  detail: string | null
  locked_at: number
}

const toLock = (row: LockRow): RepeatLock => ({
  recipeId: row.recipe_id,
  masterJobId: row.master_job_id,
  source: row.source,
  state: row.state,
  userId: row.user_id,
  outcome: row.outcome,
  newJobId: row.new_job_id,
  detail: row.detail,
  lockedAt: row.locked_at
})

export class Store extends Effect.Service<Store>()("@workato-jobs/slackbot/Store", {
  effect: Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const now = Clock.currentTimeMillis
    const tx = <A, E, R>(self: Effect.Effect<A, E, R>) => sql.withTransaction(self)

    // ---- watches -------------------------------------------------------------------------

    const listWatches = Effect.map(
      sql<{ channel: string; recipe_id: number; interval_ms: number }>`
        SELECT channel, recipe_id, interval_ms FROM watches ORDER BY channel, recipe_id`,
      Arr.map((r): Watch => ({ channel: r.channel, recipeId: r.recipe_id, intervalMs: r.interval_ms }))
    )

    const watchesIn = (channel: string) =>
      Effect.map(
        sql<{ channel: string; recipe_id: number; interval_ms: number }>`
          SELECT channel, recipe_id, interval_ms FROM watches WHERE channel = ${channel} ORDER BY recipe_id`,
        Arr.map((r): Watch => ({ channel: r.channel, recipeId: r.recipe_id, intervalMs: r.interval_ms }))
      )

    const findWatch = (channel: string, recipeId: number) =>
      Effect.map(
        sql<{ interval_ms: number }>`
          SELECT interval_ms FROM watches WHERE channel = ${channel} AND recipe_id = ${recipeId}`,
        (rows) => Option.map(Arr.head(rows), (r): Watch => ({ channel, recipeId, intervalMs: r.interval_ms }))
      )

    /** A channel's watches with who added them and when each last had a digest posted. */
    const watchDetails = (channel: string) =>
      Effect.map(
        sql<{ recipe_id: number; interval_ms: number; created_by: string | null; last_at: number | null }>`
          SELECT w.recipe_id, w.interval_ms, w.created_by,
            (SELECT MAX(d.posted_at) FROM posted_digests d JOIN digest_jobs j ON j.digest_id = d.id
              WHERE d.channel = w.channel AND d.kind = 'digest' AND j.recipe_id = w.recipe_id) AS last_at
          FROM watches w WHERE w.channel = ${channel} ORDER BY w.recipe_id`,
        Arr.map((r) => ({
          recipeId: r.recipe_id,
          intervalMs: r.interval_ms,
          addedBy: r.created_by,
          lastDigestAt: r.last_at
        }))
      )

    /** Adds or re-times a watch. `replace: false` keeps an existing one as it is (WORKATO_WATCH). */
    const putWatch = (watch: Watch & { readonly by: string | null; readonly replace: boolean }) =>
      Effect.gen(function*() {
        const at = yield* now
        const existing = yield* findWatch(watch.channel, watch.recipeId)
        if (Option.isSome(existing) && !watch.replace) return { created: false, watch: existing.value }
        yield* sql`INSERT INTO watches (channel, recipe_id, interval_ms, created_by, created_at)
          VALUES (${watch.channel}, ${watch.recipeId}, ${watch.intervalMs}, ${watch.by}, ${at})
          ON CONFLICT (channel, recipe_id) DO UPDATE SET interval_ms = excluded.interval_ms`
        return {
          created: Option.isNone(existing),
          watch: { channel: watch.channel, recipeId: watch.recipeId, intervalMs: watch.intervalMs } as Watch
        }
      }).pipe(tx)

    /** Removes a watch and its cursor; false when there was none. */
    const removeWatch = (channel: string, recipeId: number) =>
      Effect.gen(function*() {
        const existing = yield* findWatch(channel, recipeId)
        yield* sql`DELETE FROM watches WHERE channel = ${channel} AND recipe_id = ${recipeId}`
        yield* sql`DELETE FROM digest_cursors WHERE channel = ${channel} AND recipe_id = ${recipeId}`
        return Option.isSome(existing)
      }).pipe(tx)

    // ---- digest cursors ------------------------------------------------------------------

    const getCursor = (channel: string, recipeId: number) =>
      Effect.map(
        sql<{ last_job_id: string | null; since_ms: number | null }>`
          SELECT last_job_id, since_ms FROM digest_cursors WHERE channel = ${channel} AND recipe_id = ${recipeId}`,
        (rows) =>
          Option.flatMap(Arr.head(rows), (r): Option.Option<Cursor> =>
            r.last_job_id !== null
              ? Option.some({ _tag: "AfterJob", jobId: r.last_job_id })
              : r.since_ms !== null
              ? Option.some({ _tag: "Since", millis: r.since_ms })
              : Option.none())
      )

    const setCursor = (channel: string, recipeId: number, cursor: Cursor) =>
      Effect.gen(function*() {
        const at = yield* now
        const lastJobId = cursor._tag === "AfterJob" ? cursor.jobId : null
        const since = cursor._tag === "Since" ? cursor.millis : null
        yield* sql`INSERT INTO digest_cursors (channel, recipe_id, last_job_id, since_ms, updated_at)
          VALUES (${channel}, ${recipeId}, ${lastJobId}, ${since}, ${at})
          ON CONFLICT (channel, recipe_id) DO UPDATE SET
            last_job_id = excluded.last_job_id, since_ms = excluded.since_ms, updated_at = excluded.updated_at`
      })

    // ---- posted digests ------------------------------------------------------------------

    /**
     * Records a message Slack accepted and, in the same transaction, advances the cursors of
     * the watches it covered: either both happen or neither (a restart then re-posts, never skips).
     */
    const recordDigest = (input: {
      readonly key: string
      readonly kind: DigestKind
      readonly channel: string
      readonly ts: string | null
      readonly userId: string | null
      readonly blocks: ReadonlyArray<unknown>
      readonly text: string
      readonly jobs: ReadonlyArray<DigestJob>
      readonly cursors: ReadonlyArray<{ readonly recipeId: number; readonly cursor: Cursor }>
    }) =>
      Effect.gen(function*() {
        const at = yield* now
        const rows = yield* sql<{ id: number }>`
          INSERT INTO posted_digests (key, kind, channel, ts, user_id, posted_at, blocks, text)
          VALUES (${input.key}, ${input.kind}, ${input.channel}, ${input.ts}, ${input.userId}, ${at},
            ${JSON.stringify(input.blocks)}, ${input.text})
          RETURNING id`
        const id = rows[0]!.id
        // Chunked: SQLite caps the number of bound parameters per statement.
        for (const [chunk, offset] of chunks(input.jobs, 150)) {
          yield* sql`INSERT INTO digest_jobs ${
            sql.insert(chunk.map((job, i) => ({
              digest_id: id,
              position: offset + i,
              recipe_id: job.recipeId,
              job_id: job.jobId,
              master_job_id: job.masterJobId,
              repeatable: job.repeatable ? 1 : 0
            })))
          } ON CONFLICT DO NOTHING`
        }
        for (const { cursor, recipeId } of input.cursors) yield* setCursor(input.channel, recipeId, cursor)
        return id
      }).pipe(tx)

    interface DigestRow {
      id: number
      key: string
      kind: DigestKind
      channel: string
      ts: string | null
      user_id: string | null
      text: string
    }
    const toDigest = (r: DigestRow): PostedDigest => ({
      id: r.id,
      key: r.key,
      kind: r.kind,
      channel: r.channel,
      ts: r.ts,
      userId: r.user_id,
      text: r.text
    })
    // Without `blocks`: up to ~30 KB of JSON that most lookups (every click) do not need.
    const digestColumns = sql.literal("id, key, kind, channel, ts, user_id, text")

    const findDigest = (channel: string, ts: string) =>
      Effect.map(
        sql<DigestRow>`SELECT ${digestColumns} FROM posted_digests WHERE channel = ${channel} AND ts = ${ts}`,
        (rows) => Option.map(Arr.head(rows), toDigest)
      )

    const findDigestByKey = (key: string) =>
      Effect.map(
        sql<DigestRow>`SELECT ${digestColumns} FROM posted_digests WHERE key = ${key}`,
        (rows) => Option.map(Arr.head(rows), toDigest)
      )

    const digestContent = (digestId: number) =>
      Effect.map(
        sql<{ blocks: string; text: string }>`SELECT blocks, text FROM posted_digests WHERE id = ${digestId}`,
        (rows): DigestContent => ({
          blocks: rows[0] === undefined ? [] : (JSON.parse(rows[0].blocks) as ReadonlyArray<unknown>),
          text: rows[0]?.text ?? ""
        })
      )

    /** The newest ephemeral lists shown to `userId` in `channel`, with their content. */
    const ephemeralViews = (channel: string, userId: string, limit: number) =>
      Effect.map(
        sql<DigestRow & { blocks: string }>`SELECT ${digestColumns}, blocks FROM posted_digests
          WHERE channel = ${channel} AND user_id = ${userId} AND ts IS NULL ORDER BY id DESC LIMIT ${limit}`,
        Arr.map((r) => ({ ...toDigest(r), blocks: JSON.parse(r.blocks) as ReadonlyArray<unknown> }))
      )

    const digestJobs = (digestId: number) =>
      Effect.map(
        sql<{ recipe_id: number; job_id: string; master_job_id: string; repeatable: number }>`
          SELECT recipe_id, job_id, master_job_id, repeatable FROM digest_jobs
          WHERE digest_id = ${digestId} ORDER BY position`,
        Arr.map((r): DigestJob => ({
          recipeId: r.recipe_id,
          jobId: r.job_id,
          masterJobId: r.master_job_id,
          repeatable: r.repeatable === 1
        }))
      )

    /** Was this job already part of a digest in this channel? (guards against re-posting) */
    const postedJobIds = (channel: string, recipeId: number, jobIds: ReadonlyArray<string>) =>
      jobIds.length === 0
        ? Effect.succeed(new Set<string>())
        : Effect.map(
          Effect.forEach(chunks(jobIds, 400), ([chunk]) =>
            sql<{ job_id: string }>`SELECT DISTINCT j.job_id FROM digest_jobs j
              JOIN posted_digests d ON d.id = j.digest_id
              WHERE d.channel = ${channel} AND d.kind = 'digest' AND j.recipe_id = ${recipeId}
                AND ${sql.in("j.job_id", chunk)}`),
          (results) => new Set(results.flat().map((r) => r.job_id))
        )

    const saveDigestBlocks = (digestId: number, blocks: ReadonlyArray<unknown>, text: string) =>
      sql`UPDATE posted_digests SET blocks = ${JSON.stringify(blocks)}, text = ${text} WHERE id = ${digestId}`.pipe(
        Effect.asVoid
      )

    const countDigests = (channel?: string) =>
      Effect.map(
        channel === undefined
          ? sql<{ n: number }>`SELECT COUNT(*) AS n FROM posted_digests`
          : sql<{ n: number }>`SELECT COUNT(*) AS n FROM posted_digests WHERE channel = ${channel}`,
        (rows) => rows[0]?.n ?? 0
      )

    // ---- repeat locks --------------------------------------------------------------------

    const findLock = (recipeId: number, masterJobId: string) =>
      Effect.map(
        sql<LockRow>`SELECT * FROM repeat_locks WHERE recipe_id = ${recipeId} AND master_job_id = ${masterJobId}`,
        (rows) => Option.map(Arr.head(rows), toLock)
      )

    /** Takes the lock of (recipe, master job) for one repeat attempt; see LockMode. */
    const acquireRepeat = (input: {
      readonly recipeId: number
      readonly masterJobId: string
      readonly source: string
      readonly userId: string
      readonly mode: LockMode
    }) =>
      Effect.gen(function*() {
        const at = yield* now
        const existing = yield* findLock(input.recipeId, input.masterJobId)
        if (Option.isSome(existing)) {
          const lock = existing.value
          const held = lock.state === "in_flight" ||
            (input.mode === "click" && lock.source === input.source && lock.outcome !== "not_sent")
          if (held) return { _tag: "Held", lock } as LockResult
        }
        yield* sql`INSERT INTO repeat_locks (recipe_id, master_job_id, source, state, user_id, locked_at)
          VALUES (${input.recipeId}, ${input.masterJobId}, ${input.source}, 'in_flight', ${input.userId}, ${at})
          ON CONFLICT (recipe_id, master_job_id) DO UPDATE SET
            source = excluded.source, state = 'in_flight', user_id = excluded.user_id,
            outcome = NULL, new_job_id = NULL, detail = NULL, locked_at = excluded.locked_at, finished_at = NULL`
        return { _tag: "Acquired" } as LockResult
      }).pipe(tx)

    const finishRepeat = (input: {
      readonly recipeId: number
      readonly masterJobId: string
      readonly outcome: RepeatOutcomeKind
      readonly newJobId: string | null
      readonly detail: string | null
    }) =>
      Effect.gen(function*() {
        const at = yield* now
        yield* sql`UPDATE repeat_locks SET state = 'done', outcome = ${input.outcome}, new_job_id = ${input.newJobId},
          detail = ${input.detail}, finished_at = ${at}
          WHERE recipe_id = ${input.recipeId} AND master_job_id = ${input.masterJobId}`
      })

    /**
     * At start-up: a lock still in flight belongs to a process that died mid-repeat. Whether
     * Workato received that request cannot be known, so it becomes "unknown", never retried.
     */
    const settleAbandonedLocks = Effect.gen(function*() {
      const at = yield* now
      const rows = yield* sql<{ n: number }>`SELECT COUNT(*) AS n FROM repeat_locks WHERE state = 'in_flight'`
      yield* sql`UPDATE repeat_locks SET state = 'done', outcome = 'unknown',
        detail = 'the bot stopped while this repeat was in flight', finished_at = ${at}
        WHERE state = 'in_flight'`
      return rows[0]?.n ?? 0
    })

    // ---- audit log -----------------------------------------------------------------------

    const audit = (entry: Omit<AuditEntry, "at">) =>
      Effect.gen(function*() {
        const at = yield* now
        yield* sql`INSERT INTO audit_log (at, user_id, recipe_id, job_id, source, outcome, new_job_id, detail)
          VALUES (${at}, ${entry.userId}, ${entry.recipeId}, ${entry.jobId}, ${entry.source}, ${entry.outcome},
            ${entry.newJobId}, ${entry.detail})`
      })

    const auditLog = Effect.map(
      sql<{
        at: number
        user_id: string
        recipe_id: number
        job_id: string
        source: AuditEntry["source"]
        outcome: RepeatOutcomeKind
        new_job_id: string | null
        detail: string | null
      }>`SELECT * FROM audit_log ORDER BY id`,
      Arr.map((r): AuditEntry => ({
        at: r.at,
        userId: r.user_id,
        recipeId: r.recipe_id,
        jobId: r.job_id,
        source: r.source,
        outcome: r.outcome,
        newJobId: r.new_job_id,
        detail: r.detail
      }))
    )

    const die = <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.orDie(self)
    return {
      listWatches: die(listWatches),
      watchesIn: (channel: string) => die(watchesIn(channel)),
      findWatch: (channel: string, recipeId: number) => die(findWatch(channel, recipeId)),
      watchDetails: (channel: string) => die(watchDetails(channel)),
      putWatch: (watch: Parameters<typeof putWatch>[0]) => die(putWatch(watch)),
      removeWatch: (channel: string, recipeId: number) => die(removeWatch(channel, recipeId)),
      getCursor: (channel: string, recipeId: number) => die(getCursor(channel, recipeId)),
      setCursor: (channel: string, recipeId: number, cursor: Cursor) => die(setCursor(channel, recipeId, cursor)),
      recordDigest: (input: Parameters<typeof recordDigest>[0]) => die(recordDigest(input)),
      findDigest: (channel: string, ts: string) => die(findDigest(channel, ts)),
      findDigestByKey: (key: string) => die(findDigestByKey(key)),
      digestContent: (digestId: number) => die(digestContent(digestId)),
      ephemeralViews: (channel: string, userId: string, limit = 20) => die(ephemeralViews(channel, userId, limit)),
      postedJobIds: (channel: string, recipeId: number, jobIds: ReadonlyArray<string>) =>
        die(postedJobIds(channel, recipeId, jobIds)),
      digestJobs: (digestId: number) => die(digestJobs(digestId)),
      saveDigestBlocks: (digestId: number, blocks: ReadonlyArray<unknown>, text: string) =>
        die(saveDigestBlocks(digestId, blocks, text)),
      countDigests: (channel?: string) => die(countDigests(channel)),
      findLock: (recipeId: number, masterJobId: string) => die(findLock(recipeId, masterJobId)),
      acquireRepeat: (input: Parameters<typeof acquireRepeat>[0]) => die(acquireRepeat(input)),
      finishRepeat: (input: Parameters<typeof finishRepeat>[0]) => die(finishRepeat(input)),
      settleAbandonedLocks: die(settleAbandonedLocks),
      audit: (entry: Omit<AuditEntry, "at">) => die(audit(entry)),
      auditLog: die(auditLog)
    } as const
  })
}) {}

function* chunks<A>(items: ReadonlyArray<A>, size: number): Generator<readonly [ReadonlyArray<A>, number]> {
  for (let i = 0; i < items.length; i += size) yield [items.slice(i, i + size), i] as const
}
