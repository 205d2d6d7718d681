/**
 * The database a test runs on: SQLite in a temp dir, or (in the PostgreSQL project, see
 * vitest.postgres.config.ts) a database of its own on the run's PostgreSQL server. Either is
 * removed when the test's scope closes.
 */
import { createTestDatabase } from "@workato-jobs/test-postgres"
import { Effect, Redacted } from "effect"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { expect, inject } from "vitest"
import { Database } from "../src/store/database.js"

export const testDialect: "sqlite" | "postgres" = process.env.SLACKBOT_TEST_DATABASE === "postgres" ? "postgres" : "sqlite"

const sqliteFile = Effect.acquireRelease(
  Effect.sync(() => mkdtempSync(join(tmpdir(), "slackbot-db-"))),
  (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
).pipe(Effect.map((dir): Database => Database.Sqlite({ filename: join(dir, "nested", "bot.db") })))

/** A fresh PostgreSQL database (whatever the project), for tests that need one. */
export const postgresDatabase = Effect.acquireRelease(
  Effect.promise(() => createTestDatabase(inject("testPostgresUrl"), expect.getState().currentTestName ?? "slackbot")),
  (database) => Effect.promise(() => database.drop())
).pipe(Effect.map((database): Database => Database.Postgres({ url: Redacted.make(database.url) })))

/** A fresh, empty database of this run's dialect, dropped with the scope. */
export const freshDatabase = testDialect === "postgres" ? postgresDatabase : sqliteFile
