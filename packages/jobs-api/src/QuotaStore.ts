/**
 * Where the client reserves send times, one quota class per key. In memory
 * by default (one process); a shared implementation (a database) lets
 * several processes pace themselves against one Workato quota.
 *
 * @since 0.1.0
 */
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import { nextSendAt, record } from "./internal/quota/schedule.js"

/**
 * One reservation: at most `limit` sends of `key` in any `windowMillis`,
 * successive sends of one slot at least `windowMillis + marginMillis` apart.
 *
 * @example
 * ```ts
 * import type { QuotaReservation } from "@workato-jobs/jobs-api"
 *
 * const repeat: QuotaReservation = { key: "https://www.workato.com repeat", limit: 1, windowMillis: 1000, marginMillis: 12 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface QuotaReservation {
  readonly key: string
  readonly limit: number
  readonly windowMillis: number
  readonly marginMillis: number
}

/**
 * A store could not be reached or answered nonsense. The client then paces
 * from its own memory (a 429 is possible if other processes share the
 * quota, and is retried) and logs a warning.
 *
 * @example
 * ```ts
 * import { QuotaStoreError } from "@workato-jobs/jobs-api"
 *
 * new QuotaStoreError({ key: "https://www.workato.com repeat", detail: "connection refused" }).message
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class QuotaStoreError extends Schema.TaggedError<QuotaStoreError>("@workato-jobs/jobs-api/QuotaStoreError")(
  "QuotaStoreError",
  { key: Schema.String, detail: Schema.String }
) {
  override get message(): string {
    return `The quota store failed for ${this.key} (${this.detail}); pacing from this process's memory until it works again.`
  }
}

/**
 * What a store does. Both operations must be atomic per key across every
 * process sharing the store, and use the store's own clock (so clock skew
 * between processes does not matter).
 *
 * - `reserve`: records the earliest send time allowed by the earlier
 *   reservations of `key` (and any pause) and answers how many milliseconds
 *   from now that is.
 * - `pause`: no reservation of `key` may start earlier than `delayMillis`
 *   from now (Workato answered 429 with `Retry-After`).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import type { QuotaStoreService } from "@workato-jobs/jobs-api"
 *
 * // A store that never makes anyone wait: only sensible when nothing else enforces a quota.
 * const unlimited: QuotaStoreService = { reserve: () => Effect.succeed(0), pause: () => Effect.void }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface QuotaStoreService {
  readonly reserve: (reservation: QuotaReservation) => Effect.Effect<number, QuotaStoreError>
  readonly pause: (key: string, delayMillis: number) => Effect.Effect<void, QuotaStoreError>
}

interface KeyState {
  readonly times: Array<number>
  pausedUntil: number
}

// Enough history for any limit a caller passes (adaptive limits move between calls).
const keepAtLeast = 64

const makeMemory: Effect.Effect<QuotaStoreService> = Effect.sync(() => {
  const keys = new Map<string, KeyState>()
  const stateOf = (key: string): KeyState => {
    let state = keys.get(key)
    if (state === undefined) keys.set(key, state = { times: [], pausedUntil: 0 })
    return state
  }
  return {
    reserve: (reservation) =>
      Effect.map(Clock.currentTimeMillis, (now) => {
        const state = stateOf(reservation.key)
        const at = nextSendAt(state.times, reservation, now, state.pausedUntil)
        record(state.times, at, Math.max(keepAtLeast, reservation.limit))
        return at - now
      }),
    pause: (key, delayMillis) =>
      Effect.map(Clock.currentTimeMillis, (now) => {
        const state = stateOf(key)
        state.pausedUntil = Math.max(state.pausedUntil, now + delayMillis)
      })
  }
})

/**
 * The quota store service. Optional: without it every `JobsClient` layer
 * keeps its own in-memory store. Provide `QuotaStore.layerMemory` to share
 * one quota between several clients of one process, or your own layer (a
 * database) to share it between processes; see the README.
 *
 * @example
 * ```ts
 * import { NodeHttpClient } from "@effect/platform-node"
 * import { Layer, Redacted } from "effect"
 * import { JobsClient, QuotaStore } from "@workato-jobs/jobs-api"
 *
 * // Every client built from this layer shares one store (layers are built once per provide).
 * const Jobs = JobsClient.layer({ token: Redacted.make("sim-token"), baseUrl: "http://127.0.0.1:4010" }).pipe(
 *   Layer.provide(QuotaStore.layerMemory),
 *   Layer.provide(NodeHttpClient.layerUndici)
 * )
 * ```
 *
 * @since 0.1.0
 * @category services
 */
export class QuotaStore extends Context.Tag("@workato-jobs/jobs-api/QuotaStore")<QuotaStore, QuotaStoreService>() {
  /** A fresh in-memory store (one process). */
  static readonly memory: Effect.Effect<QuotaStoreService> = makeMemory

  /** One in-memory store as a layer: every client built with it shares its quotas. */
  static readonly layerMemory: Layer.Layer<QuotaStore> = Layer.effect(QuotaStore, makeMemory)

  /** Your own implementation as a layer. */
  static readonly layer = (service: QuotaStoreService): Layer.Layer<QuotaStore> => Layer.succeed(QuotaStore, service)

  /**
   * The arithmetic of `reserve`, for implementations: the earliest send time
   * (on the store's clock) given the earlier reservations of the key
   * (`times`, ascending; the latest `limit` suffice), `now` and the end of
   * any pause.
   */
  static readonly nextSendAt: (
    times: ReadonlyArray<number>,
    reservation: QuotaReservation,
    now: number,
    pausedUntil: number
  ) => number = nextSendAt
}
