import { SqlClient } from "@effect/sql"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { databaseLayer, type Database, schemaReady } from "../../src/store/database.js"
import { migrations } from "../../src/store/migrations.js"
import { postgresDatabase } from "../database.js"

const connect = (database: Database) => Layer.build(databaseLayer(database))

describe("PostgreSQL database layer", () => {
  it.scoped("replicas starting together migrate once (the others wait, then find nothing to do)", () =>
    Effect.gen(function*() {
      const database = yield* postgresDatabase
      const contexts = yield* Effect.all([connect(database), connect(database), connect(database)], { concurrency: "unbounded" })
      const sql = yield* Effect.provide(SqlClient.SqlClient, contexts[0])
      const applied = yield* sql<{ migrationId: number }>`SELECT migration_id AS "migrationId" FROM effect_sql_migrations ORDER BY 1`
      const known = yield* migrations
      assert.deepStrictEqual(applied.map((r) => r.migrationId), known.map(([id]) => id))
      for (const context of contexts) assert.isTrue(yield* Effect.provide(schemaReady, context))
    }))

  it.scoped("epoch milliseconds and counts come back as numbers", () =>
    Effect.gen(function*() {
      const database = yield* postgresDatabase
      const sql = yield* Effect.provide(SqlClient.SqlClient, yield* connect(database))
      const [row] = yield* sql<{ at: number; n: number }>`SELECT ${1_764_000_000_123}::bigint AS at, COUNT(*) AS n FROM watches`
      assert.deepStrictEqual(row, { at: 1_764_000_000_123, n: 0 })
    }))
})
