/**
 * jobs-api's wire-shaped JobSummary → the blocks module's FailedJob view model.
 * The one place that decides which Workato fields a Slack message shows.
 */
import { type JobSummary, masterJobId } from "@workato-jobs/jobs-api"
import type { FailedJob } from "../blocks/index.js"

export const toFailedJob = (
  recipeId: number,
  job: JobSummary,
  jobUrl: (recipeId: number, jobId: string) => string,
  recipeName?: string
): FailedJob => ({
  recipeId,
  ...(recipeName === undefined ? {} : { recipeName }),
  jobId: job.id,
  masterJobId: masterJobId(job),
  title: job.title,
  adapter: job.error_parts?.adapter ?? null,
  errorType: job.error_parts?.error_type ?? null,
  message: job.error_parts?.message ?? job.error ?? "No error message",
  at: job.completed_at ?? job.started_at,
  jobUrl: jobUrl(recipeId, job.id),
  isPollError: job.is_poll_error
})

