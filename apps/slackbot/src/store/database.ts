/**
 * The SQLite connection (better-sqlite3 through @effect/sql-sqlite-node), migrated before
 * anything else may use it. One file per bot; the default lives under ./data.
 */
import { Migrator } from "@effect/sql"
import { SqliteClient } from "@effect/sql-sqlite-node"
import { Effect, Layer, String as Str } from "effect"
import { mkdirSync } from "node:fs"
import { dirname } from "node:path"
import { migrations } from "./migrations.js"

const runMigrations = Layer.effectDiscard(
  Migrator.make({})({ loader: migrations }).pipe(Effect.orDie)
)

/** SqlClient for `filename` (":memory:" for a throw-away database), schema up to date. */
export const databaseLayer = (filename: string) => {
  const client = Layer.unwrapEffect(
    Effect.sync(() => {
      // better-sqlite3 creates the file but not its folder (./data on a fresh clone).
      if (filename !== ":memory:") mkdirSync(dirname(filename), { recursive: true })
      // Rows come back camelCase and camelCase identifiers go out snake_case: no hand mapping.
      return SqliteClient.layer({
        filename,
        transformResultNames: Str.snakeToCamel,
        transformQueryNames: Str.camelToSnake
      })
    })
  )
  return Layer.provideMerge(runMigrations, client).pipe(Layer.orDie)
}
