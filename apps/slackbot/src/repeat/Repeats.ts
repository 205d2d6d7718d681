/**
 * Repeats: repeating Workato jobs on behalf of a Slack user, safely.
 * - at most once per failed job: a lock per (recipe, failed job) in the store, whichever
 *   message, channel or view asked and whoever clicked; a repeat that fails again is a new
 *   failed job and may be repeated again;
 * - locks are taken chunk by chunk (one Workato request's worth), just before the chunk is
 *   sent, and settled however the attempt ends (Effect.acquireUseRelease): an answer is
 *   recorded, a chunk never handed to a request is given back (repeatable again), one that may
 *   have been sent becomes "unknown";
 * - requests of up to 25 jobs through RepeatBatcher (concurrent repeats share requests; the
 *   library paces them to the quota);
 * - every attempt in the audit log, duplicates and refusals included;
 * - an Unknown outcome is final: the request may have run the recipe, so nothing retries it.
 * The Slack side (who may click, which message to update) lives in the handlers.
 */
import { type InvalidJobIds, JobsClient, type RepeatResult } from "@workato-jobs/jobs-api"
import { Array as Arr, Cause, Deferred, Effect, Either, Exit, Option } from "effect"
import { type JobRef, RepeatOutcome } from "../blocks/index.js"
import { type AuditEntry, AuditLog, type RepeatLock, RepeatLocks, type RepeatOutcomeKind } from "../store/index.js"
import { explainApiError, explainNotSent, explainRejection, explainUnknown } from "../workato/explain.js"
import { Replica } from "../replicas/Replica.js"
import { MAX_PER_REQUEST, RepeatBatcher } from "./RepeatBatcher.js"

/** A failed job to repeat: the lock is its own id, the request carries its master job. */
export interface RepeatTarget extends JobRef {
  readonly jobId: string
}

export interface RepeatRequest {
  readonly jobs: ReadonlyArray<RepeatTarget>
  readonly userId: string
  /** The message (or command) the request came from, kept with each lock. */
  readonly source: string
  readonly via: AuditEntry["source"]
  /** The Repeat all run this belongs to, if any. */
  readonly runId?: string
  /** Called when locks were taken, with the jobs about to be sent (once per chunk). */
  readonly onStart?: (jobs: ReadonlyArray<RepeatTarget>) => Effect.Effect<void>
  /** Called after each chunk with every result so far. */
  readonly onProgress?: (done: ReadonlyArray<Repeated>, total: number) => Effect.Effect<void>
}

export interface Repeated {
  readonly ref: RepeatTarget
  readonly outcome: RepeatOutcome
  /** Set when an earlier request already held this job: nothing was sent for it now. */
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
    const replica = yield* Replica

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

    // Locks this process holds, each with a signal for when it is settled: a click on another
    // message showing the job waits for the outcome instead of showing "in progress" forever.
    const inFlight = new Map<string, Deferred.Deferred<void>>()
    const keyOf = (ref: { readonly recipeId: number; readonly jobId: string }) => `${ref.recipeId}:${ref.jobId}`

    /** A result held by another request still in flight here: its final outcome once settled. */
    const resolveHeld = (result: Repeated) =>
      Effect.gen(function*() {
        if (result.heldBy?.state !== "in_flight") return result
        const signal = inFlight.get(keyOf(result.ref))
        if (signal !== undefined) yield* Deferred.await(signal)
        const lock = yield* locks.find(result.ref.recipeId, result.ref.jobId)
        return Option.match(lock, {
          onNone: () => result,
          onSome: (l): Repeated => l.state === "done" ? { ...result, outcome: outcomeOfLock(l, jobs.jobUrl), heldBy: l } : result
        })
      })

    const record = (request: RepeatRequest, ref: RepeatTarget, settled: Settled) =>
      Effect.zipRight(
        locks.finish({
          recipeId: ref.recipeId,
          jobId: ref.jobId,
          outcome: settled.kind,
          newJobId: settled.newJobId,
          detail: settled.detail
        }),
        audit.record({
          userId: request.userId,
          recipeId: ref.recipeId,
          jobId: ref.jobId,
          source: request.via,
          outcome: settled.kind,
          newJobId: settled.newJobId,
          detail: settled.detail
        })
      )

    /** A chunk's locks: the jobs this request took, and what to settle if it stops early. */
    interface Claimed {
      readonly acquired: ReadonlyArray<RepeatTarget>
      readonly held: ReadonlyArray<Repeated>
      /** Master jobs handed to a request (it may have run them). */
      readonly sent: Set<string>
      /** Failed jobs whose answer is recorded. */
      readonly recorded: Set<string>
    }

    const claim = (request: RepeatRequest, chunk: ReadonlyArray<RepeatTarget>) =>
      Effect.gen(function*() {
        const acquired: Array<RepeatTarget> = []
        const held: Array<Repeated> = []
        for (const ref of chunk) {
          const lock = yield* locks.acquire({
            ...ref,
            source: request.source,
            userId: request.userId,
            runId: request.runId,
            holder: replica.id
          })
          if (lock._tag === "Acquired") {
            acquired.push(ref)
            continue
          }
          held.push({ ref, outcome: outcomeOfLock(lock.lock, jobs.jobUrl), heldBy: lock.lock })
          yield* audit.record({
            userId: request.userId,
            recipeId: ref.recipeId,
            jobId: ref.jobId,
            source: request.via,
            outcome: "duplicate",
            newJobId: null,
            detail: lock.lock.state === "in_flight"
              ? `already being repeated by ${lock.lock.userId}`
              : `already handled by ${lock.lock.userId} (${lock.lock.outcome})`
          })
        }
        for (const ref of acquired) inFlight.set(keyOf(ref), yield* Deferred.make<void>())
        return { acquired, held, sent: new Set<string>(), recorded: new Set<string>() } satisfies Claimed
      })

    const wake = (claimed: Claimed) =>
      Effect.forEach(claimed.acquired, (ref) => {
        const signal = inFlight.get(keyOf(ref))
        inFlight.delete(keyOf(ref))
        return signal === undefined ? Effect.void : Deferred.succeed(signal, undefined)
      }, { discard: true })

    /** The chunk stopped before its answers were recorded (interrupted, or a defect). */
    const abandon = (request: RepeatRequest, claimed: Claimed, cause: Cause.Cause<unknown>) =>
      Effect.forEach(claimed.acquired.filter((ref) => !claimed.recorded.has(ref.jobId)), (ref) => {
        if (!claimed.sent.has(ref.masterJobId)) return locks.release(ref)
        const detail = Cause.isInterruptedOnly(cause)
          ? "the bot stopped while this repeat was in flight"
          : "the bot failed while this repeat was in flight"
        return record(request, ref, {
          kind: "unknown",
          newJobId: null,
          detail,
          outcome: RepeatOutcome.Unknown({ by: request.userId, reason: detail })
        })
      }, { discard: true })

    const repeatChunk = (request: RepeatRequest, recipeId: number, chunk: ReadonlyArray<RepeatTarget>) =>
      Effect.acquireUseRelease(
        claim(request, chunk),
        (claimed) =>
          Effect.gen(function*() {
            const results: Array<Repeated> = [...claimed.held]
            if (claimed.acquired.length === 0) return results
            if (request.onStart) yield* request.onStart(claimed.acquired)
            const answers = yield* batcher.repeat(
              recipeId,
              claimed.acquired.map((r) => r.masterJobId),
              (masterJobId) => claimed.sent.add(masterJobId)
            )
            // The answers are in: recording them is one step an interruption cannot split.
            yield* Effect.uninterruptible(Effect.forEach(Arr.zip(claimed.acquired, answers), ([ref, answer]) => {
              const settled = Either.isLeft(answer)
                ? invalid(request.userId, answer.left)
                : settle(recipeId, request.userId, answer.right)
              results.push({ ref, outcome: settled.outcome })
              return Effect.map(record(request, ref, settled), () => void claimed.recorded.add(ref.jobId))
            }, { discard: true }))
            return results
          }),
        (claimed, exit) => Effect.ensuring(Exit.isSuccess(exit) ? Effect.void : abandon(request, claimed, exit.cause), wake(claimed))
      )

    const repeat = Effect.fn("Repeats.repeat")(function*(request: RepeatRequest) {
      yield* Effect.annotateCurrentSpan({ count: request.jobs.length, via: request.via })
      const unique = Arr.dedupeWith(request.jobs, (a, b) => a.recipeId === b.recipeId && a.jobId === b.jobId)
      const results: Array<Repeated> = []
      for (const refs of Object.values(Arr.groupBy(unique, (ref) => String(ref.recipeId)))) {
        for (const chunk of Arr.chunksOf(refs, MAX_PER_REQUEST)) {
          results.push(...(yield* repeatChunk(request, chunk[0].recipeId, chunk)))
          if (request.onProgress) yield* request.onProgress(results, unique.length)
        }
      }
      return yield* Effect.forEach(results, resolveHeld)
    })

    return { repeat, queueCount: batcher.queueCount } as const
  })
}) {}
