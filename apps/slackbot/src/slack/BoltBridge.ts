/**
 * BoltBridge: how Bolt's promise-based listeners run Effect programs.
 *
 * One runtime, captured once from the app's layer, runs every handler: the Workato rate
 * limiter, the store and the Slack client are the same instances for every request. Work
 * is forked into a FiberSet owned by the layer's scope, so a listener can `ack()` first
 * and return at once, and shutting the bot down interrupts whatever is still running.
 *
 * It also drops repeated deliveries of one interaction (a retried request carries the same
 * trigger_id): together with the store's repeat locks, nothing is done twice.
 */
import type { JobsClient } from "@workato-jobs/jobs-api"
import { Effect, FiberSet } from "effect"
import type { BotConfig } from "../config.js"
import type { Digests } from "../digest/Digests.js"
import type { DigestSchedule } from "../digest/schedule.js"
import type { Repeats } from "../repeat/Repeats.js"
import type { Store } from "../store/Store.js"
import type { MessageUpdater } from "./MessageUpdater.js"
import type { SlackApp } from "./SlackApp.js"
import type { SlackWeb } from "./SlackWeb.js"

/** Everything a handler may use. */
export type HandlerServices =
  | BotConfig
  | Store
  | JobsClient
  | SlackApp
  | SlackWeb
  | MessageUpdater
  | Digests
  | DigestSchedule
  | Repeats

/** Handlers started per event-loop turn while others wait (see `fork`). */
const STARTS_PER_ROUND = 4
/** No request for this long ends a burst. */
const QUIET_MS = 3
/** Work never waits longer than this for a burst to end. */
const MAX_DEFER_MS = 100

/** Keys of recently seen deliveries (bounded: the oldest are forgotten first). */
const RECENT_LIMIT = 10_000

export class BoltBridge extends Effect.Service<BoltBridge>()("@workato-jobs/slackbot/BoltBridge", {
  scoped: Effect.gen(function*() {
    const run = yield* FiberSet.makeRuntime<HandlerServices, void, never>()
    const recent = new Set<string>()

    // Work waiting to start. Handlers start in small rounds, and only once requests have
    // stopped arriving for a moment (or the oldest has waited MAX_DEFER_MS): in a burst of
    // clicks every ack goes out first, then the work behind them runs. A round starts a few
    // handlers and yields to Node (setImmediate runs after the poll phase), so requests that
    // arrive meanwhile are still read and acked between rounds.
    const waiting: Array<{ readonly start: () => void; readonly since: number }> = []
    let lastArrival = 0
    let scheduled = false
    const round = () => {
      scheduled = false
      const now = performance.now()
      const oldest = waiting[0]
      if (oldest === undefined) return
      if (now - lastArrival < QUIET_MS && now - oldest.since < MAX_DEFER_MS) return schedule(QUIET_MS)
      for (const item of waiting.splice(0, STARTS_PER_ROUND)) item.start()
      if (waiting.length > 0) schedule(0)
    }
    const schedule = (delayMs: number) => {
      if (scheduled) return
      scheduled = true
      if (delayMs === 0) setImmediate(round)
      else setTimeout(round, delayMs)
    }

    /** Runs `effect` in the background; failures are logged (users were answered already). */
    const fork = (label: string, effect: Effect.Effect<void, never, HandlerServices>): void => {
      lastArrival = performance.now()
      waiting.push({
        since: lastArrival,
        start: () =>
          void run(effect.pipe(
            Effect.catchAllCause((cause) => Effect.logError(`${label} failed`, cause)),
            Effect.withSpan(label)
          ))
      })
      schedule(QUIET_MS)
    }

    /**
     * False for a delivery already seen (same key, e.g. trigger_id) or for one Slack marks as
     * a retry (X-Slack-Retry-Num): the first delivery is being handled already.
     */
    const firstDelivery = (key: string | undefined, retryNum: number | undefined): boolean => {
      if (retryNum !== undefined && retryNum > 0) return false
      if (key === undefined || key === "") return true
      if (recent.has(key)) return false
      recent.add(key)
      if (recent.size > RECENT_LIMIT) recent.delete(recent.values().next().value!)
      return true
    }

    return { fork, firstDelivery } as const
  })
}) {}
