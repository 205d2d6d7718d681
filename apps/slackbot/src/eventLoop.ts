/**
 * Letting Node's event loop turn in the middle of long work, so that Slack requests arriving
 * meanwhile are read and acked within milliseconds (a 5,000-failure digest is ~100 ms of CPU).
 *
 * `Effect.yieldNow()` is not enough: it lets other fibers run, but resumes in a microtask of
 * the same turn, before any timer or socket is looked at.
 */
import { Effect } from "effect"

/**
 * Resumes from `setImmediate` (real time, not the Clock): after the sockets are polled — in
 * this turn's check phase when called while handling I/O, else after a whole turn. So yield
 * before each long step, not only after: then every step runs in a turn of its own.
 */
export const yieldToEventLoop: Effect.Effect<void> = Effect.async<void>((resume) => {
  const handle = setImmediate(() => resume(Effect.void))
  return Effect.sync(() => clearImmediate(handle))
})
