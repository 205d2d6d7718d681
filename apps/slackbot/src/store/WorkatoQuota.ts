/**
 * Workato's quotas as ONE for every replica: jobs-api's QuotaStore on the bot's database.
 * Workato counts per workspace, so N replicas pacing from their own memory would together
 * send N times the quota. On PostgreSQL each reservation is one transaction that locks the
 * key's row (INSERT … ON CONFLICT DO UPDATE), reads its latest sends and records the new one,
 * on the database's clock (replicas' clocks may disagree; the database has one). SQLite is
 * one process by design: the in-memory store already is the whole deployment's.
 */
import { SqlClient, SqlSchema } from "@effect/sql"
import type { SqlError } from "@effect/sql/SqlError"
import { type QuotaReservation, QuotaStore, QuotaStoreError, type QuotaStoreService } from "@workato-jobs/jobs-api"
import { Effect, Layer, Schema } from "effect"

const Paused = Schema.Struct({ pausedUntil: Schema.Number })
const Now = Schema.Struct({ now: Schema.Number })
const Sent = Schema.Struct({ at: Schema.Number })

const failure = (key: string) => (error: SqlError | { readonly message: string }) =>
  new QuotaStoreError({ key, detail: error.message })

const make = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient

  // Creating or touching the key's row locks it until the transaction ends: one reservation
  // (or pause) of a key at a time across every replica.
  const lockKey = SqlSchema.single({
    Request: Schema.String,
    Result: Paused,
    execute: (key) =>
      sql`INSERT INTO workato_quota (key, paused_until) VALUES (${key}, 0)
        ON CONFLICT (key) DO UPDATE SET key = EXCLUDED.key RETURNING paused_until`
  })
  const now = SqlSchema.single({
    Request: Schema.Void,
    Result: Now,
    execute: () => sql`SELECT (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS now`
  })
  const latest = SqlSchema.findAll({
    Request: Schema.Struct({ key: Schema.String, limit: Schema.Number }),
    Result: Sent,
    execute: ({ key, limit }) => sql`SELECT at FROM workato_quota_sends WHERE key = ${key} ORDER BY at DESC LIMIT ${limit}`
  })

  const reserve = (r: QuotaReservation) =>
    sql.withTransaction(Effect.gen(function*() {
      const { pausedUntil } = yield* lockKey(r.key)
      const t = (yield* now(undefined)).now
      const times = (yield* latest({ key: r.key, limit: r.limit })).map((row) => row.at).reverse()
      const at = QuotaStore.nextSendAt(times, r, t, pausedUntil)
      yield* sql`INSERT INTO workato_quota_sends (key, at) VALUES (${r.key}, ${at})`
      // Sends older than one window and margin can no longer hold a later one back.
      yield* sql`DELETE FROM workato_quota_sends WHERE key = ${r.key} AND at < ${t - r.windowMillis - r.marginMillis}`
      return at - t
    })).pipe(Effect.mapError(failure(r.key)))

  const pause = (key: string, delayMillis: number) =>
    sql.withTransaction(Effect.gen(function*() {
      yield* lockKey(key)
      const t = (yield* now(undefined)).now
      yield* sql`UPDATE workato_quota SET paused_until = greatest(paused_until, ${t + delayMillis}) WHERE key = ${key}`
    })).pipe(Effect.mapError(failure(key)))

  return { reserve, pause } satisfies QuotaStoreService
})

/** The QuotaStore for the bot's database: shared through PostgreSQL, in memory on SQLite. */
export const workatoQuotaLayer: Layer.Layer<QuotaStore, never, SqlClient.SqlClient> = Layer.effect(
  QuotaStore,
  Effect.flatMap(SqlClient.SqlClient, (sql) => sql.onDialectOrElse({ pg: () => make, orElse: () => QuotaStore.memory }))
)
