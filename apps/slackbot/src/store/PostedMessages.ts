/**
 * Posted messages: every message the bot showed with Repeat buttons — digests in a channel
 * (they have a ts) and the ephemeral answers of `/workato failures` and `/workato job` (they
 * have a viewer instead) — with their current blocks and the jobs they list. Updates start
 * from this copy, not from a click's payload, so concurrent clicks never undo each other,
 * and ephemeral clicks (which carry no message) still find theirs.
 */
import { SqlClient, SqlSchema } from "@effect/sql"
import { Clock, Effect, Option, Schema } from "effect"
import { yieldToEventLoop } from "../eventLoop.js"
import { BigIntColumn, BlocksJson, chunks, Flag } from "./columns.js"
import { dieOnStoreErrors } from "./orDie.js"

/** "alert": a recipe stopped / running again note, delivered like a digest (outbox, once). */
export const MessageKind = Schema.Literal("digest", "failures", "job", "alert")
/** "digest": posted in a channel; "failures" / "job": ephemeral answers to one viewer. */
export type MessageKind = typeof MessageKind.Type

export class MessageJob extends Schema.Class<MessageJob>("MessageJob")({
  recipeId: BigIntColumn,
  jobId: Schema.String,
  masterJobId: Schema.String,
  repeatable: Flag
}) {}

/**
 * Where a digest is in its posting (ephemeral answers are always "posted"):
 * - "sending": recorded, and a chat.postMessage may have reached Slack (unknown until its
 *   answer is recorded): look for it in the channel's history before posting it again;
 * - "pending": Slack definitely did not post it (it refused): post it again at `retryAt`;
 * - "posted": Slack's ts is recorded.
 */
export const PostState = Schema.Literal("sending", "pending", "posted")
export type PostState = typeof PostState.Type

export class PostedMessage extends Schema.Class<PostedMessage>("PostedMessage")({
  /** The id its buttons carry (also the value of its "Repeat all" button). */
  id: Schema.String,
  kind: MessageKind,
  channel: Schema.String,
  ts: Schema.NullOr(Schema.String),
  /** Who sees it, for ephemeral messages. */
  viewer: Schema.NullOr(Schema.String),
  createdAt: BigIntColumn,
  state: PostState,
  retryAt: Schema.NullOr(BigIntColumn)
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
  /** Default "posted". A digest is recorded "sending" before its chat.postMessage. */
  readonly state?: PostState
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
const COLUMNS = "id, kind, channel, ts, viewer, created_at, state, retry_at"

export class PostedMessages extends Effect.Service<PostedMessages>()("@workato-jobs/slackbot/PostedMessages", {
  effect: Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const columns = sql.literal(COLUMNS)

    const insertJobs = (messageId: string, jobs: NewMessage["jobs"]) =>
      Effect.forEach(
        // Chunked: SQLite caps the number of bound parameters per statement. SQLite runs them
        // synchronously, so the event loop turns after each (thousands of jobs take ~30 ms).
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
          } ON CONFLICT DO NOTHING`.pipe(Effect.zipLeft(yieldToEventLoop)),
        { discard: true }
      )

    // A digest's jobs are what its channel has seen: never shown there again. The key is
    // (channel, recipe, job), so checking N jobs is N index lookups however long the history.
    const insertSeen = (message: NewMessage, seenAt: number) =>
      Effect.forEach(
        chunks(message.jobs, 150),
        ([chunk]) =>
          sql`INSERT INTO seen_jobs ${
            sql.insert(chunk.map((job) => ({
              channel: message.channel,
              recipeId: job.recipeId,
              jobId: job.jobId,
              messageId: message.id,
              seenAt
            })))
          } ON CONFLICT DO NOTHING`.pipe(Effect.zipLeft(yieldToEventLoop)),
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
            text: message.text,
            state: message.state ?? "posted"
          })
        }`
        yield* insertJobs(message.id, message.jobs)
        if (message.kind === "digest") yield* insertSeen(message, createdAt)
      }).pipe(sql.withTransaction)

    /** The jobs of `jobIds` this channel has not been shown in a digest yet. */
    const unseen = (channel: string, recipeId: number, jobIds: ReadonlyArray<string>) =>
      Effect.map(
        Effect.forEach(chunks(jobIds, 400), ([chunk]) =>
          sql<{ readonly jobId: string }>`SELECT job_id FROM seen_jobs
            WHERE channel = ${channel} AND recipe_id = ${recipeId} AND ${sql.in("job_id", chunk)}`),
        (results) => {
          const seen = new Set(results.flat().map((r) => r.jobId))
          return jobIds.filter((id) => !seen.has(id))
        }
      )

    /** A channel's digests not known to be posted yet, oldest first, with their content. */
    const outbox = SqlSchema.findAll({
      Request: Schema.String,
      Result: ViewRow,
      execute: (channel) =>
        sql`SELECT ${columns}, blocks, text FROM posted_messages
          WHERE channel = ${channel} AND kind IN ('digest', 'alert') AND state <> 'posted' ORDER BY created_at, id`
    })

    const markPosted = (id: string, ts: string) =>
      sql`UPDATE posted_messages SET state = 'posted', ts = ${ts}, retry_at = NULL WHERE id = ${id}`

    const markSending = (id: string) => sql`UPDATE posted_messages SET state = 'sending' WHERE id = ${id}`

    const markPending = (id: string, retryAt: number) =>
      sql`UPDATE posted_messages SET state = 'pending', retry_at = ${retryAt} WHERE id = ${id}`

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
      unseen,
      outbox,
      markPosted,
      markSending,
      markPending,
      saveContent: (id: string, blocks: ReadonlyArray<unknown>, text: string) => saveContent({ id, blocks, text })
    })
  })
}) {}
