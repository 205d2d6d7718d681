/**
 * The bot's SQL connection, migrated before anything else may use it: SQLite (better-sqlite3
 * through @effect/sql-sqlite-node, one file per bot) or PostgreSQL (@effect/sql-pg, shared by
 * every replica). The rest of the bot sees only SqlClient.
 */
import { Migrator, SqlClient } from "@effect/sql"
import { PgClient } from "@effect/sql-pg"
import { SqliteClient } from "@effect/sql-sqlite-node"
import { Data, Effect, Layer, type Redacted, Schema, String as Str } from "effect"
import { mkdirSync } from "node:fs"
import { dirname } from "node:path"
import pg from "pg"
import { migrations } from "./migrations.js"

/** Where the state lives (what DATABASE_URL names, see databaseUrl.ts). */
export type Database = Data.TaggedEnum<{
  /** A file for better-sqlite3, or ":memory:". */
  Sqlite: { readonly filename: string }
  /** postgres:// or postgresql://, shared by every replica. */
  Postgres: { readonly url: Redacted.Redacted }
}>
export const Database = Data.taggedEnum<Database>()

const MIGRATIONS_TABLE = "effect_sql_migrations"

// Replicas starting together: Migrator's own table lock comes after it creates its table,
// so two first starts could both try to create it. A session advisory lock held on one
// reserved connection makes migrating one replica at a time (the others then find nothing
// to do). The key is arbitrary but fixed: "slackbot migrations".
const MIGRATION_LOCK = 0x51ac_b07
const serialised = <A, E, R>(self: Effect.Effect<A, E, R>) =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    sql.onDialectOrElse({
      pg: () =>
        Effect.scoped(Effect.gen(function*() {
          const connection = yield* sql.reserve
          yield* Effect.acquireRelease(
            connection.executeRaw("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]),
            () => Effect.ignore(connection.executeRaw("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]))
          )
          return yield* self
        })),
      orElse: () => self
    }))

const runMigrations = Layer.effectDiscard(
  serialised(Migrator.make({})({ loader: migrations, table: MIGRATIONS_TABLE })).pipe(Effect.orDie)
)

// BIGINT (epoch milliseconds, counts) comes back from node-postgres as a string by default,
// because it can exceed 2^53; the bot's values never do, and SQLite gives numbers.
const INT8_OID = 20
const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === INT8_OID && format !== "binary" ? Number : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig["getTypeParser"]
}

// Rows come back camelCase and camelCase identifiers go out snake_case: no hand mapping.
const names = { transformResultNames: Str.snakeToCamel, transformQueryNames: Str.camelToSnake }

const sqliteClient = (filename: string) =>
  Layer.unwrapEffect(
    Effect.sync(() => {
      // better-sqlite3 creates the file but not its folder (./data on a fresh clone).
      if (filename !== ":memory:") mkdirSync(dirname(filename), { recursive: true })
      return SqliteClient.layer({ filename, ...names })
    })
  )

const postgresClient = (url: Redacted.Redacted) =>
  PgClient.layer({ url, types: pgTypes, applicationName: "workato-slackbot", ...names })

/** SqlClient for `target`, schema up to date. */
export const databaseLayer = (target: Database): Layer.Layer<SqlClient.SqlClient> => {
  const client: Layer.Layer<SqlClient.SqlClient, unknown> = target._tag === "Sqlite"
    ? sqliteClient(target.filename)
    : postgresClient(target.url)
  return Layer.provideMerge(runMigrations, client).pipe(Layer.orDie)
}

/** Is the database reachable, with every migration this build knows applied? (readiness) */
export const schemaReady = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const known = yield* migrations
  const rows = yield* sql<{ latest: number | null }>`SELECT MAX(migration_id) AS latest FROM ${sql(MIGRATIONS_TABLE)}`
    .withoutTransform
  const latest = rows[0]?.latest ?? 0
  return known.every(([id]) => id <= latest)
})

/** Why the database cannot serve yet (or any more), in words for a probe's answer. */
export class DatabaseNotReady extends Schema.TaggedError<DatabaseNotReady>()("DatabaseNotReady", {
  reason: Schema.String
}) {}

/**
 * Readiness: the database answers within 2 s and has every migration this build knows. No
 * detail of the failure (it could name the host): the bot's log has it.
 */
export const databaseReady: Effect.Effect<void, DatabaseNotReady, SqlClient.SqlClient> = Effect.flatMap(
  schemaReady,
  (ready) => ready ? Effect.void : Effect.fail(new DatabaseNotReady({ reason: "migrations are not all applied" }))
).pipe(
  Effect.timeoutFail({
    duration: "2 seconds",
    onTimeout: () => new DatabaseNotReady({ reason: "the database did not answer within 2 seconds" })
  }),
  Effect.catchTags({
    SqlError: (error) =>
      Effect.zipRight(
        Effect.logWarning("readiness: the database query failed", error),
        Effect.fail(new DatabaseNotReady({ reason: "the database is unreachable" }))
      ),
    // The build's own migrations do not load: a bad build, not a database problem.
    MigrationError: Effect.die
  })
)
