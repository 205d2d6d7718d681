/**
 * Driving code that sleeps on the TestClock while it also does real socket I/O.
 *
 * Sleeps (pacing, backoff, timeouts) are virtual, but HTTP round trips to the
 * in-process simulator take real time. `runVirtual` forks the effect and then
 * alternates a short real pause (so sockets make progress) with a
 * `TestClock.adjust` to the next sleeper's wake time (at most `step`), until
 * the fiber is done, within a bounded number of steps. Never jumping past a
 * wake time matters: a fiber woken at t that sends a request must reach the
 * sim at t, not at the end of a longer step.
 * While a request has been in flight for less than `graceMs` of real time the
 * clock stays put, so a busy machine cannot turn a slow loopback round trip
 * into a (virtual) timeout or into a (virtual) delay on the way to the sim;
 * a request that really hangs lets the clock move. Requests the sim holds on
 * the TestClock (its latency) do not hold the clock.
 */
import { Chunk, Clock, Duration, Effect, Exit, Fiber, Option, TestClock } from "effect"

/** Lets real I/O (loopback HTTP) make progress: a few milliseconds of wall time. */
export const realPause = (ms = 2): Effect.Effect<void> =>
  Effect.promise(() => new Promise<void>((resolve) => setTimeout(resolve, ms)))

/** HTTP requests in flight (real start times), maintained by the tracked client of `clientFor`. */
export const inFlight = new Set<{ readonly startedAt: number }>()

/** Waits of the sim on the TestClock in progress (latency, fault delays), maintained by `simulator`. */
export const heldBySim = { count: 0 }

const settling = (graceMs: number): boolean => {
  const now = Date.now()
  let young = 0
  for (const request of inFlight) if (now - request.startedAt < graceMs) young++
  return young > heldBySim.count
}

export interface DriveOptions {
  /** Virtual time per step; default 100 ms. */
  readonly step?: Duration.DurationInput
  /** Bound on the number of steps; default 3000. */
  readonly maxSteps?: number
  /**
   * Real time a request may take before the clock moves anyway; default 2 s (a loaded machine can
   * take that long over loopback, and a clock that moves while a request is on its way turns into
   * a delay before the sim counts it). Tests of requests that hang on purpose pass less.
   */
  readonly graceMs?: number
}

/** Options for a run where a request hangs on purpose: the clock moves after 250 ms of real time. */
export const hanging: DriveOptions = { graceMs: 250 }

export const runVirtual = <A, E>(effect: Effect.Effect<A, E>, options: DriveOptions = {}): Effect.Effect<A, E> =>
  Effect.gen(function*() {
    const stepMillis = Duration.toMillis(options.step ?? Duration.millis(100))
    const maxSteps = options.maxSteps ?? 3000
    const graceMs = options.graceMs ?? 2000
    const fiber = yield* Effect.fork(effect)
    for (let steps = 0, pauses = 0; steps < maxSteps && pauses < maxSteps * 20; pauses++) {
      yield* realPause()
      const done = yield* Fiber.poll(fiber)
      if (Option.isSome(done)) return yield* Exit.isSuccess(done.value) ? Effect.succeed(done.value.value) : done.value
      if (settling(graceMs)) continue
      const now = yield* Clock.currentTimeMillis
      const next = Chunk.reduce(yield* TestClock.sleeps(), Infinity, (min, t) => t >= now ? Math.min(min, t) : min)
      yield* TestClock.adjust(Math.min(stepMillis, next - now))
      steps++
    }
    yield* Fiber.interrupt(fiber)
    return yield* Effect.dieMessage(`runVirtual: not done after ${maxSteps} steps`)
  })

/** Waits in real time (bounded) until `condition` holds; dies if it never does. */
export const eventually = (condition: () => boolean, what: string, maxPauses = 2000): Effect.Effect<void> =>
  Effect.gen(function*() {
    for (let i = 0; i < maxPauses; i++) {
      if (condition()) return
      yield* realPause()
    }
    return yield* Effect.dieMessage(`eventually: ${what} did not happen`)
  })

/**
 * Waits (real time, bounded) until at least `n` fibers sleep on the TestClock
 * until exactly `wakeAt` (epoch ms). Matching the wake time matters: the
 * client also has unrelated timers (a quota slot is released a window after
 * each request).
 */
export const sleepersUntil = (wakeAt: number, n = 1): Effect.Effect<void> =>
  Effect.gen(function*() {
    for (let i = 0; i < 2000; i++) {
      const sleeps = yield* TestClock.sleeps()
      if (Chunk.filter(sleeps, (t) => t === wakeAt).length >= n) return
      yield* realPause()
    }
    return yield* Effect.dieMessage(`sleepersUntil: fewer than ${n} fibers sleeping until ${wakeAt}`)
  })
