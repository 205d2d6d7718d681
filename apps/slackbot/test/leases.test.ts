import { assert, describe, it } from "@effect/vitest"
import { Clock, Deferred, Duration, Effect, Fiber, Layer, Option, Ref, Schedule, TestClock, TestServices } from "effect"
import { leaseLength, nextDue, runLeased } from "../src/replicas/leased.js"
import { Replica } from "../src/replicas/Replica.js"
import { databaseLayer } from "../src/store/database.js"
import { Leases } from "../src/store/Leases.js"
import { freshDatabase } from "./database.js"

const INTERVAL = Duration.toMillis("15 minutes")

/** `n` replicas on one fresh database (each its own connection, as separate processes would have). */
const replicas = (n: number) =>
  Effect.gen(function*() {
    const database = yield* freshDatabase
    return yield* Effect.forEach(Array.from({ length: n }, (_, i) => `replica-${i}`), (id) =>
      Layer.build(Layer.mergeAll(Leases.Default, Layer.succeed(Replica, Replica.make({ id }))).pipe(Layer.provide(databaseLayer(database)))))
  })

describe("leases", () => {
  it("next due: the next interval boundary after the run", () => {
    assert.strictEqual(nextDue(0, 100, 5), 100)
    assert.strictEqual(nextDue(0, 100, 99), 100)
    assert.strictEqual(nextDue(0, 100, 100), 200)
    assert.strictEqual(nextDue(0, 100, 350), 400)
    assert.strictEqual(leaseLength(INTERVAL), INTERVAL / 4)
  })

  it.scoped("three replicas offer the same work at once: one does it, once per interval", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(1_764_000_000_000)
      const contexts = yield* replicas(3)
      const runs = yield* Ref.make<Array<string>>([])
      const offer = Effect.forEach(contexts, (context) =>
        Effect.provide(
          runLeased("digest:C1:900000", INTERVAL, Effect.flatMap(Replica, (r) => Ref.update(runs, (all) => [...all, r.id]))),
          context
        ), { concurrency: "unbounded" })
      const first = yield* offer
      assert.strictEqual(first.filter(Boolean).length, 1)
      yield* TestClock.adjust(INTERVAL / 2)
      assert.deepStrictEqual(yield* offer, [false, false, false]) // not due yet
      yield* TestClock.adjust(INTERVAL / 2)
      assert.strictEqual((yield* offer).filter(Boolean).length, 1)
      assert.strictEqual((yield* Ref.get(runs)).length, 2)
    }))

  it.scoped("a replica that dies holding the lease: another takes the work over once the lease expires", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(1_764_000_000_000)
      const [a, b] = yield* replicas(2)
      const now = 1_764_000_000_000
      // A takes the lease and never comes back (no renewal, no hand-back).
      const taken = yield* Effect.provide(
        Effect.flatMap(Leases, (l) => l.take({ name: "w", holder: "replica-0", now, until: now + leaseLength(INTERVAL) })),
        a!
      )
      assert.isTrue(Option.isSome(taken))
      const offerB = Effect.provide(runLeased("w", INTERVAL, Effect.void), b!)
      assert.isFalse(yield* offerB) // held
      yield* TestClock.adjust(leaseLength(INTERVAL))
      assert.isTrue(yield* offerB) // expired: B does it, well within the interval
      const row = yield* Effect.provide(Effect.flatMap(Leases, (l) => l.find("w")), b!)
      assert.deepStrictEqual(row, Option.some({ holder: null, expiresAt: null, dueAt: now + INTERVAL }))
    }))

  it.scoped("a replica stopped mid-work hands the lease back at once; a long run keeps its lease by renewing it", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(1_764_000_000_000)
      const [a, b] = yield* replicas(2)
      const started = yield* Deferred.make<void>()
      const slow = Effect.zipRight(Deferred.succeed(started, undefined), Effect.never)
      const running = yield* Effect.fork(Effect.provide(runLeased("w", INTERVAL, slow), a!))
      yield* Deferred.await(started)
      // Three lease lengths later A still holds it (renewed), so B may not take it.
      const renewedPast = (at: number) =>
        Effect.provide(Effect.flatMap(Leases, (l) => l.find("w")), a!).pipe(
          Effect.map((row) => Option.exists(row, (r) => (r.expiresAt ?? 0) > at)),
          Effect.filterOrFail((ok) => ok),
          Effect.retry(Schedule.spaced("5 millis").pipe(Schedule.upTo("5 seconds"))),
          Effect.isSuccess,
          TestServices.provideLive
        )
      for (let i = 0; i < 9; i++) {
        yield* TestClock.adjust(leaseLength(INTERVAL) / 3)
        const now = yield* Clock.currentTimeMillis
        assert.isTrue(yield* renewedPast(now + leaseLength(INTERVAL) / 2))
      }
      const offerB = Effect.provide(runLeased("w", INTERVAL, Effect.void), b!)
      assert.isFalse(yield* offerB)
      yield* Fiber.interrupt(running)
      assert.isTrue(yield* offerB)
    }))
})
