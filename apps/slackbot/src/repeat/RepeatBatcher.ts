/**
 * RepeatBatcher: one queue per recipe in front of JobsClient.repeat, so repeats asked for at
 * the same time (many people clicking Repeat in a burst, or a Repeat all beside single clicks)
 * share requests of up to 25 jobs. Workato's quota counts requests (1 per second), not jobs:
 * while one request waits for its turn, the next clicks gather into the following one.
 */
import { InvalidJobIds, JobsClient, type RepeatResult } from "@workato-jobs/jobs-api"
import { Array as Arr, Deferred, Effect, Either, Queue } from "effect"

/** Workato takes at most 25 job ids per repeat request. */
export const MAX_PER_REQUEST = 25

export type BatchedResult = Either.Either<RepeatResult, InvalidJobIds>

interface Pending {
  readonly masterJobId: string
  readonly done: Deferred.Deferred<BatchedResult>
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
          const result: BatchedResult = Either.flatMap(report, (r) =>
            Either.fromNullable(
              r.results.find((x) => x.jobId === pending.masterJobId),
              () => new InvalidJobIds({ reason: `Workato returned no result for ${pending.masterJobId}` })
            ))
          yield* Deferred.succeed(pending.done, result)
        }
      }).pipe(
        // A defect fails this batch's callers; the queue keeps serving the next ones.
        Effect.catchAllCause((cause) => Effect.forEach(batch, (p) => Deferred.failCause(p.done, cause), { discard: true }))
      )

    const worker = (recipeId: number, queue: Queue.Queue<Pending>) =>
      Effect.gen(function*() {
        const first = yield* Queue.take(queue)
        yield* Effect.yieldNow() // let requests arriving right now join this batch
        const rest = yield* Queue.takeUpTo(queue, MAX_PER_REQUEST - 1)
        yield* send(recipeId, [first, ...rest])
      }).pipe(Effect.forever)

    const queueFor = (recipeId: number) =>
      Effect.gen(function*() {
        const existing = queues.get(recipeId)
        if (existing !== undefined) return existing
        const queue = yield* Queue.unbounded<Pending>()
        queues.set(recipeId, queue)
        yield* Effect.forkIn(worker(recipeId, queue), scope)
        return queue
      })

    /** Repeats master jobs of one recipe, in whichever requests they fit; one result each. */
    const repeat = (recipeId: number, masterJobIds: ReadonlyArray<string>) =>
      Effect.gen(function*() {
        const pending = yield* Effect.forEach(masterJobIds, (masterJobId) =>
          Effect.map(Deferred.make<BatchedResult>(), (done): Pending => ({ masterJobId, done })))
        yield* Queue.offerAll(yield* queueFor(recipeId), pending)
        return yield* Effect.forEach(pending, (p) => Deferred.await(p.done))
      })

    return { repeat } as const
  })
}) {}
