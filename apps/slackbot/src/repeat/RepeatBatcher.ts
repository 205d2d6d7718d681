/**
 * RepeatBatcher: one queue per recipe in front of JobsClient.repeat, so repeats asked for at
 * the same time (many people clicking Repeat in a burst, or a Repeat all beside single clicks)
 * share requests of up to 25 jobs. Workato's quota counts requests (1 per second), not jobs:
 * while one request waits for its turn, the next clicks gather into the following one.
 *
 * A recipe's queue and its worker fiber exist only while it has work: the worker ends (and
 * the queue is dropped) as soon as its queue is empty, so typing many recipe ids costs nothing.
 * A caller interrupted before its jobs were handed to a request takes them back (they are
 * skipped); `onSent` tells it which ones were handed over, so it knows what may have run.
 */
import { type InvalidJobIds, JobsClient, ResponseDecodeError, RepeatResult } from "@workato-jobs/jobs-api"
import { Array as Arr, Deferred, Effect, Either, Option, Queue } from "effect"

/** Workato takes at most 25 job ids per repeat request. */
export const MAX_PER_REQUEST = 25

export type BatchedResult = Either.Either<RepeatResult, InvalidJobIds>

interface Pending {
  readonly masterJobId: string
  readonly done: Deferred.Deferred<BatchedResult>
  readonly onSent: () => void
  /** The caller gave up before this was sent. */
  cancelled: boolean
  sent: boolean
}

export class RepeatBatcher extends Effect.Service<RepeatBatcher>()("@workato-jobs/slackbot/RepeatBatcher", {
  scoped: Effect.gen(function*() {
    const jobs = yield* JobsClient
    const scope = yield* Effect.scope
    const queues = new Map<number, Queue.Queue<Pending>>()

    const send = (recipeId: number, batch: ReadonlyArray<Pending>) =>
      Effect.gen(function*() {
        const report = yield* Effect.either(jobs.repeat(recipeId, Arr.dedupe(batch.map((p) => p.masterJobId))))
        for (const pending of batch) {
          // The client answers every id; should one be missing, its outcome is unknown (it was sent).
          const result: BatchedResult = Either.map(report, (r) =>
            r.results.find((x) => x.jobId === pending.masterJobId) ?? RepeatResult.Unknown({
              jobId: pending.masterJobId,
              cause: new ResponseDecodeError({
                operation: `repeat job ${pending.masterJobId}`,
                status: 200,
                excerpt: "",
                detail: "the client's report has no result for this job"
              })
            }))
          yield* Deferred.succeed(pending.done, result)
        }
      }).pipe(
        // A defect fails this batch's callers; the queue keeps serving the next ones.
        Effect.catchAllCause((cause) => Effect.forEach(batch, (p) => Deferred.failCause(p.done, cause), { discard: true }))
      )

    /** Takes what is queued now; `undefined` (and the queue dropped) when nothing is. */
    const nextBatch = (recipeId: number, queue: Queue.Queue<Pending>) =>
      Effect.gen(function*() {
        yield* Effect.yieldNow() // let requests arriving right now join this batch
        const taken = (yield* Queue.takeUpTo(queue, MAX_PER_REQUEST)).pipe(Arr.fromIterable)
        const live = taken.filter((p) => !p.cancelled)
        if (taken.length === 0) {
          // Checked and dropped in one synchronous step: a later offer finds no queue and starts a new one.
          const idle = yield* Effect.sync(() => {
            if (Option.getOrElse(queue.unsafeSize(), () => 0) > 0) return false
            queues.delete(recipeId)
            return true
          })
          return idle ? undefined : []
        }
        for (const p of live) {
          p.sent = true
          p.onSent()
        }
        return live
      })

    const worker = (recipeId: number, queue: Queue.Queue<Pending>): Effect.Effect<void> =>
      Effect.gen(function*() {
        for (;;) {
          const batch = yield* nextBatch(recipeId, queue)
          if (batch === undefined) return
          if (batch.length > 0) yield* send(recipeId, batch)
        }
      })

    const enqueue = (recipeId: number, pending: ReadonlyArray<Pending>) =>
      Effect.gen(function*() {
        const existing = queues.get(recipeId)
        if (existing !== undefined) return yield* Queue.offerAll(existing, pending)
        const queue = yield* Queue.unbounded<Pending>()
        queues.set(recipeId, queue)
        yield* Queue.offerAll(queue, pending)
        yield* Effect.forkIn(worker(recipeId, queue), scope)
      })

    /**
     * Repeats master jobs of one recipe, in whichever requests they fit; one result each.
     * `onSent` is called for each job as its request is about to be sent.
     */
    const repeat = (recipeId: number, masterJobIds: ReadonlyArray<string>, onSent: (masterJobId: string) => void = () => {}) =>
      Effect.gen(function*() {
        const pending = yield* Effect.forEach(masterJobIds, (masterJobId) =>
          Effect.map(Deferred.make<BatchedResult>(), (done): Pending => ({
            masterJobId,
            done,
            onSent: () => onSent(masterJobId),
            cancelled: false,
            sent: false
          })))
        yield* enqueue(recipeId, pending)
        return yield* Effect.forEach(pending, (p) => Deferred.await(p.done)).pipe(
          Effect.onInterrupt(() => Effect.sync(() => pending.forEach((p) => (p.cancelled = !p.sent))))
        )
      })

    return {
      repeat,
      /** How many per-recipe queues exist now (each with one worker fiber). */
      queueCount: Effect.sync(() => queues.size)
    } as const
  })
}) {}
