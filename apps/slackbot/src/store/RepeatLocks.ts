/**
 * Repeat locks: one row per (recipe, master job), "in_flight" while a repeat runs, then "done"
 * with its outcome. The primary key is what makes two clicks repeat a job once.
 */
import { SqlClient, SqlSchema } from "@effect/sql"
import { Clock, Data, Effect, Option, Schema } from "effect"
import { BigIntColumn } from "./columns.js"
import { dieOnStoreErrors } from "./orDie.js"

export const RepeatOutcomeKind = Schema.Literal("enqueued", "rejected", "unknown", "not_sent", "denied", "duplicate")
export type RepeatOutcomeKind = typeof RepeatOutcomeKind.Type

export class RepeatLock extends Schema.Class<RepeatLock>("RepeatLock")({
  recipeId: BigIntColumn,
  masterJobId: Schema.String,
  /** The message (or command) the attempt came from. */
  source: Schema.String,
  state: Schema.Literal("in_flight", "done"),
  userId: Schema.String,
  outcome: Schema.NullOr(RepeatOutcomeKind),
  newJobId: Schema.NullOr(Schema.String),
  detail: Schema.NullOr(Schema.String),
  lockedAt: BigIntColumn
}) {}

/**
 * How a lock is taken:
 * - "click": a button. Refused while in flight, and once done for the same source message
 *   (a double click, by one person or two, or a click on a stale copy), unless the last
 *   attempt was certainly not sent. A later message showing the job failed again (a new
 *   failure of the same master job) is a new source, so it can be repeated again.
 * - "command": `/workato repeat`, an explicit request. Refused only while in flight.
 */
export type LockMode = "click" | "command"

export type LockResult = Data.TaggedEnum<{
  Acquired: {}
  Held: { readonly lock: RepeatLock }
}>
export const LockResult = Data.taggedEnum<LockResult>()

const Key = Schema.Struct({ recipeId: Schema.Number, masterJobId: Schema.String })

export class RepeatLocks extends Effect.Service<RepeatLocks>()("@workato-jobs/slackbot/RepeatLocks", {
  effect: Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient

    const find = SqlSchema.findOne({
      Request: Key,
      Result: RepeatLock,
      execute: ({ masterJobId, recipeId }) =>
        sql`SELECT recipe_id, master_job_id, source, state, user_id, outcome, new_job_id, detail, locked_at
          FROM repeat_locks WHERE recipe_id = ${recipeId} AND master_job_id = ${masterJobId}`
    })

    /** Takes the lock of (recipe, master job) for one repeat attempt; see LockMode. */
    const acquire = (input: {
      readonly recipeId: number
      readonly masterJobId: string
      readonly source: string
      readonly userId: string
      readonly mode: LockMode
    }) =>
      Effect.gen(function*() {
        const lockedAt = yield* Clock.currentTimeMillis
        const existing = yield* find(input)
        if (Option.isSome(existing)) {
          const lock = existing.value
          const held = lock.state === "in_flight" ||
            (input.mode === "click" && lock.source === input.source && lock.outcome !== "not_sent")
          if (held) return LockResult.Held({ lock })
        }
        yield* sql`INSERT INTO repeat_locks ${
          sql.insert({
            recipeId: input.recipeId,
            masterJobId: input.masterJobId,
            source: input.source,
            state: "in_flight",
            userId: input.userId,
            lockedAt
          })
        } ON CONFLICT (recipe_id, master_job_id) DO UPDATE SET
            source = excluded.source, state = 'in_flight', user_id = excluded.user_id,
            outcome = NULL, new_job_id = NULL, detail = NULL, locked_at = excluded.locked_at, finished_at = NULL`
        return LockResult.Acquired()
      }).pipe(sql.withTransaction)

    const finish = (input: {
      readonly recipeId: number
      readonly masterJobId: string
      readonly outcome: RepeatOutcomeKind
      readonly newJobId: string | null
      readonly detail: string | null
    }) =>
      Effect.flatMap(Clock.currentTimeMillis, (at) =>
        sql`UPDATE repeat_locks SET state = 'done', outcome = ${input.outcome}, new_job_id = ${input.newJobId},
          detail = ${input.detail}, finished_at = ${at}
          WHERE recipe_id = ${input.recipeId} AND master_job_id = ${input.masterJobId}`)

    /**
     * At start-up: a lock still in flight belongs to a process that died mid-repeat. Whether
     * Workato received that request cannot be known, so it becomes "unknown", never retried.
     */
    const settleAbandoned = Effect.gen(function*() {
      const at = yield* Clock.currentTimeMillis
      const rows = yield* sql<{ readonly n: number }>`SELECT COUNT(*) AS n FROM repeat_locks WHERE state = 'in_flight'`
      yield* sql`UPDATE repeat_locks SET state = 'done', outcome = 'unknown',
        detail = 'the bot stopped while this repeat was in flight', finished_at = ${at}
        WHERE state = 'in_flight'`
      return Number(rows[0]?.n ?? 0)
    }).pipe(sql.withTransaction)

    return dieOnStoreErrors({
      find: (recipeId: number, masterJobId: string) => find({ recipeId, masterJobId }),
      acquire,
      finish,
      settleAbandoned
    })
  })
}) {}
