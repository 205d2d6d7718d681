/**
 * Ordering and de-duplication for paged job lists.
 */
import type { JobSummary } from "../Job.js"

const startedAtMillis = (job: JobSummary): number => {
  const t = Date.parse(job.started_at)
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t
}

/**
 * Oldest first: by `started_at` (as an instant, offsets differ between
 * payloads), then by id so the order is total.
 */
export const oldestFirst = (a: JobSummary, b: JobSummary): number => {
  const byTime = startedAtMillis(a) - startedAtMillis(b)
  if (byTime !== 0 && !Number.isNaN(byTime)) return byTime
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

/** Keeps the jobs whose id was not seen yet (recording them as seen), in their order. */
export const unseen = (jobs: ReadonlyArray<JobSummary>, seen: Set<string>): Array<JobSummary> => {
  const fresh: Array<JobSummary> = []
  for (const job of jobs) {
    if (seen.has(job.id)) continue
    seen.add(job.id)
    fresh.push(job)
  }
  return fresh
}
