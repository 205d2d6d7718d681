/**
 * Ordering and de-duplication for paged job lists.
 */
import { type JobSummary, startedAtMillis } from "../Job.js"

/**
 * Sorts a page oldest first by `started_at` (as an instant: offsets differ
 * between payloads). The sort is stable, so jobs that started in the same
 * millisecond keep the server's order; their handles are random strings, so
 * ordering ties by id would be arbitrary.
 */
export const sortOldestFirst = (jobs: ReadonlyArray<JobSummary>): Array<JobSummary> =>
  jobs
    .map((job, index) => ({ job, index, at: startedAtMillis(job) }))
    .sort((a, b) => a.at === b.at ? a.index - b.index : a.at < b.at ? -1 : 1)
    .map(({ job }) => job)

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
