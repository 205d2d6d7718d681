/**
 * The audit log: every repeat attempt — who, when, what, and what Workato said — and every
 * denied request (repeats, watch, unwatch, digest). A denial that names no job has job id "".
 */
import { SqlClient, SqlSchema } from "@effect/sql"
import { Clock, Effect, Schema } from "effect"
import { BigIntColumn } from "./columns.js"
import { dieOnStoreErrors } from "./orDie.js"
import { RepeatOutcomeKind } from "./RepeatLocks.js"

export class AuditEntry extends Schema.Class<AuditEntry>("AuditEntry")({
  at: BigIntColumn,
  userId: Schema.String,
  recipeId: BigIntColumn,
  jobId: Schema.String,
  /** What was asked: a repeat (button, Repeat all, command), or a change of what a channel is sent. */
  source: Schema.Literal("button", "repeat_all", "command", "watch", "unwatch", "digest"),
  outcome: RepeatOutcomeKind,
  newJobId: Schema.NullOr(Schema.String),
  detail: Schema.NullOr(Schema.String)
}) {}

export class AuditLog extends Effect.Service<AuditLog>()("@workato-jobs/slackbot/AuditLog", {
  effect: Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient

    const record = (entry: Omit<AuditEntry, "at">) =>
      Effect.flatMap(Clock.currentTimeMillis, (at) =>
        sql`INSERT INTO audit_log ${
          sql.insert({
            at,
            userId: entry.userId,
            recipeId: entry.recipeId,
            jobId: entry.jobId,
            source: entry.source,
            outcome: entry.outcome,
            newJobId: entry.newJobId,
            detail: entry.detail
          })
        }`)

    const entries = SqlSchema.findAll({
      Request: Schema.Void,
      Result: AuditEntry,
      execute: () =>
        sql`SELECT at, user_id, recipe_id, job_id, source, outcome, new_job_id, detail FROM audit_log ORDER BY id`
    })

    return dieOnStoreErrors({ record, entries: entries(undefined) })
  })
}) {}
