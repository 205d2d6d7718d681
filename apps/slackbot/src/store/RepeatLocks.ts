/**
 * Repeat locks: one row per failed job (recipe, job id) the bot was asked to repeat, "in_flight"
 * while its repeat request may be on its way, then "done" with the outcome. The primary key is
 * what makes a failed job repeated at most once, whichever message, channel or view the click
 * came from and whoever clicked: the row is taken by one INSERT … ON CONFLICT DO NOTHING, so two
 * processes sharing the database (SQLite or PostgreSQL) cannot both take it.
 *
 * The key is the failed job, not its master job: Workato repeats master jobs, and a repeat that
 * fails again is a new failed job (new id, same master) that may be repeated again.
 */
import { SqlClient, SqlSchema } from "@effect/sql"
import { Clock, Data, Effect, Option, Schema } from "effect"
import { BigIntColumn, chunks } from "./columns.js"
import { dieOnStoreErrors } from "./orDie.js"

export const RepeatOutcomeKind = Schema.Literal("enqueued", "rejected", "unknown", "not_sent", "denied", "duplicate")
export type RepeatOutcomeKind = typeof RepeatOutcomeKind.Type

export class RepeatLock extends Schema.Class<RepeatLock>("RepeatLock")({
  recipeId: BigIntColumn,
  /** The failed job (what is repeated at most once). */
  jobId: Schema.String,
  /** What was sent to Workato for it. */
  masterJobId: Schema.String,
  /** The message (or command) the attempt came from. */
  source: Schema.String,
  state: Schema.Literal("in_flight", "done"),
  userId: Schema.String,
  outcome: Schema.NullOr(RepeatOutcomeKind),
  newJobId: Schema.NullOr(Schema.String),
  detail: Schema.NullOr(Schema.String),
  lockedAt: BigIntColumn,
  /** The Repeat-all run it was part of, if any. */
  runId: Schema.NullOr(Schema.String),
  /** The replica that took it (see replicaAlive). */
  holder: Schema.NullOr(Schema.String)
}) {}

export type LockResult = Data.TaggedEnum<{
  Acquired: {}
  Held: { readonly lock: RepeatLock }
}>
export const LockResult = Data.taggedEnum<LockResult>()

export interface LockKey {
  readonly recipeId: number
  readonly jobId: string
}

export interface LockRequest extends LockKey {
  readonly masterJobId: string
  readonly source: string
  readonly userId: string
  readonly runId?: string | undefined
  /** The replica taking it. */
  readonly holder?: string | undefined
}

/**
 * A Repeat all: one row per click that started one, "running" until it ends ("done"), or
 * "interrupted" when the bot stopped first. At most one runs per message at a time.
 */
export class RepeatRun extends Schema.Class<RepeatRun>("RepeatRun")({
  id: Schema.String,
  messageId: Schema.String,
  userId: Schema.String,
  state: Schema.Literal("running", "done", "interrupted"),
  total: BigIntColumn,
  startedAt: BigIntColumn,
  holder: Schema.NullOr(Schema.String)
}) {}

export type RunStart = Data.TaggedEnum<{
  Started: {}
  /** Another Repeat all of the same message is running. */
  Running: { readonly run: RepeatRun }
}>
export const RunStart = Data.taggedEnum<RunStart>()

const LOCK_COLUMNS = "recipe_id, job_id, master_job_id, source, state, user_id, outcome, new_job_id, detail, locked_at, run_id, holder"
const RUN_COLUMNS = "id, message_id, user_id, state, total, started_at, holder"

/**
 * Replicas prove they are alive with a lease named `replica:<id>` that they keep renewing
 * (replicas/heartbeat.ts). A row whose holder has no such unexpired lease was left by a
 * process that stopped or died; rows of live replicas are theirs to settle.
 */
export const replicaLeaseName = (replicaId: string) => `replica:${replicaId}`

const Key = Schema.Struct({ recipeId: Schema.Number, jobId: Schema.String })

/** What an attempt that certainly sent nothing leaves behind: the job may be tried again. */
const RETAKEABLE = "not_sent"

export class RepeatLocks extends Effect.Service<RepeatLocks>()("@workato-jobs/slackbot/RepeatLocks", {
  effect: Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient

    const find = SqlSchema.findOne({
      Request: Key,
      Result: RepeatLock,
      execute: ({ jobId, recipeId }) =>
        sql`SELECT ${sql.literal(LOCK_COLUMNS)} FROM repeat_claims WHERE recipe_id = ${recipeId} AND job_id = ${jobId}`
    })

    /**
     * Takes the lock of a failed job for one repeat attempt: free, or left by an attempt that
     * certainly sent nothing. Each statement is atomic on its own, so no transaction is needed.
     */
    const acquire = (input: LockRequest) =>
      Effect.gen(function*() {
        const lockedAt = yield* Clock.currentTimeMillis
        const runId = input.runId ?? null
        const holder = input.holder ?? null
        // Loops only if the row disappears between two statements (pruned meanwhile).
        for (;;) {
          const inserted = yield* sql<{ readonly jobId: string }>`INSERT INTO repeat_claims ${
            sql.insert({
              recipeId: input.recipeId,
              jobId: input.jobId,
              masterJobId: input.masterJobId,
              source: input.source,
              state: "in_flight",
              userId: input.userId,
              lockedAt,
              runId,
              holder
            })
          } ON CONFLICT (recipe_id, job_id) DO NOTHING RETURNING job_id`
          if (inserted.length > 0) return LockResult.Acquired()
          const retaken = yield* sql<{ readonly jobId: string }>`UPDATE repeat_claims SET
              master_job_id = ${input.masterJobId}, source = ${input.source}, state = 'in_flight', user_id = ${input.userId},
              outcome = NULL, new_job_id = NULL, detail = NULL, locked_at = ${lockedAt}, finished_at = NULL, run_id = ${runId},
              holder = ${holder}
            WHERE recipe_id = ${input.recipeId} AND job_id = ${input.jobId} AND state = 'done' AND outcome = ${RETAKEABLE}
            RETURNING job_id`
          if (retaken.length > 0) return LockResult.Acquired()
          const held = yield* find(input)
          if (Option.isSome(held)) return LockResult.Held({ lock: held.value })
        }
      })

    const finish = (input: LockKey & {
      readonly outcome: RepeatOutcomeKind
      readonly newJobId: string | null
      readonly detail: string | null
    }) =>
      Effect.flatMap(Clock.currentTimeMillis, (at) =>
        sql`UPDATE repeat_claims SET state = 'done', outcome = ${input.outcome}, new_job_id = ${input.newJobId},
          detail = ${input.detail}, finished_at = ${at}
          WHERE recipe_id = ${input.recipeId} AND job_id = ${input.jobId} AND state = 'in_flight'`)

    /** Gives back a lock whose request was certainly never sent: the job is repeatable again. */
    const release = (key: LockKey) =>
      sql`DELETE FROM repeat_claims WHERE recipe_id = ${key.recipeId} AND job_id = ${key.jobId} AND state = 'in_flight'`

    /** SQL: the row's holder (column `holder` of `table`) has no live replica lease at `now`. */
    const holderGone = (table: "repeat_claims" | "repeat_runs", now: number) =>
      sql`NOT EXISTS (SELECT 1 FROM leases l WHERE l.name = 'replica:' || ${sql.literal(table)}.holder
        AND l.holder = ${sql.literal(table)}.holder AND l.expires_at > ${now})`

    /**
     * A lock still in flight whose replica is gone (stopped or died while its request may have
     * been on its way): whether Workato received it cannot be known, so it becomes "unknown",
     * never retried. Locks of live replicas are left to them.
     */
    const settleAbandoned = Effect.gen(function*() {
      const at = yield* Clock.currentTimeMillis
      const rows = yield* sql<{ readonly jobId: string }>`UPDATE repeat_claims SET state = 'done', outcome = 'unknown',
        detail = 'the bot stopped while this repeat was in flight', finished_at = ${at}
        WHERE state = 'in_flight' AND ${holderGone("repeat_claims", at)} RETURNING job_id`
      return rows.length
    })

    const decodeLocks = Schema.decodeUnknown(Schema.Array(RepeatLock))

    /** The locks of these failed jobs of one recipe that exist (one indexed lookup each). */
    const findAll = (recipeId: number, jobIds: ReadonlyArray<string>) =>
      Effect.flatMap(
        Effect.forEach(chunks(jobIds, 400), ([chunk]) =>
          sql`SELECT ${sql.literal(LOCK_COLUMNS)} FROM repeat_claims
            WHERE recipe_id = ${recipeId} AND ${sql.in("job_id", chunk)}`),
        (rows) => decodeLocks(rows.flat())
      )

    const startRun = (run: {
      readonly id: string
      readonly messageId: string
      readonly userId: string
      readonly total: number
      readonly holder?: string | undefined
    }) =>
      Effect.gen(function*() {
        const startedAt = yield* Clock.currentTimeMillis
        for (;;) {
          const inserted = yield* sql<{ readonly id: string }>`INSERT INTO repeat_runs ${
            sql.insert({ ...run, holder: run.holder ?? null, state: "running", startedAt })
          } ON CONFLICT DO NOTHING RETURNING id`
          if (inserted.length > 0) return RunStart.Started()
          const running = yield* findRunning(run.messageId)
          if (Option.isSome(running)) return RunStart.Running({ run: running.value })
        }
      })

    const findRunning = SqlSchema.findOne({
      Request: Schema.String,
      Result: RepeatRun,
      execute: (messageId) =>
        sql`SELECT ${sql.literal(RUN_COLUMNS)} FROM repeat_runs WHERE message_id = ${messageId} AND state = 'running'`
    })

    const lastRun = SqlSchema.findOne({
      Request: Schema.String,
      Result: RepeatRun,
      execute: (messageId) =>
        sql`SELECT ${sql.literal(RUN_COLUMNS)} FROM repeat_runs WHERE message_id = ${messageId}
          ORDER BY started_at DESC, id DESC LIMIT 1`
    })

    const finishRun = (id: string) =>
      Effect.flatMap(Clock.currentTimeMillis, (at) =>
        sql`UPDATE repeat_runs SET state = 'done', finished_at = ${at} WHERE id = ${id} AND state = 'running'`)

    const decodeRuns = Schema.decodeUnknown(Schema.Array(RepeatRun))

    /**
     * Runs left "running" by a replica that is gone become "interrupted" (each returned to
     * exactly one caller, however many replicas ask at once: one UPDATE … RETURNING).
     */
    const interruptAbandonedRuns = Effect.gen(function*() {
      const at = yield* Clock.currentTimeMillis
      const rows = yield* sql`UPDATE repeat_runs SET state = 'interrupted', finished_at = ${at}
        WHERE state = 'running' AND ${holderGone("repeat_runs", at)} RETURNING ${sql.literal(RUN_COLUMNS)}`
      return yield* decodeRuns(rows)
    })

    return dieOnStoreErrors({
      find: (recipeId: number, jobId: string) => find({ recipeId, jobId }),
      findAll,
      acquire,
      finish,
      release,
      settleAbandoned,
      startRun,
      finishRun,
      lastRun,
      interruptAbandonedRuns
    })
  })
}) {}
