/**
 * The digest schedule: one fiber per (channel, interval) group of watches, so the watches
 * of a channel that share an interval post one message together. `reconcile` starts and
 * stops fibers to match the store; it runs at start-up and after every watch/unwatch.
 *
 * Each tick re-reads the group's watches (a change takes effect on the next tick) and never
 * fails: a Workato outage or a Slack refusal is logged and the same jobs come next tick.
 */
import { Duration, Effect, FiberMap, Schedule } from "effect"
import { BotConfig } from "../config.js"
import { Watches } from "../store/index.js"
import { Digests } from "./Digests.js"

const groupKey = (channel: string, intervalMs: number) => `${channel}|${intervalMs}`

export class DigestSchedule extends Effect.Service<DigestSchedule>()("@workato-jobs/slackbot/DigestSchedule", {
  scoped: Effect.gen(function*() {
    const watches = yield* Watches
    const digests = yield* Digests
    const loops = yield* FiberMap.make<string>()

    const tick = (channel: string, intervalMs: number) =>
      Effect.gen(function*() {
        const group = (yield* watches.inChannel(channel)).filter((w) => w.intervalMs === intervalMs)
        if (group.length === 0) return
        yield* digests.run({
          channel,
          recipes: group.map((w) => ({ recipeId: w.recipeId, watched: true, lookBack: Duration.millis(w.intervalMs) }))
        })
      }).pipe(
        Effect.catchAllCause((cause) => Effect.logError(`scheduled digest for ${channel} failed; retried next tick`, cause))
      )

    // First run at once (a new watch shows its last interval right away), then every interval.
    const loop = (channel: string, intervalMs: number) =>
      tick(channel, intervalMs).pipe(Effect.repeat(Schedule.fixed(Duration.millis(intervalMs))), Effect.asVoid)

    const reconcile = Effect.gen(function*() {
      const all = yield* watches.list
      const wanted = new Map(all.map((w) => [groupKey(w.channel, w.intervalMs), w] as const))
      for (const [key] of [...loops]) {
        if (!wanted.has(key)) yield* FiberMap.remove(loops, key)
      }
      for (const [key, w] of wanted) {
        yield* FiberMap.run(loops, key, loop(w.channel, w.intervalMs), { onlyIfMissing: true })
      }
    })

    return { reconcile } as const
  })
}) {}

/** At start-up: WORKATO_WATCH seeds watches (kept as they are when already there), then the loops start. */
export const startSchedule = Effect.gen(function*() {
  const config = yield* BotConfig
  const watches = yield* Watches
  const schedule = yield* DigestSchedule
  for (const spec of config.initialWatches) {
    yield* watches.put({
      channel: spec.channel,
      recipeId: spec.recipeId,
      intervalMs: Duration.toMillis(config.digestInterval),
      by: null,
      replace: false
    })
  }
  yield* schedule.reconcile
})
