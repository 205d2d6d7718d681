// Validation of the `{ "job_ids": [...] }` body shared by repeat_jobs and cancel_jobs.
// Repeat messages for "> 25" and "missing/empty/invalid" are the seed's exact text; the
// duplicate message and everything about cancel are sim assumptions (see README).

export const MAX_JOBS_PER_REQUEST = 25

/** A request body as read off the wire. */
export type Body =
  | { readonly kind: "absent" }
  | { readonly kind: "invalid" }
  | { readonly kind: "json"; readonly value: unknown }

export const MISSING_JOB_IDS = "param is missing or the value is empty or invalid: job_ids"
/** Body that is not JSON at all: the documented generic 400 body (assumption for this case). */
export const BAD_REQUEST = "Bad request"

export type JobIdsCheck = { readonly ok: true; readonly ids: ReadonlyArray<string> } | { readonly ok: false; readonly message: string }

export const checkJobIds = (body: Body, verb: "repeated" | "canceled"): JobIdsCheck => {
  if (body.kind === "invalid") return { ok: false, message: BAD_REQUEST }
  const value = body.kind === "json" ? body.value : undefined
  const ids = value !== null && typeof value === "object" && !Array.isArray(value) ? (value as { job_ids?: unknown }).job_ids : undefined
  if (!Array.isArray(ids) || ids.length === 0) return { ok: false, message: MISSING_JOB_IDS }
  if (ids.length > MAX_JOBS_PER_REQUEST) {
    return { ok: false, message: `Maximum ${MAX_JOBS_PER_REQUEST} jobs can be ${verb} in a single request. Received ${ids.length}.` }
  }
  // A malformed array (non-string or blank entries) gets the same "invalid: job_ids" message.
  if (!ids.every((id): id is string => typeof id === "string" && id.trim() !== "")) return { ok: false, message: MISSING_JOB_IDS }
  const seen = new Set<string>()
  const duplicates = new Set<string>()
  for (const id of ids) (seen.has(id) ? duplicates : seen).add(id)
  if (duplicates.size > 0) return { ok: false, message: `Duplicate job ids are not allowed: ${[...duplicates].join(", ")}` }
  return { ok: true, ids }
}
