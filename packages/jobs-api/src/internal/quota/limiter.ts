/**
 * Paces the requests of one quota class by send time.
 *
 * Each request reserves a send time in the quota store: the `limit`-th
 * latest reservation plus one window plus the margin (see margin.ts). Any
 * window of sends then holds at most `limit`, and Workato's windows, which
 * count arrivals, do too as long as arrival delays differ by less than the
 * margin. A 429 (Workato did not run the request) widens the margin; with
 * `Retry-After` the class pauses that long.
 *
 * Each process keeps at most one reservation not yet sent, so processes
 * sharing a store take turns instead of one booking the quota far ahead.
 * With `adaptive`, the limit probes above the configured quota (adaptive.ts).
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import { QuotaStore, type QuotaStoreError, type QuotaStoreService } from "../../QuotaStore.js"
import * as Adaptive from "./adaptive.js"
import * as Margin from "./margin.js"

export interface Limiter {
  /**
   * Runs one request at its reserved send time; `isThrottled` tells a 429
   * answer. The request calls `onWire` as it is handed to the HTTP client:
   * how late that is behind the reserved time (a busy event loop, a slow
   * body) goes into the margin.
   */
  readonly run: <A, E, R>(
    request: (onWire: Effect.Effect<void>) => Effect.Effect<A, E, R>,
    isThrottled: (a: A) => boolean
  ) => Effect.Effect<A, E, R>
  /** Holds back every later request of the class (every process sharing the store) until `delay` from now. */
  readonly pause: (delay: Duration.Duration) => Effect.Effect<void>
  /** How many requests a caller should keep queued to use the whole quota (more when answers are slow). */
  readonly depth: Effect.Effect<number>
  /** The current margin (ms). */
  readonly marginMillis: Effect.Effect<number>
  /** The current limit per window (moves in adaptive mode). */
  readonly limit: Effect.Effect<number>
}

/**
 * `perWindow` may be fractional: 0.5 per second becomes 1 request per 2 s,
 * 2.5 per second becomes 2 per 800 ms.
 */
export const quota = (perWindow: number, window: Duration.Duration): { limit: number; window: Duration.Duration } => {
  const limit = Math.max(1, Math.floor(perWindow))
  return { limit, window: Duration.millis(Math.ceil(Duration.toMillis(window) * limit / perWindow)) }
}

/** The `QuotaStore` in context, else a fresh in-memory one (this client alone). */
export const storeFromContext: Effect.Effect<QuotaStoreService> = Effect.flatMap(
  Effect.serviceOption(QuotaStore),
  Option.match({ onNone: () => QuotaStore.memory, onSome: Effect.succeed })
)

export interface LimiterOptions {
  /** The store key: one key = one quota, shared by every limiter (and process) using it. */
  readonly key: string
  readonly perWindow: number
  readonly window: Duration.Duration
  readonly store: QuotaStoreService
  /** Probe above `perWindow` (Enterprise quotas); off by default. */
  readonly adaptive?: boolean | undefined
}

// Requests of one class under way at full pace: one per slot in flight plus one waiting, plus
// one per window a round trip takes (as many connections as the HTTP client will hold open).
const inFlight = (margin: Margin.Margin, limit: number, windowMillis: number) =>
  limit * (2 + Math.floor(Margin.meanRtt(margin) / windowMillis))

// An adaptive ceiling is forgotten after this long without a 429.
const reprobeMillis = 10 * 60_000

export const make = (options: LimiterOptions): Effect.Effect<Limiter> =>
  Effect.gen(function*() {
    const base = quota(options.perWindow, options.window)
    const secondsPerWindow = Duration.toSeconds(options.window)
    const current = yield* Ref.make({ limit: base.limit, windowMillis: Duration.toMillis(base.window) })
    const adaptive = options.adaptive === true
      ? yield* Effect.flatMap(Clock.currentTimeMillis, (now) => Ref.make(Adaptive.initial(options.perWindow / secondsPerWindow, secondsPerWindow, now)))
      : undefined
    const margin = yield* Ref.make(Margin.initial)
    const pausedUntil = yield* Ref.make(0)
    // One reservation at a time not yet on the wire (see `run`).
    const unsent = yield* Effect.makeSemaphore(1)
    // Used while the shared store fails: this process alone stays within the quota.
    const local = yield* QuotaStore.memory
    const storeFailing = yield* Ref.make(false)

    const onStoreError = (error: QuotaStoreError) =>
      Effect.flatMap(
        Ref.getAndSet(storeFailing, true),
        (failing) => failing ? Effect.void : Effect.logWarning(error.message)
      )

    // The quota to pace at now: the configured one, or the adaptive rate as `limit` per window.
    const pace = (now: number) =>
      adaptive === undefined ? Ref.get(current) : Effect.gen(function*() {
        const state = yield* Ref.updateAndGet(adaptive, (s) => Adaptive.expireCeiling(s, now, reprobeMillis))
        // Whole requests per Workato window above the base quota (see adaptive.ts).
        const limit = Math.floor(Adaptive.rate(state, now) * secondsPerWindow)
        const next = limit <= base.limit
          ? { limit: base.limit, windowMillis: Duration.toMillis(base.window) }
          : { limit, windowMillis: Duration.toMillis(options.window) }
        yield* Ref.set(current, next)
        return next
      })

    const reserve = (now: number): Effect.Effect<number> =>
      Effect.flatMap(Effect.zip(pace(now), Ref.get(margin)), ([{ limit, windowMillis }, m]) => {
      const marginMillis = Margin.millis(m, windowMillis, inFlight(m, limit, windowMillis))
      const reservation = { key: options.key, limit, windowMillis, marginMillis }
      return options.store.reserve(reservation).pipe(
        Effect.tap(() => Ref.set(storeFailing, false)),
        Effect.catchAll((error) => Effect.zipRight(onStoreError(error), Effect.orDie(local.reserve(reservation))))
      )
    })

    // Waits for a reserved send time; answers it (this process's clock).
    const turn: Effect.Effect<number> = Effect.gen(function*() {
      const reservedAt = yield* Clock.currentTimeMillis
      const wait = yield* reserve(reservedAt)
      if (wait > 0) yield* Effect.sleep(wait)
      const now = yield* Clock.currentTimeMillis
      const until = yield* Ref.get(pausedUntil)
      // Paused after this reservation was made: wait it out, then queue again behind the pause.
      if (until > now) {
        yield* Effect.sleep(until - now)
        return yield* turn
      }
      if (adaptive !== undefined) yield* Ref.update(adaptive, (s) => Adaptive.sent(s, now))
      return reservedAt + Math.max(0, wait)
    })

    const run = <A, E, R>(
      request: (onWire: Effect.Effect<void>) => Effect.Effect<A, E, R>,
      isThrottled: (a: A) => boolean
    ): Effect.Effect<A, E, R> =>
      Effect.gen(function*() {
        // A reservation is made only once every earlier one of this process is on the wire: its
        // anchor (the limit-th latest send) is then one of them, and that send's lateness is in
        // the margin. It costs nothing (a send that is due goes at once) and keeps processes
        // that share a store taking turns: each holds at most one reservation not yet sent.
        const released = yield* Ref.make(false)
        const release = Effect.flatMap(Ref.getAndSet(released, true), (done) => done ? Effect.void : unsent.release(1))
        const wireAt = yield* Ref.make(Option.none<number>())
        const sendAnswer = Effect.acquireUseRelease(unsent.take(1), () =>
          Effect.gen(function*() {
            const due = yield* turn
            const onWire = Effect.flatMap(Clock.currentTimeMillis, (now) =>
              Effect.all([
                Ref.set(wireAt, Option.some(now)),
                Effect.flatMap(Ref.get(current), ({ windowMillis }) =>
                  Ref.update(margin, (m) => Margin.sent(m, now - due, now, windowMillis))),
                release
              ], { discard: true }))
            return [yield* request(onWire), due] as const
          }), () => release)
        const [answer, due] = yield* sendAnswer
        const now = yield* Clock.currentTimeMillis
        const sentAt = Option.getOrElse(yield* Ref.get(wireAt), () => due)
        const { limit, windowMillis } = yield* Ref.get(current)
        if (isThrottled(answer)) {
          yield* Ref.update(margin, (m) => Margin.throttled(m, now - sentAt, windowMillis, now))
          if (adaptive !== undefined) {
            yield* Ref.update(adaptive, (s) => Adaptive.throttled(s, now, windowMillis, limit * 1000 / windowMillis))
          }
        } else {
          yield* Ref.update(margin, (m) => Margin.answered(m, now - sentAt))
        }
        return answer
      })

    const pause = (delay: Duration.Duration): Effect.Effect<void> =>
      Effect.gen(function*() {
        const now = yield* Clock.currentTimeMillis
        const delayMillis = Duration.toMillis(delay)
        yield* Ref.update(pausedUntil, (until) => Math.max(until, now + delayMillis))
        yield* options.store.pause(options.key, delayMillis).pipe(
          Effect.catchAll((error) => Effect.zipRight(onStoreError(error), Effect.orDie(local.pause(options.key, delayMillis))))
        )
      })

    // Adaptive: room for the limit to double meanwhile.
    const depth = Effect.map(
      Effect.all([Ref.get(margin), Ref.get(current)]),
      ([m, { limit, windowMillis }]) => (adaptive === undefined ? 1 : 2) * inFlight(m, limit, windowMillis)
    )

    return {
      run,
      pause,
      depth,
      marginMillis: Effect.map(
        Effect.zip(Ref.get(margin), Ref.get(current)),
        ([m, q]) => Margin.millis(m, q.windowMillis, inFlight(m, q.limit, q.windowMillis))
      ),
      limit: Effect.map(Ref.get(current), (q) => q.limit)
    }
  })
