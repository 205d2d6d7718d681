/**
 * Posted messages: every message the bot showed with Repeat buttons — digests in a channel
 * (they have a ts) and the ephemeral answers of `/workato failures` and `/workato job` (they
 * have a viewer instead) — with their current blocks and the jobs they list. Updates start
 * from this copy, not from a click's payload, so concurrent clicks never undo each other,
 * and ephemeral clicks (which carry no message) still find theirs.
 */
import { SqlClient, SqlSchema } from "@effect/sql"
import { Clock, Effect, Option, Schema } from "effect"
import { BigIntColumn, BlocksJson, chunks, Flag } from "./columns.js"
import { dieOnStoreErrors } from "./orDie.js"

export const MessageKind = Schema.Literal("digest", "failures", "job")
/** "digest": posted in a channel; "failures" / "job": ephemeral answers to one viewer. */
export type MessageKind = typeof MessageKind.Type

export class MessageJob extends Schema.Class<MessageJob>("MessageJob")({
  recipeId: BigIntColumn,
  jobId: Schema.String,
  masterJobId: Schema.String,
  repeatable: Flag
}) {}

export class PostedMessage extends Schema.Class<PostedMessage>("PostedMessage")({
  /** The id its buttons carry (also the value of its "Repeat all" button). */
  id: Schema.String,
  kind: MessageKind,
  channel: Schema.String,
  ts: Schema.NullOr(Schema.String),
  /** Who sees it, for ephemeral messages. */
  viewer: Schema.NullOr(Schema.String),
  createdAt: BigIntColumn
}) {}

/** A message's current content, loaded apart: a click needs it only to edit. */
export class MessageContent extends Schema.Class<MessageContent>("MessageContent")({
  blocks: BlocksJson,
  text: Schema.String
}) {}

const ViewRow = Schema.Struct({ ...PostedMessage.fields, ...MessageContent.fields })

export interface NewMessage {
  readonly id: string
  readonly kind: MessageKind
  readonly channel: string
  readonly ts: string | null
  readonly viewer: string | null
  readonly blocks: ReadonlyArray<unknown>
  readonly text: string
  readonly jobs: ReadonlyArray<{
    readonly recipeId: number
    readonly jobId: string
    readonly masterJobId: string
    readonly repeatable: boolean
  }>
}

// Without `blocks`: up to ~30 KB of JSON that most lookups (every click) do not need.
const COLUMNS = "id, kind, channel, ts, viewer, created_at"

export class PostedMessages extends Effect.Service<PostedMessages>()("@workato-jobs/slackbot/PostedMessages", {
  effect: Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const columns = sql.literal(COLUMNS)

    const insertJobs = (messageId: string, jobs: NewMessage["jobs"]) =>
      Effect.forEach(
        // Chunked: SQLite caps the number of bound parameters per statement.
        chunks(jobs, 150),
        ([chunk, offset]) =>
          sql`INSERT INTO message_jobs ${
            sql.insert(chunk.map((job, i) => ({
              messageId,
              position: offset + i,
              recipeId: job.recipeId,
              jobId: job.jobId,
              masterJobId: job.masterJobId,
              repeatable: job.repeatable ? 1 : 0
            })))
          } ON CONFLICT DO NOTHING`,
        { discard: true }
      )

    const record = (message: NewMessage) =>
      Effect.gen(function*() {
        const createdAt = yield* Clock.currentTimeMillis
        yield* sql`INSERT INTO posted_messages ${
          sql.insert({
            id: message.id,
            kind: message.kind,
            channel: message.channel,
            ts: message.ts,
            viewer: message.viewer,
            createdAt,
            blocks: JSON.stringify(message.blocks),
            text: message.text
          })
        }`
        yield* insertJobs(message.id, message.jobs)
      }).pipe(sql.withTransaction)

    const findByTs = SqlSchema.findOne({
      Request: Schema.Struct({ channel: Schema.String, ts: Schema.String }),
      Result: PostedMessage,
      execute: ({ channel, ts }) => sql`SELECT ${columns} FROM posted_messages WHERE channel = ${channel} AND ts = ${ts}`
    })

    const findById = SqlSchema.findOne({
      Request: Schema.String,
      Result: PostedMessage,
      execute: (id) => sql`SELECT ${columns} FROM posted_messages WHERE id = ${id}`
    })

    const content = SqlSchema.findOne({
      Request: Schema.String,
      Result: MessageContent,
      execute: (id) => sql`SELECT blocks, text FROM posted_messages WHERE id = ${id}`
    })

    const views = SqlSchema.findAll({
      Request: Schema.Struct({ channel: Schema.String, viewer: Schema.String, limit: Schema.Number }),
      Result: ViewRow,
      execute: ({ channel, limit, viewer }) =>
        sql`SELECT ${columns}, blocks, text FROM posted_messages
          WHERE channel = ${channel} AND viewer = ${viewer} AND ts IS NULL
          ORDER BY created_at DESC LIMIT ${limit}`
    })

    const jobsOf = SqlSchema.findAll({
      Request: Schema.String,
      Result: MessageJob,
      execute: (id) =>
        sql`SELECT recipe_id, job_id, master_job_id, repeatable FROM message_jobs
          WHERE message_id = ${id} ORDER BY position`
    })

    /** Which of `jobIds` were already part of a digest in this channel (guards against re-posting). */
    const postedJobIds = (channel: string, recipeId: number, jobIds: ReadonlyArray<string>) =>
      Effect.map(
        Effect.forEach(chunks(jobIds, 400), ([chunk]) =>
          sql<{ readonly jobId: string }>`SELECT DISTINCT j.job_id FROM message_jobs j
            JOIN posted_messages m ON m.id = j.message_id
            WHERE m.channel = ${channel} AND m.kind = 'digest' AND j.recipe_id = ${recipeId}
              AND ${sql.in("j.job_id", chunk)}`),
        (results) => new Set(results.flat().map((r) => r.jobId))
      )

    const saveContent = SqlSchema.void({
      Request: Schema.Struct({ id: Schema.String, blocks: BlocksJson, text: Schema.String }),
      execute: ({ blocks, id, text }) => sql`UPDATE posted_messages SET blocks = ${blocks}, text = ${text} WHERE id = ${id}`
    })

    return dieOnStoreErrors({
      record,
      findByTs: (channel: string, ts: string) => findByTs({ channel, ts }),
      findById,
      content: (id: string) =>
        Effect.map(content(id), Option.getOrElse(() => new MessageContent({ blocks: [], text: "" }))),
      /** The newest ephemeral answers shown to `viewer` in `channel`, with their content. */
      views: (channel: string, viewer: string, limit = 20) => views({ channel, viewer, limit }),
      jobsOf,
      postedJobIds,
      saveContent: (id: string, blocks: ReadonlyArray<unknown>, text: string) => saveContent({ id, blocks, text })
    })
  })
}) {}
