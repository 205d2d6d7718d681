/**
 * Periodic work that exactly one replica does per interval (see store/Leases.ts): every
 * replica offers to do it, the one that takes the lease does it while renewing the lease,
 * then sets when it is next due. Stopping mid-way hands the lease back at once; dying keeps
 * it until it expires. With polls every half interval and leases of a quarter interval, a
 * dead holder's work is taken over well within one interval.
 */
import { Clock, Duration, Effect, Exit, Schedule } from "effect"
import { Leases } from "../store/Leases.js"
import { Replica } from "./Replica.js"

/** How long a lease lasts without renewal: a quarter interval, within [5 s, 5 min]. */
export const leaseLength = (intervalMs: number) => Math.min(5 * 60_000, Math.max(5_000, Math.floor(intervalMs / 4)))

/** How often each replica offers to do the work: twice per interval. */
export const pollEvery = (intervalMs: number) => Duration.millis(Math.max(1, Math.floor(intervalMs / 2)))

/** The next due time after a run of the slot due at `dueAt`: the next interval boundary after now. */
export const nextDue = (dueAt: number, intervalMs: number, now: number) =>
  dueAt + intervalMs * Math.max(1, Math.ceil((now - dueAt + 1) / intervalMs))

/**
 * Runs `work` if this replica takes the lease `name` (due, and free or expired); otherwise
 * does nothing. True when it ran.
 */
export const runLeased = <E, R>(name: string, intervalMs: number, work: Effect.Effect<void, E, R>) =>
  Effect.gen(function*() {
    const leases = yield* Leases
    const { id } = yield* Replica
    const length = leaseLength(intervalMs)
    const now = yield* Clock.currentTimeMillis
    const taken = yield* leases.take({ name, holder: id, now, until: now + length })
    if (taken._tag === "None") return false
    const lease = taken.value
    const renew = Effect.gen(function*() {
      const at = yield* Clock.currentTimeMillis
      const held = yield* leases.renew(lease, at + length)
      if (!held) yield* Effect.logWarning(`lease ${name} expired while running; another replica may have taken it over`)
    })
    yield* Effect.scoped(
      Effect.gen(function*() {
        yield* Effect.forkScoped(renew.pipe(Effect.repeat(Schedule.spaced(Duration.millis(Math.floor(length / 3)))), Effect.delay(Duration.millis(Math.floor(length / 3)))))
        return yield* work
      })
    ).pipe(
      Effect.onExit((exit) =>
        Exit.isInterrupted(exit)
          ? leases.handBack(lease)
          : Effect.flatMap(Clock.currentTimeMillis, (at) => leases.complete(lease, nextDue(lease.dueAt, intervalMs, at)))
      )
    )
    return true
  })
