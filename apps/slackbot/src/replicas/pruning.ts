/**
 * Retention on a schedule: once an hour one replica (whichever takes the lease) deletes what
 * is older than RETENTION (digests, views, seen jobs, finished Repeat all runs) and
 * AUDIT_RETENTION (the audit log and the repeat locks). A failed run is logged and tried at
 * the next poll; nothing waits for it.
 */
import { Duration, Effect, Layer, Schedule } from "effect"
import { BotConfig } from "../config.js"
import { Pruning } from "../store/Pruning.js"
import { pollEvery, runLeased } from "./leased.js"

export const PRUNE_EVERY = Duration.hours(1)

export const prune = Effect.gen(function*() {
  const config = yield* BotConfig
  const pruning = yield* Pruning
  const pruned = yield* pruning.prune({
    retentionMs: Duration.toMillis(config.retention),
    auditRetentionMs: Duration.toMillis(config.auditRetention)
  })
  const total = Object.values(pruned).reduce((a, b) => a + b, 0)
  if (total > 0) yield* Effect.logInfo("pruned old records", pruned)
})

export const PruningLive = Layer.scopedDiscard(Effect.gen(function*() {
  const intervalMs = Duration.toMillis(PRUNE_EVERY)
  const tick = runLeased("prune", intervalMs, prune).pipe(
    Effect.catchAllCause((cause) => Effect.logWarning("pruning failed; tried again at the next poll", cause))
  )
  yield* Effect.forkScoped(tick.pipe(Effect.repeat(Schedule.fixed(pollEvery(intervalMs)))))
}))
