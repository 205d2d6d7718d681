// POST /api/recipes/:recipe_id/cancel_jobs. Documented only as "cancels ongoing jobs you specify"
// (1 request/s). SIM ASSUMPTION, by analogy with repeat: body `{ job_ids }` (1..25 unique ids),
// per-id `results` with status "canceled" | "failed", a `summary`, and the error type_ids below.
import type { RecipeRecord } from "./model.js"
import { RepeatErrors } from "./repeat.js"
import type { Store } from "./store.js"
import type { RepeatError, WireBatchResult, WireCancelResponse } from "./types.js"

export const CancelErrors = {
  notFound: RepeatErrors.notFound,
  /** SIM ASSUMPTION: only running (pending) jobs can be canceled. */
  notRunning: (id: string, status: string): RepeatError => ({
    type_id: "err.job.cancel.invalid_status",
    message: `Can not cancel job ${id}. Only running jobs can be canceled; its status is ${status}.`
  })
}

export const cancelJobs = (store: Store, recipe: RecipeRecord, ids: ReadonlyArray<string>): WireCancelResponse => {
  const results = ids.map((id): WireBatchResult => {
    const job = store.job(id)
    if (!job || job.recipeId !== recipe.id) return { requested_job_id: id, status: "failed", error: CancelErrors.notFound() }
    if (job.status !== "pending") return { requested_job_id: id, status: "failed", error: CancelErrors.notRunning(id, job.status) }
    store.finishJob(job, "canceled")
    return { requested_job_id: id, status: "canceled", job: { id } }
  })
  const canceled = results.filter((r) => r.status === "canceled").length
  return {
    results,
    summary: { total_requested: results.length, total_canceled: canceled, total_failed: results.length - canceled }
  }
}
