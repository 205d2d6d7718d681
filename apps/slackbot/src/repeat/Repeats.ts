/**
 * Repeats: repeating Workato jobs on behalf of a Slack user, safely.
 * - a lock per (recipe, master job) in the store: concurrent or double requests repeat once;
 * - requests of up to 25 jobs through RepeatBatcher (concurrent repeats share requests; the
 *   library paces them to the quota);
 * - every attempt in the audit log, duplicates and refusals included;
 * - an Unknown outcome is final: the request may have run the recipe, so nothing retries it.
 * The Slack side (who may click, which message to update) lives in the handlers.
 */
import { type InvalidJobIds, JobsClient, type RepeatResult } from "@workato-jobs/jobs-api"
import { Array as Arr, Effect, Either } from "effect"
import { type JobRef, RepeatOutcome } from "../blocks/index.js"
import { type AuditEntry, AuditLog, type LockMode, type RepeatLock, RepeatLocks, type RepeatOutcomeKind } from "../store/index.js"
import { explainApiError, explainNotSent, explainRejection, explainUnknown } from "../workato/explain.js"
import { RepeatBatcher } from "./RepeatBatcher.js"

/** Progress is reported per batch of this many jobs (one Workato request's worth). */
export const BATCH_SIZE = 25

export interface RepeatRequest {
  readonly jobs: ReadonlyArray<JobRef>
  readonly userId: string
  /** The message (or command) the request came from; see RepeatLocks.acquire. */
  readonly source: string
  readonly mode: LockMode
  readonly via: AuditEntry["source"]
  /** Called once the locks are taken, with the jobs this request will repeat. */
  readonly onStart?: (jobs: ReadonlyArray<JobRef>) => Effect.Effect<void>
  /** Called after each batch with every result so far. */
  readonly onProgress?: (done: ReadonlyArray<Repeated>, total: number) => Effect.Effect<void>
}

export interface Repeated {
  readonly ref: JobRef
  readonly outcome: RepeatOutcome
  /** Set when another request already held this job: nothing was sent for it now. */
  readonly heldBy?: RepeatLock
}

/** What a lock left by an earlier request means for a later one. */
export const outcomeOfLock = (lock: RepeatLock, jobUrl: (recipeId: number, jobId: string) => string): RepeatOutcome => {
  if (lock.state === "in_flight") return RepeatOutcome.InProgress({ by: lock.userId })
  switch (lock.outcome) {
    case "enqueued":
      return RepeatOutcome.Repeated({
        by: lock.userId,
        newJobId: lock.newJobId ?? "(id not reported)",
        newJobUrl: lock.newJobId === null ? "" : jobUrl(lock.recipeId, lock.newJobId)
      })
    case "unknown":
      return RepeatOutcome.Unknown({ by: lock.userId, reason: lock.detail ?? "the outcome is not known" })
    default:
      return RepeatOutcome.NotRepeated({ by: lock.userId, reason: lock.detail ?? "it could not be repeated" })
  }
}

interface Settled {
  readonly kind: RepeatOutcomeKind
  readonly newJobId: string | null
  readonly detail: string | null
  readonly outcome: RepeatOutcome
}

export class Repeats extends Effect.Service<Repeats>()("@workato-jobs/slackbot/Repeats", {
  effect: Effect.gen(function*() {
    const locks = yield* RepeatLocks
    const audit = yield* AuditLog
    const jobs = yield* JobsClient
    const batcher = yield* RepeatBatcher

    const settle = (recipeId: number, by: string, result: RepeatResult): Settled => {
      switch (result._tag) {
        case "Enqueued":
          return {
            kind: "enqueued",
            newJobId: result.newJobId,
            detail: null,
            outcome: RepeatOutcome.Repeated({
              by,
              newJobId: result.newJobId ?? "(id not reported)",
              newJobUrl: result.newJobId === null ? jobs.recipeUrl(recipeId) : jobs.jobUrl(recipeId, result.newJobId)
            })
          }
        case "Rejected": {
          const reason = explainRejection(result.error)
          return { kind: "rejected", newJobId: null, detail: reason, outcome: RepeatOutcome.NotRepeated({ by, reason }) }
        }
        case "Unknown": {
          const reason = explainUnknown(result.cause)
          return { kind: "unknown", newJobId: null, detail: reason, outcome: RepeatOutcome.Unknown({ by, reason }) }
        }
        case "NotSent": {
          const reason = explainNotSent(result.cause)
          return { kind: "not_sent", newJobId: null, detail: reason, outcome: RepeatOutcome.NotRepeated({ by, reason }) }
        }
      }
    }

    const invalid = (by: string, error: InvalidJobIds): Settled => {
      const reason = explainApiError(error)
      return { kind: "not_sent", newJobId: null, detail: reason, outcome: RepeatOutcome.NotRepeated({ by, reason }) }
    }

    const record = (request: RepeatRequest, ref: JobRef, settled: Settled) =>
      Effect.zipRight(
        locks.finish({
          recipeId: ref.recipeId,
          masterJobId: ref.masterJobId,
          outcome: settled.kind,
          newJobId: settled.newJobId,
          detail: settled.detail
        }),
        audit.record({
          userId: request.userId,
          recipeId: ref.recipeId,
          jobId: ref.masterJobId,
          source: request.via,
          outcome: settled.kind,
          newJobId: settled.newJobId,
          detail: settled.detail
        })
      )

    const repeat = (request: RepeatRequest) =>
      Effect.gen(function*() {
        const unique = Arr.dedupeWith(request.jobs, (a, b) => a.recipeId === b.recipeId && a.masterJobId === b.masterJobId)
        const results: Array<Repeated> = []
        const toSend: Array<JobRef> = []
        for (const ref of unique) {
          const lock = yield* locks.acquire({ ...ref, source: request.source, userId: request.userId, mode: request.mode })
          if (lock._tag === "Acquired") {
            toSend.push(ref)
          } else {
            results.push({ ref, outcome: outcomeOfLock(lock.lock, jobs.jobUrl), heldBy: lock.lock })
            yield* audit.record({
              userId: request.userId,
              recipeId: ref.recipeId,
              jobId: ref.masterJobId,
              source: request.via,
              outcome: "duplicate",
              newJobId: null,
              detail: lock.lock.state === "in_flight"
                ? `already being repeated by ${lock.lock.userId}`
                : `already handled by ${lock.lock.userId} (${lock.lock.outcome})`
            })
          }
        }
        if (request.onStart && toSend.length > 0) yield* request.onStart(toSend)

        const batches = Arr.groupBy(toSend, (ref) => String(ref.recipeId))
        for (const refs of Object.values(batches)) {
          for (const batch of Arr.chunksOf(refs, BATCH_SIZE)) {
            const recipeId = batch[0]!.recipeId
            const answers = yield* batcher.repeat(recipeId, batch.map((r) => r.masterJobId))
            for (const [ref, answer] of Arr.zip(batch, answers)) {
              const settled = Either.isLeft(answer)
                ? invalid(request.userId, answer.left)
                : settle(recipeId, request.userId, answer.right)
              yield* record(request, ref, settled)
              results.push({ ref, outcome: settled.outcome })
            }
            if (request.onProgress) yield* request.onProgress(results, unique.length)
          }
        }
        return results
      }).pipe(Effect.withSpan("Repeats.repeat", { attributes: { count: request.jobs.length, via: request.via } }))

    return { repeat } as const
  })
}) {}
