/**
 * Schema of the bot's SQLite database, as ordered migrations (Migrator.fromRecord).
 * Never edit a migration that has shipped: add a new one, so existing files upgrade in place.
 */
import { Migrator } from "@effect/sql"
import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

const init = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  // Which recipe's failures go to which channel, and how often.
  yield* sql`CREATE TABLE watches (
    channel TEXT NOT NULL,
    recipe_id INTEGER NOT NULL,
    interval_ms INTEGER NOT NULL,
    created_by TEXT,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (channel, recipe_id)
  )`
  // Per watch: the newest failed job already posted (or, before the first failure was seen,
  // the time from which the next digest must look back). Advanced only after Slack accepted.
  yield* sql`CREATE TABLE digest_cursors (
    channel TEXT NOT NULL,
    recipe_id INTEGER NOT NULL,
    last_job_id TEXT,
    since_ms INTEGER,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (channel, recipe_id)
  )`
  // Every message the bot posted with Repeat buttons (digests in channels, and the ephemeral
  // failure lists of `/workato failures`, which have no ts but a viewer), with its current
  // blocks: updates start from this copy, not from the click payload, so concurrent clicks
  // never undo each other (and ephemeral clicks, which carry no message, still find it).
  // `key` is the value of its "Repeat all" button.
  yield* sql`CREATE TABLE posted_digests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    channel TEXT NOT NULL,
    ts TEXT,
    user_id TEXT,
    posted_at INTEGER NOT NULL,
    blocks TEXT NOT NULL,
    text TEXT NOT NULL,
    UNIQUE (channel, ts)
  )`
  yield* sql`CREATE INDEX posted_digests_viewer ON posted_digests (channel, user_id, id)`
  // The jobs of a posted digest, so "Repeat all" maps a click to its jobs.
  yield* sql`CREATE TABLE digest_jobs (
    digest_id INTEGER NOT NULL REFERENCES posted_digests (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    recipe_id INTEGER NOT NULL,
    job_id TEXT NOT NULL,
    master_job_id TEXT NOT NULL,
    repeatable INTEGER NOT NULL,
    PRIMARY KEY (digest_id, recipe_id, job_id)
  )`
  // One row per (recipe, master job): "in_flight" while a repeat runs, then "done" with its
  // outcome. The primary key is what makes two clicks repeat a job once; `source` is the
  // message (or command) the last attempt came from, see Store.acquireRepeat.
  yield* sql`CREATE TABLE repeat_locks (
    recipe_id INTEGER NOT NULL,
    master_job_id TEXT NOT NULL,
    source TEXT NOT NULL,
    state TEXT NOT NULL,
    user_id TEXT NOT NULL,
    outcome TEXT,
    new_job_id TEXT,
    detail TEXT,
    locked_at INTEGER NOT NULL,
    finished_at INTEGER,
    PRIMARY KEY (recipe_id, master_job_id)
  )`
  // Every repeat attempt: who, when, what, and what Workato said.
  yield* sql`CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    user_id TEXT NOT NULL,
    recipe_id INTEGER NOT NULL,
    job_id TEXT NOT NULL,
    source TEXT NOT NULL,
    outcome TEXT NOT NULL,
    new_job_id TEXT,
    detail TEXT
  )`
  yield* sql`CREATE INDEX audit_log_job ON audit_log (recipe_id, job_id)`
})

export const migrations = Migrator.fromRecord({
  "0001_init": init
})
