/**
 * Which failed jobs of one recipe a scan must consider, and how far back the next scan of
 * the same watch must look (its horizon). Only Workato's own timestamps decide the horizon,
 * never the bot's clock, so clock skew cannot open a gap:
 *
 * 1. the recipe's newest job (any status): every job that starts after this scan starts
 *    later than it;
 * 2. its pending jobs: each may still fail, however long it runs;
 * 3. its failed jobs, newest first, down to the horizon.
 *
 * Next horizon = the oldest pending job's start, or the newest job's start when nothing is
 * pending. A job that fails later (slow job, quiet recipe) started at or after that point,
 * so the next scan lists it. Scans overlap; the caller drops jobs the channel already saw,
 * so overlap costs lookups, never a duplicate. Nothing here writes.
 */
import { type InvalidJobIds, type JobsApiError, JobsClient, type JobSummary, startedAtMillis } from "@workato-jobs/jobs-api"
import { Chunk, Data, Effect, Stream } from "effect"

/** Where a scan starts looking back from. */
export type ScanStart = Data.TaggedEnum<{
  /** A watch's first scan (or a one-off digest): the look-back window, from the bot's clock. */
  LookBack: { readonly since: number }
  /** From the horizon the previous scan of this watch left (a Workato start time). */
  Horizon: { readonly millis: number }
}>
export const ScanStart = Data.taggedEnum<ScanStart>()

const startOf = (start: ScanStart): number => (start._tag === "LookBack" ? start.since : start.millis)

export interface Scan {
  readonly recipeId: number
  /** Failed jobs that started at or after the start, newest first. */
  readonly failed: ReadonlyArray<JobSummary>
  /** Where the next scan of this watch starts. */
  readonly nextHorizon: number
  /** The start this scan used (shown as "since …"). */
  readonly since: number
}

export const scanRecipe = (input: {
  readonly recipeId: number
  readonly start: ScanStart
  /** Never look back past this (epoch ms): older jobs are beyond the seen-jobs retention. */
  readonly floor: number
}): Effect.Effect<Scan, JobsApiError | InvalidJobIds, JobsClient> =>
  Effect.gen(function*() {
    const jobs = yield* JobsClient
    const since = Math.max(startOf(input.start), input.floor)
    const newest = yield* Effect.map(jobs.list(input.recipeId), (page) => page.items[0])
    const pending = yield* jobs.stream(input.recipeId, { status: "pending" }).pipe(
      Stream.map(startedAtMillis),
      Stream.runFold(Number.POSITIVE_INFINITY, Math.min)
    )
    const failed = yield* jobs.stream(input.recipeId, { status: "failed" }).pipe(
      Stream.takeWhile((job) => startedAtMillis(job) >= since),
      Stream.runCollect,
      Effect.map(Chunk.toReadonlyArray)
    )
    // Never back past this scan's own start (a first look-back stays one window), except for
    // a job still running from before it: that one may fail later and must be listed then.
    const newestStart = newest === undefined ? since : Math.max(startedAtMillis(newest), since)
    const nextHorizon = Math.max(Math.min(pending, newestStart), input.floor)
    return { recipeId: input.recipeId, failed, nextHorizon, since }
  })
