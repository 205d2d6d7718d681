/**
 * This replica's heartbeat: a lease named `replica:<id>` (store/Leases.ts) renewed while the
 * process runs and handed back when it stops. Work a replica leaves in the database (repeat
 * locks in flight, Repeat all runs) is settled by others only once its heartbeat is gone, so
 * one replica starting never mistakes another's live work for a crash's leftovers.
 */
import { Clock, Duration, Effect, Layer, Option, Schedule } from "effect"
import { Leases } from "../store/Leases.js"
import { replicaLeaseName } from "../store/RepeatLocks.js"
import { Replica } from "./Replica.js"

/** How long a replica counts as alive after its last renewal (a stall this long makes it "gone"). */
export const HEARTBEAT_TTL = Duration.seconds(30)
const RENEW_EVERY = Duration.seconds(10)

export const HeartbeatLive = Layer.scopedDiscard(Effect.gen(function*() {
  const leases = yield* Leases
  const { id } = yield* Replica
  const ttl = Duration.toMillis(HEARTBEAT_TTL)
  const now = yield* Clock.currentTimeMillis
  // A fresh name: due at once and held by nobody, so this always takes it.
  const taken = yield* leases.take({ name: replicaLeaseName(id), holder: id, now, until: now + ttl })
  if (Option.isNone(taken)) return yield* Effect.dieMessage(`replica ${id} could not take its own heartbeat`)
  const lease = taken.value
  yield* Effect.addFinalizer(() => leases.handBack(lease))
  const renew = Effect.flatMap(Clock.currentTimeMillis, (at) => leases.renew(lease, at + ttl))
  yield* Effect.forkScoped(renew.pipe(Effect.repeat(Schedule.spaced(RENEW_EVERY))))
}))
