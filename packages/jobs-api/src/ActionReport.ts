/**
 * What `repeat` and `cancel` report: one result per requested job id.
 *
 * - `Enqueued`: Workato accepted the job (repeat: `newJobId` is the new job;
 *   cancel: the cancellation was accepted).
 * - `Rejected`: Workato answered for this job and refused it (`error` per
 *   `type_id`).
 * - `Unknown`: the request may have reached Workato but its outcome cannot be
 *   known (timeout, 5xx, connection lost after sending, unreadable 2xx).
 *   Never retried automatically: a repeat runs the recipe's actions again.
 *   Look at the job (or its recipe's job list) before trying again.
 * - `NotSent`: Workato certainly did not act on it (4xx, 429 after retries,
 *   connection refused, or an earlier chunk showed the token/recipe is unusable).
 *   Safe to try again.
 *
 * @since 0.1.0
 */
import * as Data from "effect/Data"
import type { CancelRejection, JobRejection, JobsApiError } from "./JobsApiError.js"

/**
 * The outcome of repeating one job.
 *
 * @example
 * ```ts
 * import { RepeatResult } from "@workato-jobs/jobs-api"
 *
 * const describe = RepeatResult.$match({
 *   Enqueued: ({ jobId, newJobId }) => `${jobId}: repeated as ${newJobId ?? "?"}`,
 *   Rejected: ({ jobId, error }) => `${jobId}: ${error.message}`,
 *   Unknown: ({ jobId }) => `${jobId}: outcome unknown, check the job before retrying`,
 *   NotSent: ({ jobId, cause }) => `${jobId}: not sent (${cause._tag})`
 * })
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type RepeatResult = Data.TaggedEnum<{
  Enqueued: { readonly jobId: string; readonly newJobId: string | null }
  Rejected: { readonly jobId: string; readonly error: JobRejection }
  Unknown: { readonly jobId: string; readonly cause: JobsApiError }
  NotSent: { readonly jobId: string; readonly cause: JobsApiError }
}>

/**
 * Constructors, guards (`$is`) and matcher (`$match`) for {@link RepeatResult}.
 *
 * @example
 * ```ts
 * import { RepeatResult, type RepeatReport } from "@workato-jobs/jobs-api"
 *
 * const enqueued = (report: RepeatReport) => report.results.filter(RepeatResult.$is("Enqueued"))
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const RepeatResult = Data.taggedEnum<RepeatResult>()

/**
 * The outcome of cancelling one job. Cancel's response is undocumented:
 * `status` is the raw per-job status string when Workato sent one.
 *
 * @example
 * ```ts
 * import { CancelResult } from "@workato-jobs/jobs-api"
 *
 * const ok = CancelResult.$is("Enqueued")
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type CancelResult = Data.TaggedEnum<{
  Enqueued: { readonly jobId: string; readonly status: string | null }
  Rejected: { readonly jobId: string; readonly error: CancelRejection }
  Unknown: { readonly jobId: string; readonly cause: JobsApiError }
  NotSent: { readonly jobId: string; readonly cause: JobsApiError }
}>

/**
 * Constructors, guards (`$is`) and matcher (`$match`) for {@link CancelResult}.
 *
 * @example
 * ```ts
 * import { CancelResult } from "@workato-jobs/jobs-api"
 *
 * const result = CancelResult.Enqueued({ jobId: "j-1", status: "cancelled" })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const CancelResult = Data.taggedEnum<CancelResult>()

/**
 * The report of one `repeat` call: one result per distinct requested id, in
 * the order the ids were first given.
 *
 * @example
 * ```ts
 * import type { RepeatReport } from "@workato-jobs/jobs-api"
 *
 * const unknown = (report: RepeatReport) => report.results.filter((r) => r._tag === "Unknown").map((r) => r.jobId)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface RepeatReport {
  readonly recipeId: number
  readonly results: ReadonlyArray<RepeatResult>
}

/**
 * The report of one `cancel` call: one result per distinct requested id, in
 * the order the ids were first given.
 *
 * @example
 * ```ts
 * import type { CancelReport } from "@workato-jobs/jobs-api"
 *
 * const allAccepted = (report: CancelReport) => report.results.every((r) => r._tag === "Enqueued")
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface CancelReport {
  readonly recipeId: number
  readonly results: ReadonlyArray<CancelResult>
}
