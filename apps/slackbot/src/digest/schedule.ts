/**
 * The digest schedule: one fiber per (channel, interval) group of watches, so the watches
 * of a channel that share an interval post one message together. `reconcile` starts and
 * stops fibers to match the store; it runs at start-up and after every watch/unwatch.
 *
 * Each tick re-reads the group's watches (a change takes effect on the next tick) and never
 * fails: a Workato outage or a Slack refusal is logged and the same jobs come next tick.
 *
 * Replicas: every replica runs these loops, polling twice per interval; a group's digest is
 * produced by whichever replica takes its lease when it is due (replicas/leased.ts), so once
 * per interval in all, and taken over when its producer dies. Each replica also re-reads the
 * watches every minute, so a watch added through another replica reaches it too.
 */
import { Duration, Effect, FiberMap, Ref, Schedule } from "effect"
import { BotConfig } from "../config.js"
import { pollEvery, runLeased } from "../replicas/leased.js"
import { FolderWatches, Watches } from "../store/index.js"
import { Digests } from "./Digests.js"
import { RecipeStops } from "./RecipeStops.js"
import { WatchedRecipes } from "./WatchedRecipes.js"

const groupKey = (channel: string, intervalMs: number) => `${channel}|${intervalMs}`

export class DigestSchedule extends Effect.Service<DigestSchedule>()("@workato-jobs/slackbot/DigestSchedule", {
  scoped: Effect.gen(function*() {
    const watches = yield* Watches
    const folderWatches = yield* FolderWatches
    const watched = yield* WatchedRecipes
    const digests = yield* Digests
    const stops = yield* RecipeStops
    const loops = yield* FiberMap.make<string>()

    const produce = (channel: string, intervalMs: number) =>
      Effect.gen(function*() {
        // Recipe watches and the recipes of watched folders as Workato lists them now.
        const { known, recipes: group } = yield* watched.inChannel(channel, intervalMs)
        if (group.length === 0) return
        // Stops first: the digest run that follows delivers any alert left unconfirmed.
        yield* stops.check(channel, group.map((w) => w.recipeId), known).pipe(
          Effect.catchAllCause((cause) => Effect.logError(`recipe stop check for ${channel} failed; tried again next interval`, cause))
        )
        yield* digests.run({
          channel,
          known,
          recipes: group.map((w) => ({ recipeId: w.recipeId, watched: true, lookBack: Duration.millis(w.intervalMs) }))
        })
      }).pipe(
        Effect.catchAllCause((cause) => Effect.logError(`scheduled digest for ${channel} failed; retried next interval`, cause))
      )

    const tick = (channel: string, intervalMs: number) =>
      runLeased(`digest:${groupKey(channel, intervalMs)}`, intervalMs, produce(channel, intervalMs)).pipe(
        Effect.catchAllCause((cause) => Effect.logError(`digest lease for ${channel} could not be taken; tried again next poll`, cause))
      )

    // First poll at once (a new watch is due at once: it shows its last interval right away).
    const loop = (channel: string, intervalMs: number) =>
      tick(channel, intervalMs).pipe(Effect.repeat(Schedule.fixed(pollEvery(intervalMs))), Effect.asVoid)

    // Once stopping, no loop starts again (a watch command's reconcile included).
    const stopped = yield* Ref.make(false)

    const reconcile = Effect.gen(function*() {
      if (yield* Ref.get(stopped)) return
      const all = [...(yield* watches.list), ...(yield* folderWatches.list)]
      const wanted = new Map(all.map((w) => [groupKey(w.channel, w.intervalMs), w] as const))
      for (const [key] of [...loops]) {
        if (!wanted.has(key)) yield* FiberMap.remove(loops, key)
      }
      for (const [key, w] of wanted) {
        yield* FiberMap.run(loops, key, loop(w.channel, w.intervalMs), { onlyIfMissing: true })
      }
    })

    yield* Effect.forkScoped(
      reconcile.pipe(
        Effect.catchAllCause((cause) => Effect.logError("re-reading the watches failed; tried again in a minute", cause)),
        Effect.repeat(Schedule.spaced("1 minute")),
        Effect.delay("1 minute")
      )
    )

    /**
     * Graceful stop: no digest starts any more; those in flight are interrupted (after any
     * record+post they are in, which is uninterruptible) and hand their leases back, so
     * another replica takes them at its next poll.
     */
    const stop = Effect.zipRight(Ref.set(stopped, true), FiberMap.clear(loops))

    return { reconcile, stop } as const
  })
}) {}

/** At start-up: WORKATO_WATCH seeds watches (kept as they are when already there), then the loops start. */
export const startSchedule = Effect.gen(function*() {
  const config = yield* BotConfig
  const watches = yield* Watches
  const folderWatches = yield* FolderWatches
  const schedule = yield* DigestSchedule
  const intervalMs = Duration.toMillis(config.digestInterval)
  for (const spec of config.initialWatches) {
    const seed = { channel: spec.channel, intervalMs, by: null, replace: false }
    yield* "folderId" in spec
      ? folderWatches.put({ ...seed, folderId: spec.folderId })
      : watches.put({ ...seed, recipeId: spec.recipeId })
  }
  yield* schedule.reconcile
})
