/**
 * A request limiter that keeps any window of length `window` (on the
 * server's clock) to at most `limit` requests.
 *
 * Effect's `RateLimiter` cannot promise that: its token bucket starts full
 * and refills continuously (up to 2·limit − 1 starts fit in one window), and
 * its fixed window is aligned to the client's first call, not to the
 * server's windows. Here each request holds one of `limit` slots from before
 * it is sent until `window` after its response arrived (or it failed). Two
 * requests that use the same slot therefore reach the server at least
 * `window` apart, whatever the latency, so no window of that length can see
 * more than `limit` of them.
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import type * as Scope from "effect/Scope"

export interface Limiter {
  /** Runs `effect` as one request under the quota. */
  <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R>
  /** Holds back every later request until `delay` from now (the server asked us to wait). */
  readonly pause: (delay: Duration.Duration) => Effect.Effect<void>
}

/**
 * `perWindow` may be fractional: 0.5 per second becomes 1 request per 2 s,
 * 2.5 per second becomes 2 per 800 ms.
 */
export const quota = (perWindow: number, window: Duration.Duration): { limit: number; window: Duration.Duration } => {
  const limit = Math.max(1, Math.floor(perWindow))
  return { limit, window: Duration.millis(Math.ceil(Duration.toMillis(window) * limit / perWindow)) }
}

// Margin against servers that count a request exactly `window` old as still inside the window.
const boundaryMarginMillis = 1

export const make = (options: { readonly limit: number; readonly window: Duration.Duration }): Effect.Effect<
  Limiter,
  never,
  Scope.Scope
> =>
  Effect.gen(function*() {
    const scope = yield* Effect.scope
    const slots = yield* Effect.makeSemaphore(options.limit)
    const pausedUntil = yield* Ref.make(0)
    const holdMillis = Duration.toMillis(options.window) + boundaryMarginMillis

    // Forked from an uninterruptible region: make the timer interruptible so closing the layer is immediate.
    const releaseLater = Effect.sleep(holdMillis).pipe(
      Effect.zipRight(slots.release(1)),
      Effect.interruptible,
      Effect.forkIn(scope),
      Effect.asVoid
    )

    const awaitPause: Effect.Effect<void> = Effect.gen(function*() {
      const now = yield* Clock.currentTimeMillis
      const until = yield* Ref.get(pausedUntil)
      if (until > now) {
        yield* Effect.sleep(until - now)
        yield* awaitPause
      }
    })

    const limiter = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
      Effect.uninterruptibleMask((restore) =>
        restore(slots.take(1)).pipe(
          Effect.zipRight(restore(Effect.zipRight(awaitPause, effect)).pipe(Effect.ensuring(releaseLater)))
        )
      )

    const pause = (delay: Duration.Duration) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) =>
        Ref.update(pausedUntil, (until) => Math.max(until, now + Duration.toMillis(delay))))

    return Object.assign(limiter, { pause })
  })
