/**
 * BoltBridge: how Bolt's promise-based listeners run Effect programs.
 *
 * One runtime, captured once from the app's layer, runs every handler: the Workato rate
 * limiter, the store and the Slack client are the same instances for every request. Work
 * is forked into a FiberSet owned by the layer's scope, so a listener can `ack()` first
 * and return at once, and shutting the bot down interrupts whatever is still running. Forked
 * work starts after the current burst of requests (SlackApp's `afterBurst`).
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
import { SlackApp } from "./SlackApp.js"
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

/** Keys of recently seen deliveries (bounded: the oldest are forgotten first). */
const RECENT_LIMIT = 10_000

export class BoltBridge extends Effect.Service<BoltBridge>()("@workato-jobs/slackbot/BoltBridge", {
  scoped: Effect.gen(function*() {
    const run = yield* FiberSet.makeRuntime<HandlerServices, void, never>()
    const { afterBurst } = yield* SlackApp
    const recent = new Set<string>()

    /**
     * Runs `effect` in the background once the current burst of requests has been acked (see
     * afterBurst.ts); failures are logged (users were answered already).
     */
    const fork = (label: string, effect: Effect.Effect<void, never, HandlerServices>): void =>
      afterBurst.defer(() =>
        void run(effect.pipe(
          Effect.catchAllCause((cause) => Effect.logError(`${label} failed`, cause)),
          Effect.withSpan(label)
        ))
      )

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
