/**
 * The view model the app fills from jobs-api data; the renderers read nothing else.
 */
import { Data } from "effect"

/** What a Repeat click repeats: Workato repeats master (original) jobs only. */
export interface JobRef {
  readonly recipeId: number
  readonly masterJobId: string
}

/** One failed job as the digest and the failures list show it. */
export interface FailedJob {
  readonly recipeId: number
  /** Shown as the recipe's link label; "Recipe <id>" when absent. */
  readonly recipeName?: string
  readonly jobId: string
  /** `master_job_id ?? id`: the id a repeat must be sent for. */
  readonly masterJobId: string
  readonly title: string
  /** `error_parts.adapter` */
  readonly adapter: string | null
  /** `error_parts.error_type` */
  readonly errorType: string | null
  /** `error_parts.message ?? error`, shown (escaped, truncated) under the title. */
  readonly message: string
  /** ISO-8601: when it failed (`completed_at ?? started_at`). */
  readonly at: string
  readonly jobUrl: string
  /** Trigger (poll) error: no trigger data was fetched, nothing to repeat. */
  readonly isPollError: boolean
}

/**
 * What happened to a Repeat click, shown in place of the job's button.
 * Build with `RepeatOutcome.Repeated({...})` etc. or as plain `{ _tag, ... }` objects.
 */
export type RepeatOutcome = Data.TaggedEnum<{
  /** Workato enqueued a new job. `by` is the Slack user id who clicked. */
  Repeated: { readonly by: string; readonly newJobId: string; readonly newJobUrl: string }
  /** Workato refused (or the request certainly did nothing): `reason` in plain words. */
  NotRepeated: { readonly by: string; readonly reason: string }
  /** The request may have reached Workato; nobody knows whether it ran. */
  Unknown: { readonly by: string; readonly reason: string }
  /** Someone clicked and the repeat is under way: no second button to click. */
  InProgress: { readonly by: string }
}>
export const RepeatOutcome = Data.taggedEnum<RepeatOutcome>()
