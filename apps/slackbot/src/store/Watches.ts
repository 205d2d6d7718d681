/**
 * Watches: which recipe's failures go to which channel, how often, and how far back in
 * Workato's job list each watch's next scan must look (its horizon).
 */
import { SqlClient, SqlSchema } from "@effect/sql"
import { Clock, Effect, Option, Schema } from "effect"
import { BigIntColumn } from "./columns.js"
import { dieOnStoreErrors } from "./orDie.js"

export class Watch extends Schema.Class<Watch>("Watch")({
  channel: Schema.String,
  recipeId: BigIntColumn,
  intervalMs: BigIntColumn
}) {}

export class WatchDetail extends Schema.Class<WatchDetail>("WatchDetail")({
  recipeId: BigIntColumn,
  intervalMs: BigIntColumn,
  addedBy: Schema.NullOr(Schema.String),
  lastDigestAt: Schema.NullOr(BigIntColumn)
}) {}

const Key = Schema.Struct({ channel: Schema.String, recipeId: Schema.Number })

export class Watches extends Effect.Service<Watches>()("@workato-jobs/slackbot/Watches", {
  effect: Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient

    const list = SqlSchema.findAll({
      Request: Schema.Void,
      Result: Watch,
      execute: () => sql`SELECT channel, recipe_id, interval_ms FROM watches ORDER BY channel, recipe_id`
    })

    const inChannel = SqlSchema.findAll({
      Request: Schema.String,
      Result: Watch,
      execute: (channel) =>
        sql`SELECT channel, recipe_id, interval_ms FROM watches WHERE channel = ${channel} ORDER BY recipe_id`
    })

    const find = SqlSchema.findOne({
      Request: Key,
      Result: Watch,
      execute: ({ channel, recipeId }) =>
        sql`SELECT channel, recipe_id, interval_ms FROM watches WHERE channel = ${channel} AND recipe_id = ${recipeId}`
    })

    /** A channel's watches with who added them and when each last had a digest posted. */
    const details = SqlSchema.findAll({
      Request: Schema.String,
      Result: WatchDetail,
      execute: (channel) =>
        sql`SELECT w.recipe_id, w.interval_ms, w.created_by AS added_by,
            (SELECT MAX(m.created_at) FROM posted_messages m JOIN message_jobs j ON j.message_id = m.id
              WHERE m.channel = w.channel AND m.kind = 'digest' AND j.recipe_id = w.recipe_id) AS last_digest_at
          FROM watches w WHERE w.channel = ${channel} ORDER BY w.recipe_id`
    })

    /** Adds or re-times a watch. `replace: false` keeps an existing one as it is (WORKATO_WATCH). */
    const put = (watch: {
      readonly channel: string
      readonly recipeId: number
      readonly intervalMs: number
      readonly by: string | null
      readonly replace: boolean
    }) =>
      Effect.gen(function*() {
        const createdAt = yield* Clock.currentTimeMillis
        const existing = yield* find(watch)
        if (Option.isSome(existing) && !watch.replace) return { created: false, watch: existing.value }
        yield* sql`INSERT INTO watches ${
          sql.insert({
            channel: watch.channel,
            recipeId: watch.recipeId,
            intervalMs: watch.intervalMs,
            createdBy: watch.by,
            createdAt
          })
        } ON CONFLICT (channel, recipe_id) DO UPDATE SET interval_ms = excluded.interval_ms`
        return {
          created: Option.isNone(existing),
          watch: new Watch({ channel: watch.channel, recipeId: watch.recipeId, intervalMs: watch.intervalMs })
        }
      }).pipe(sql.withTransaction)

    /** Removes a watch and its scan horizon; false when there was none. */
    const remove = (channel: string, recipeId: number) =>
      Effect.gen(function*() {
        const existing = yield* find({ channel, recipeId })
        yield* sql`DELETE FROM watches WHERE channel = ${channel} AND recipe_id = ${recipeId}`
        yield* sql`DELETE FROM scan_horizons WHERE channel = ${channel} AND recipe_id = ${recipeId}`
        return Option.isSome(existing)
      }).pipe(sql.withTransaction)

    const horizonOf = SqlSchema.findOne({
      Request: Key,
      Result: Schema.Struct({ horizonMs: BigIntColumn, failedCount: Schema.NullOr(BigIntColumn) }),
      execute: ({ channel, recipeId }) =>
        sql`SELECT horizon_ms, failed_count FROM scan_horizons WHERE channel = ${channel} AND recipe_id = ${recipeId}`
    })

    /**
     * How far back (a Workato started_at, epoch ms) the next scan of a watch must look;
     * None before its first scan.
     */
    const horizon = (channel: string, recipeId: number) =>
      Effect.map(horizonOf({ channel, recipeId }), Option.map((r) => r.horizonMs))

    /** The horizon and the recipe's job_failed_count when that scan started (null: unknown). */
    const scanState = (channel: string, recipeId: number) => horizonOf({ channel, recipeId })

    const setHorizon = (channel: string, recipeId: number, horizonMs: number, failedCount: number | null = null) =>
      Effect.flatMap(Clock.currentTimeMillis, (updatedAt) =>
        sql`INSERT INTO scan_horizons ${sql.insert({ channel, recipeId, horizonMs, updatedAt, failedCount })}
          ON CONFLICT (channel, recipe_id) DO UPDATE SET
            horizon_ms = excluded.horizon_ms, updated_at = excluded.updated_at, failed_count = excluded.failed_count`)

    /** Forgets the scan horizons of recipes no longer watched in the channel (an unwatched folder's). */
    const clearHorizons = (channel: string, recipeIds: ReadonlyArray<number>) =>
      Effect.forEach(
        recipeIds,
        (recipeId) => sql`DELETE FROM scan_horizons WHERE channel = ${channel} AND recipe_id = ${recipeId}`,
        { discard: true }
      ).pipe(sql.withTransaction)

    return dieOnStoreErrors({
      clearHorizons,
      list: list(undefined),
      inChannel,
      find: (channel: string, recipeId: number) => find({ channel, recipeId }),
      details,
      put,
      remove,
      horizon,
      scanState,
      setHorizon
    })
  })
}) {}
