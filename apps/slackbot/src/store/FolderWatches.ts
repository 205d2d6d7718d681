/**
 * Folder watches: which Workato folders (with their subfolders) are watched in which channel,
 * and how often. Which recipes a folder holds is Workato's to say, at each digest.
 */
import { SqlClient, SqlSchema } from "@effect/sql"
import { Clock, Effect, Option, Schema } from "effect"
import { BigIntColumn } from "./columns.js"
import { dieOnStoreErrors } from "./orDie.js"

export class FolderWatch extends Schema.Class<FolderWatch>("FolderWatch")({
  channel: Schema.String,
  folderId: BigIntColumn,
  intervalMs: BigIntColumn,
  addedBy: Schema.NullOr(Schema.String)
}) {}

const Key = Schema.Struct({ channel: Schema.String, folderId: Schema.Number })

export class FolderWatches extends Effect.Service<FolderWatches>()("@workato-jobs/slackbot/FolderWatches", {
  effect: Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient

    const list = SqlSchema.findAll({
      Request: Schema.Void,
      Result: FolderWatch,
      execute: () =>
        sql`SELECT channel, folder_id, interval_ms, created_by AS added_by FROM folder_watches ORDER BY channel, folder_id`
    })

    const inChannel = SqlSchema.findAll({
      Request: Schema.String,
      Result: FolderWatch,
      execute: (channel) =>
        sql`SELECT channel, folder_id, interval_ms, created_by AS added_by FROM folder_watches
          WHERE channel = ${channel} ORDER BY folder_id`
    })

    const find = SqlSchema.findOne({
      Request: Key,
      Result: FolderWatch,
      execute: ({ channel, folderId }) =>
        sql`SELECT channel, folder_id, interval_ms, created_by AS added_by FROM folder_watches
          WHERE channel = ${channel} AND folder_id = ${folderId}`
    })

    /** Adds or re-times a folder watch. `replace: false` keeps an existing one as it is (WORKATO_WATCH). */
    const put = (watch: {
      readonly channel: string
      readonly folderId: number
      readonly intervalMs: number
      readonly by: string | null
      readonly replace: boolean
    }) =>
      Effect.gen(function*() {
        const createdAt = yield* Clock.currentTimeMillis
        const existing = yield* find(watch)
        if (Option.isSome(existing) && !watch.replace) return { created: false }
        yield* sql`INSERT INTO folder_watches ${
          sql.insert({
            channel: watch.channel,
            folderId: watch.folderId,
            intervalMs: watch.intervalMs,
            createdBy: watch.by,
            createdAt
          })
        } ON CONFLICT (channel, folder_id) DO UPDATE SET interval_ms = excluded.interval_ms`
        return { created: Option.isNone(existing) }
      }).pipe(sql.withTransaction)

    /** Removes a folder watch; false when there was none. */
    const remove = (channel: string, folderId: number) =>
      Effect.gen(function*() {
        const existing = yield* find({ channel, folderId })
        yield* sql`DELETE FROM folder_watches WHERE channel = ${channel} AND folder_id = ${folderId}`
        return Option.isSome(existing)
      }).pipe(sql.withTransaction)

    return dieOnStoreErrors({ list: list(undefined), inChannel, put, remove })
  })
}) {}
