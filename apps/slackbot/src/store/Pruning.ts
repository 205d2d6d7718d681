/**
 * Pruning: what the bot keeps only for a while is deleted once older than its retention —
 * posted digests and ephemeral views with their job lists, the jobs channels were shown,
 * finished Repeat all runs (RETENTION), and the audit log with the repeat locks
 * (AUDIT_RETENTION: a lock is what keeps a job from being repeated twice, so it lives as long
 * as the audit of that repeat) — and the heartbeats of replicas that are gone. Deletes go in
 * small batches so a year of history never holds the database (or SQLite's synchronous
 * driver, the event loop) for long.
 */
import { SqlClient } from "@effect/sql"
import { Clock, Effect } from "effect"
import { yieldToEventLoop } from "../eventLoop.js"
import { dieOnStoreErrors } from "./orDie.js"

/** Rows per DELETE statement. */
export const PRUNE_BATCH = 500

/** A seen job is kept while its watch may still scan back to it (clock skew between the bot and Workato included). */
const SKEW_MARGIN_MS = 24 * 60 * 60 * 1000

export interface Pruned {
  readonly messages: number
  readonly seenJobs: number
  readonly runs: number
  readonly auditEntries: number
  readonly locks: number
  /** Heartbeats of replicas long gone (one per process start). */
  readonly heartbeats: number
}

export class Pruning extends Effect.Service<Pruning>()("@workato-jobs/slackbot/Pruning", {
  effect: Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient

    /** Runs one batched DELETE … RETURNING until a batch comes back short; the number deleted. */
    const drain = (batch: () => Effect.Effect<ReadonlyArray<unknown>, unknown>) =>
      Effect.gen(function*() {
        let total = 0
        for (;;) {
          const deleted = (yield* batch()).length
          total += deleted
          if (deleted < PRUNE_BATCH) return total
          // Between batches (synchronous on SQLite) Slack requests are read and acked.
          yield* yieldToEventLoop
        }
      })

    const prune = (input: { readonly retentionMs: number; readonly auditRetentionMs: number }) =>
      Effect.gen(function*() {
        const now = yield* Clock.currentTimeMillis
        const cutoff = now - input.retentionMs
        const auditCutoff = now - input.auditRetentionMs
        // Digests not known to be posted stay: they are still on their way to Slack.
        const messages = yield* drain(() =>
          sql.withTransaction(Effect.gen(function*() {
            const ids = (yield* sql<{ readonly id: string }>`SELECT id FROM posted_messages
              WHERE created_at < ${cutoff} AND state = 'posted' LIMIT ${PRUNE_BATCH}`).map((r) => r.id)
            if (ids.length === 0) return ids
            yield* sql`DELETE FROM message_jobs WHERE ${sql.in("message_id", ids)}`
            yield* sql`DELETE FROM posted_messages WHERE ${sql.in("id", ids)}`
            return ids
          })))
        // Never a job its watch could still find again (horizon at or before it was shown).
        const seenJobs = yield* drain(() =>
          sql`DELETE FROM seen_jobs WHERE (channel, recipe_id, job_id) IN (
              SELECT s.channel, s.recipe_id, s.job_id FROM seen_jobs s
              WHERE s.seen_at < ${cutoff} AND NOT EXISTS (
                SELECT 1 FROM scan_horizons h WHERE h.channel = s.channel AND h.recipe_id = s.recipe_id
                  AND h.horizon_ms <= s.seen_at + ${SKEW_MARGIN_MS})
              LIMIT ${PRUNE_BATCH})
            RETURNING job_id`)
        const runs = yield* drain(() =>
          sql`DELETE FROM repeat_runs WHERE id IN (
              SELECT id FROM repeat_runs WHERE state <> 'running' AND started_at < ${cutoff} LIMIT ${PRUNE_BATCH})
            RETURNING id`)
        const auditEntries = yield* drain(() =>
          sql`DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE at < ${auditCutoff} LIMIT ${PRUNE_BATCH})
            RETURNING id`)
        const locks = yield* drain(() =>
          sql`DELETE FROM repeat_claims WHERE (recipe_id, job_id) IN (
              SELECT recipe_id, job_id FROM repeat_claims WHERE state = 'done' AND finished_at < ${auditCutoff} LIMIT ${PRUNE_BATCH})
            RETURNING job_id`)
        const heartbeats = (yield* sql<{ readonly name: string }>`DELETE FROM leases
          WHERE name LIKE 'replica:%' AND (expires_at IS NULL OR expires_at < ${cutoff}) RETURNING name`).length
        return { messages, seenJobs, runs, auditEntries, locks, heartbeats } satisfies Pruned
      })

    return dieOnStoreErrors({ prune })
  })
}) {}
