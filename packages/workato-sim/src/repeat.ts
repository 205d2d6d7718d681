// POST /api/recipes/:recipe_id/repeat_jobs: the per-id rules of the seed page.
// Documented type_ids: err.item.not_found, err.job.repeat.invalid_id,
// err.job.repeat.trigger_data_unavailable.expired. Every other type_id here is a SIM ASSUMPTION.
import type { RecipeRecord } from "./model.js"
import type { Store } from "./store.js"
import type { RepeatError, WireBatchResult, WireRepeatResponse } from "./types.js"

/** Documented: each job can be repeated at most 100 times. */
export const MAX_REPEATS_PER_JOB = 100

export const RepeatErrors = {
  notFound: (): RepeatError => ({ type_id: "err.item.not_found", message: "Job not found" }),
  nonMaster: (id: string): RepeatError => ({ type_id: "err.job.repeat.invalid_id", message: `Non-master job handle specified: ${id}` }),
  expired: (id: string): RepeatError => ({
    type_id: "err.job.repeat.trigger_data_unavailable.expired",
    message: `Can not repeat job ${id}. It has been erased due to retention policy.`
  }),
  /** SIM ASSUMPTION: type_id and message for the documented 100-repeat limit are not published. */
  limitReached: (id: string): RepeatError => ({
    type_id: "err.job.repeat.limit_reached",
    message: `Can not repeat job ${id}. It has already been repeated ${MAX_REPEATS_PER_JOB} times.`
  }),
  /** SIM ASSUMPTION: a poll (trigger) error has no trigger event to replay. */
  pollError: (id: string): RepeatError => ({
    type_id: "err.job.repeat.no_trigger_data",
    message: `Can not repeat job ${id}. It has no trigger data (trigger poll error).`
  }),
  /** SIM ASSUMPTION: documented that such recipes cannot be repeated; the error is not. */
  notStored: (id: string): RepeatError => ({
    type_id: "err.job.repeat.trigger_data_unavailable.not_stored",
    message: `Can not repeat job ${id}. The recipe does not store trigger data.`
  })
}

export const repeatJobs = (store: Store, recipe: RecipeRecord, ids: ReadonlyArray<string>): WireRepeatResponse => {
  const results = ids.map((id): WireBatchResult => {
    const fail = (error: RepeatError): WireBatchResult => ({ requested_job_id: id, status: "failed", error })
    const job = store.job(id)
    if (!job || job.recipeId !== recipe.id) return fail(RepeatErrors.notFound())
    const outcome = job.repeatOutcome
    if (typeof outcome === "object") return fail({ type_id: outcome.type_id, message: outcome.message })
    if (job.masterJobId !== null) return fail(RepeatErrors.nonMaster(id))
    if (job.isPollError) return fail(RepeatErrors.pollError(id))
    if (!recipe.retainsTriggerData) return fail(RepeatErrors.notStored(id))
    if (store.isExpired(job)) return fail(RepeatErrors.expired(id))
    if (job.repeatCount >= MAX_REPEATS_PER_JOB) return fail(RepeatErrors.limitReached(id))
    const created = store.createRepeat(job, outcome ?? "enqueued")
    return { requested_job_id: id, status: "enqueued", job: { id: created.id } }
  })
  const enqueued = results.filter((r) => r.status === "enqueued").length
  return {
    results,
    summary: { total_requested: results.length, total_enqueued: enqueued, total_failed: results.length - enqueued }
  }
}
