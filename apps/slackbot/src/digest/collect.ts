/**
 * Which failed jobs of one recipe a digest must show, given the watch's cursor:
 * - after a job id: every failed job newer than it (`newerThan`, oldest → newest);
 * - otherwise (first run, or a cursor job that no longer exists): failed jobs that started
 *   within the window (`stream`, newest first), and the newest failed job seen becomes the
 *   cursor either way.
 * Nothing is written here: the caller stores `next` only once Slack accepted the digest.
 */
import { type InvalidJobIds, type JobsApiError, JobsClient, type JobSummary } from "@workato-jobs/jobs-api"
import { Chunk, Effect, Option, Stream } from "effect"
import { Cursor } from "../store/index.js"
import { startedAtMillis } from "../workato/failedJob.js"

/** A digest never holds more than this many failures per recipe; the rest wait for the next one. */
export const MAX_FAILURES_PER_RECIPE = 5_000

export interface Collected {
  readonly recipeId: number
  /** New failed jobs, oldest first. */
  readonly jobs: ReadonlyArray<JobSummary>
  /** The cursor once these are posted; None → leave it as it is. */
  readonly next: Option.Option<Cursor>
  /** Start of the window when it was time-based (shown as "since …"). */
  readonly since: number | undefined
}

export const collectFailures = (input: {
  readonly recipeId: number
  readonly cursor: Option.Option<Cursor>
  /** Window start when there is no job cursor. */
  readonly windowStart: number
  /** "Now", recorded as the next window start when the recipe has no failed job at all. */
  readonly now: number
}): Effect.Effect<Collected, JobsApiError | InvalidJobIds, JobsClient> =>
  Effect.gen(function*() {
    const jobs = yield* JobsClient
    const cursor = Option.getOrUndefined(input.cursor)
    if (cursor?._tag === "AfterJob") {
      const newer = yield* jobs.newerThan(input.recipeId, cursor.jobId, { status: "failed" }).pipe(
        Stream.take(MAX_FAILURES_PER_RECIPE),
        Stream.runCollect,
        Effect.map(Chunk.toReadonlyArray)
      )
      if (newer.length > 0) {
        return {
          recipeId: input.recipeId,
          jobs: newer,
          next: Option.some(Cursor.AfterJob({ jobId: newer.at(-1)!.id })),
          since: undefined
        }
      }
      // Nothing newer. Normally the cursor is the newest failed job; if it is not, the cursor
      // job is gone (erased by retention) and "newer than it" means nothing any more: fall back
      // to the time window below rather than going silent forever.
      const head = yield* Effect.map(jobs.list(input.recipeId, { status: "failed" }), (list) => list.items[0])
      if (head === undefined || head.id === cursor.jobId) {
        return { recipeId: input.recipeId, jobs: [], next: Option.none(), since: undefined }
      }
      yield* Effect.logWarning(`digest cursor ${cursor.jobId} of recipe ${input.recipeId} is gone; looking back by time`)
    }
    const since = cursor?._tag === "Since" ? cursor.millis : input.windowStart
    // Newest first; the first job older than the window ends the scan (and is kept as a
    // cursor candidate: everything newer than it is exactly what the next digest needs).
    const scanned = yield* jobs.stream(input.recipeId, { status: "failed" }).pipe(
      Stream.takeUntil((job) => startedAtMillis(job) < since),
      Stream.take(MAX_FAILURES_PER_RECIPE + 1),
      Stream.runCollect,
      Effect.map(Chunk.toReadonlyArray)
    )
    const inWindow = scanned.filter((job) => startedAtMillis(job) >= since).slice(0, MAX_FAILURES_PER_RECIPE)
    const newest = scanned[0]
    return {
      recipeId: input.recipeId,
      jobs: [...inWindow].reverse(),
      next: Option.some(newest === undefined ? Cursor.Since({ millis: input.now }) : Cursor.AfterJob({ jobId: newest.id })),
      since
    }
  })
