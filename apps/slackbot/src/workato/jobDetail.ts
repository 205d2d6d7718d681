/**
 * jobs-api's JobDetail → the blocks module's JobDetailView: status, timings and the
 * failing step with its error, taken from `error_parts` and the failed line of `lines`.
 */
import { isFailed, type JobDetail, masterJobId } from "@workato-jobs/jobs-api"
import type { JobDetailView } from "../blocks/index.js"

const httpStatus = (code: number | string | undefined): number | null => {
  if (code === undefined) return null
  const n = typeof code === "number" ? code : Number.parseInt(code, 10)
  return Number.isFinite(n) ? n : null
}

export const toJobDetailView = (input: {
  readonly recipeId: number
  readonly job: JobDetail
  readonly jobUrl: string
  readonly recipeUrl: string
  readonly recipeName?: string | undefined
}): JobDetailView => {
  const { job } = input
  const failedLine = job.lines.find((line) => line.error !== null && line.error !== undefined)
  const parts = job.error_parts
  const failed = isFailed(job)
  return {
    recipeId: input.recipeId,
    recipeUrl: input.recipeUrl,
    ...(input.recipeName === undefined ? {} : { recipeName: input.recipeName }),
    jobId: job.id,
    masterJobId: masterJobId(job),
    title: job.title,
    status: job.status ?? (failed ? "failed" : "unknown"),
    isError: failed,
    isPollError: job.is_poll_error,
    ...(job.is_repeat === undefined ? {} : { isRepeat: job.is_repeat }),
    startedAt: job.started_at,
    completedAt: job.completed_at,
    jobUrl: input.jobUrl,
    ...(failed
      ? {
        failingStep: {
          lineNumber: failedLine?.recipe_line_number ?? parts?.line_number ?? null,
          adapter: failedLine?.adapter_name ?? parts?.adapter ?? null,
          operation: failedLine?.adapter_operation ?? null
        },
        error: {
          errorType: parts?.error_type ?? failedLine?.error_descriptor?.error_type ?? null,
          message: parts?.message ?? job.error ?? failedLine?.error_details?.message ?? failedLine?.error ?? null,
          innerMessage: parts?.inner_message ?? failedLine?.error_details?.inner_message ?? null,
          httpStatus: httpStatus(failedLine?.error_details?.http_response?.code)
        }
      }
      : {})
  }
}
