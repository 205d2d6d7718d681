// Wire JSON written from the documentation: list items (seed list sample + 2020 error_parts),
// job detail (seed get-job sample + live-verified extra fields). Field order follows the samples.
import type { JobRecord, RecipeRecord } from "./model.js"
import { buildLines, failingLine } from "./lines.js"
import type { WireErrorParts, WireJobDetail, WireJobSummary } from "./types.js"

const iso = (ms: number) => new Date(ms).toISOString()

export interface WireOptions {
  readonly masterJobIdOfOriginals: "self" | "null"
}

const masterId = (job: JobRecord, options: WireOptions): string | null =>
  job.masterJobId ?? (options.masterJobIdOfOriginals === "self" ? job.id : null)

const errorParts = (job: JobRecord): WireErrorParts | undefined =>
  job.error
    ? {
        adapter: job.error.adapter,
        error_type: job.error.error_type,
        message: job.error.message,
        error_id: job.error.error_id,
        error_at: iso(job.error.error_at),
        input: "<redacted>",
        inner_message: job.error.inner_message
      }
    : undefined

/** The flat `error` string: "<error_type>: <message>" (the 2019 sample's style). */
const errorText = (job: JobRecord): string | null => (job.error ? `${job.error.error_type}: ${job.error.message}` : null)

/** The root of a call chain: the calling job when there is one (one level deep in the sim). */
const root = (job: JobRecord) => ({
  root_recipe_id: job.callingRecipeId,
  root_job_id: job.callingJobId
})

export const toSummary = (job: JobRecord, options: WireOptions): WireJobSummary => {
  const parts = errorParts(job)
  return {
    id: job.id,
    flow_run_id: job.flowRunId,
    completed_at: job.completedAt === null ? null : iso(job.completedAt),
    started_at: iso(job.startedAt),
    title: job.title,
    is_poll_error: job.isPollError,
    error: errorText(job),
    ...(parts ? { error_parts: parts } : {}),
    is_error: job.status === "failed",
    status: job.status,
    calling_recipe_id: job.callingRecipeId,
    calling_job_id: job.callingJobId,
    recipe_id: job.recipeId,
    ...root(job),
    master_job_id: masterId(job, options)
  }
}

export const toDetail = (job: JobRecord, recipe: RecipeRecord, now: number, options: WireOptions): WireJobDetail => {
  const parts = errorParts(job)
  const failing = failingLine(job, recipe)
  const master = masterId(job, options)
  return {
    id: job.id,
    handle: job.id,
    flow_run_id: job.flowRunId,
    recipe_id: job.recipeId,
    completed_at: job.completedAt === null ? null : iso(job.completedAt),
    started_at: iso(job.startedAt),
    title: job.title,
    is_poll_error: job.isPollError,
    lines: buildLines(job, recipe, now),
    error: errorText(job),
    ...(parts
      ? {
          error_parts: {
            ...parts,
            action: failing ? failing.step.operation : null,
            line_number: failing ? failing.line : null,
            retry_count: 0
          }
        }
      : {}),
    is_error: job.status === "failed",
    is_repeat: job.masterJobId !== null,
    is_test: false,
    is_test_case_job: false,
    master_job_id: master,
    master_job_handle: master,
    status: job.status,
    calling_recipe_id: job.callingRecipeId,
    calling_job_id: job.callingJobId,
    calling_job_handle: job.callingJobId,
    ...root(job),
    job_correlation_id: job.correlationId
  }
}
