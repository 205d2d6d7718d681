import { SqlClient } from "@effect/sql"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { databaseLayer } from "../src/store/database.js"
import { freshDatabase, testDialect } from "./database.js"
import { startBot, startPeers } from "./harness.js"

// The platform's probes over real HTTP on the bot's own listener, on this run's database.

const get = (url: string) => Effect.promise(() => fetch(url).then(async (r) => [r.status, await r.text()] as const))

describe(`probes on ${testDialect}`, () => {
  it.scoped("/healthz answers while the bot runs; /readyz is ready once migrated, and says why not when a migration is missing", () =>
    Effect.gen(function*() {
      const peers = yield* startPeers()
      const database = yield* freshDatabase
      const bot = yield* startBot(peers, { database })
      const origin = new URL(bot.eventsUrl).origin
      assert.deepStrictEqual(yield* get(`${origin}/healthz`), [200, "ok"])
      assert.deepStrictEqual(yield* get(`${origin}/readyz`), [200, "ready"])

      // Another connection takes back the record of the latest migration: the schema is now
      // behind this build (as when an older replica's database is reached).
      const sql = yield* Effect.provide(SqlClient.SqlClient, yield* Layer.build(databaseLayer(database)))
      const [row] = yield* sql<{ latest: number }>`SELECT MAX(migration_id) AS latest FROM effect_sql_migrations`.withoutTransform
      yield* sql`DELETE FROM effect_sql_migrations WHERE migration_id = ${row!.latest}`.withoutTransform
      assert.deepStrictEqual(yield* get(`${origin}/readyz`), [503, "not ready: migrations are not all applied"])
      assert.deepStrictEqual(yield* get(`${origin}/healthz`), [200, "ok"])
      const post = yield* Effect.promise(() => fetch(`${origin}/readyz`, { method: "POST" }).then((r) => r.status))
      assert.strictEqual(post, 404)
    }))
})
