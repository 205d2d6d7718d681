/**
 * Driving code that sleeps on the TestClock while it also does real socket I/O.
 *
 * Sleeps (pacing, backoff, timeouts) are virtual, but HTTP round trips to the
 * in-process simulator take real time. `runVirtual` forks the effect and then
 * alternates a short real pause (so sockets make progress) with a small
 * `TestClock.adjust`, until the fiber is done, within a bounded number of steps.
 */
import { Duration, Effect, Exit, Fiber, Option, TestClock } from "effect"

/** Lets real I/O (loopback HTTP) make progress: a few milliseconds of wall time. */
export const realPause = (ms = 2): Effect.Effect<void> =>
  Effect.promise(() => new Promise<void>((resolve) => setTimeout(resolve, ms)))

export interface DriveOptions {
  /** Virtual time per step; default 100 ms. */
  readonly step?: Duration.DurationInput
  /** Bound on the number of steps; default 3000. */
  readonly maxSteps?: number
}

export const runVirtual = <A, E>(effect: Effect.Effect<A, E>, options: DriveOptions = {}): Effect.Effect<A, E> =>
  Effect.gen(function*() {
    const step = options.step ?? Duration.millis(100)
    const maxSteps = options.maxSteps ?? 3000
    const fiber = yield* Effect.fork(effect)
    for (let i = 0; i < maxSteps; i++) {
      yield* realPause()
      const done = yield* Fiber.poll(fiber)
      if (Option.isSome(done)) return yield* Exit.isSuccess(done.value) ? Effect.succeed(done.value.value) : done.value
      yield* TestClock.adjust(step)
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

/** Waits (real time, bounded) until at least `n` fibers sleep on the TestClock. */
export const sleepers = (n = 1): Effect.Effect<void> =>
  Effect.gen(function*() {
    for (let i = 0; i < 2000; i++) {
      const sleeps = yield* TestClock.sleeps()
      if (sleeps.length >= n) return
      yield* realPause()
    }
    return yield* Effect.dieMessage(`sleepers: fewer than ${n} sleeping fibers`)
  })
