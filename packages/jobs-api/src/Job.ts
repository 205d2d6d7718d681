/**
 * Schemas for the jobs Workato returns: the list response, a job summary and
 * a job's detail with its steps (`lines`).
 *
 * Decoding is lenient on purpose (Workato's own clients broke on strict
 * decoders): unknown keys are kept, integer ids become strings, `status` is any
 * string, and keys missing from some documented samples are optional. Keys
 * present in every documented job payload (`id`, `title`, `started_at`,
 * `is_poll_error`) are required. Nullable keys decode to `null` when absent.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { lenientStruct, nullable, NumberAsString, optional, OtherString } from "./internal/lenient.js"

/**
 * A job id (also called job handle), e.g. `"j-KGAKfhsz-GYoLe"`. The 2019–2020
 * API returned integers; those decode to their decimal string.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { JobId } from "@workato-jobs/jobs-api"
 *
 * Schema.decodeUnknownSync(JobId)(1004) // "1004"
 * Schema.decodeUnknownSync(JobId)("j-KGAKfhsz-GYoLe") // "j-KGAKfhsz-GYoLe"
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const JobId: Schema.Schema<string, string | number> = Schema.Union(Schema.String, NumberAsString).annotations({
  identifier: "JobId"
})

/**
 * A recipe id. Recipe ids are integers; a numeric string (as the typed
 * reference shows for `calling_recipe_id`) decodes to its number.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { RecipeId } from "@workato-jobs/jobs-api"
 *
 * Schema.decodeUnknownSync(RecipeId)("28904") // 28904
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const RecipeId: Schema.Schema<number, number | string> = Schema.Union(Schema.Number, Schema.NumberFromString)
  .annotations({ identifier: "RecipeId" })

/**
 * A job status: `succeeded`, `failed`, `pending`, or any other string (the API
 * strings for cancelled or aborted jobs are undocumented). Use
 * {@link isFailed} rather than comparing strings to decide "did it fail".
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { JobStatus } from "@workato-jobs/jobs-api"
 *
 * Schema.decodeUnknownSync(JobStatus)("canceled") // "canceled"
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const JobStatus = Schema.Union(Schema.Literal("succeeded", "failed", "pending"), OtherString).annotations({
  identifier: "JobStatus"
})

/**
 * @example
 * ```ts
 * import type { JobStatus } from "@workato-jobs/jobs-api"
 *
 * const status: JobStatus = "failed"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type JobStatus = typeof JobStatus.Type

/**
 * The structured error of a failed job (`error_parts`). Every key is optional:
 * the 2019 API sent `{}`; `input` is always `"<redacted>"` nowadays.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { ErrorParts } from "@workato-jobs/jobs-api"
 *
 * Schema.decodeUnknownSync(ErrorParts)({ adapter: "marketo", error_type: "Missing required field" })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ErrorParts = lenientStruct({
  adapter: optional(Schema.String),
  error_type: optional(Schema.String),
  message: optional(Schema.String),
  error_id: optional(Schema.String),
  error_at: optional(Schema.String),
  input: optional(Schema.Unknown),
  inner_message: optional(Schema.String),
  action: optional(Schema.Unknown),
  line_number: optional(Schema.Number),
  retry_count: optional(Schema.Number)
}).annotations({ identifier: "ErrorParts" })

/**
 * @example
 * ```ts
 * import type { ErrorParts } from "@workato-jobs/jobs-api"
 *
 * const describe = (parts: ErrorParts) => `${parts.adapter ?? "?"}: ${parts.message ?? ""}`
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface ErrorParts extends Schema.Schema.Type<typeof ErrorParts> {}

const jobFields = {
  id: JobId,
  flow_run_id: optional(Schema.Number),
  title: Schema.String,
  status: optional(JobStatus),
  is_error: optional(Schema.Boolean),
  is_poll_error: Schema.Boolean,
  error: nullable(Schema.String),
  error_parts: optional(ErrorParts),
  started_at: Schema.String,
  completed_at: nullable(Schema.String),
  recipe_id: optional(RecipeId),
  master_job_id: nullable(JobId),
  calling_recipe_id: nullable(RecipeId),
  calling_job_id: nullable(JobId),
  root_recipe_id: nullable(RecipeId),
  root_job_id: nullable(JobId)
}

/**
 * One job as listed by `GET /api/recipes/:recipe_id/jobs` (snake_case as on
 * the wire). `completed_at` is `null` while the job runs; `master_job_id` is
 * set on repeats (and, in some samples, on originals too: use
 * {@link masterJobId}); `error` is free text (sometimes JSON inside, in old
 * payloads).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { JobSummary } from "@workato-jobs/jobs-api"
 *
 * const job = Schema.decodeUnknownSync(JobSummary)({
 *   id: "j-KGAKfhsz-GYoLe", title: "New row", is_error: false, is_poll_error: false,
 *   started_at: "2015-01-02T01:02:03.000Z", status: "succeeded"
 * })
 * job.master_job_id // null
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const JobSummary = lenientStruct(jobFields).annotations({ identifier: "JobSummary" })

/**
 * @example
 * ```ts
 * import type { JobSummary } from "@workato-jobs/jobs-api"
 *
 * const line = (job: JobSummary) => `${job.id} ${job.status ?? "?"} ${job.title}`
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface JobSummary extends Schema.Schema.Type<typeof JobSummary> {}

/**
 * The list response: lifetime counters of the recipe plus one page of
 * `items`, newest first. `job_scope_count` (jobs matching the filter) only
 * appears in the newest API revision.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { JobList } from "@workato-jobs/jobs-api"
 *
 * const page = Schema.decodeUnknownSync(JobList)({
 *   job_succeeded_count: 0, job_failed_count: 0, job_count: 0, items: []
 * })
 * page.items.length // 0
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const JobList = lenientStruct({
  job_succeeded_count: Schema.Number,
  job_failed_count: Schema.Number,
  job_count: Schema.Number,
  job_scope_count: optional(Schema.Number),
  items: Schema.Array(JobSummary)
}).annotations({ identifier: "JobList" })

/**
 * @example
 * ```ts
 * import type { JobList } from "@workato-jobs/jobs-api"
 *
 * const failedShare = (list: JobList) => list.job_failed_count / Math.max(1, list.job_count)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface JobList extends Schema.Schema.Type<typeof JobList> {}

/**
 * Timing of one step (`line_stat`); `total` is fractional seconds.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { LineStat } from "@workato-jobs/jobs-api"
 *
 * Schema.decodeUnknownSync(LineStat)({ total: 0.0034, details: [] })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const LineStat = lenientStruct({
  started_at: optional(Schema.String),
  completed_at: optional(Schema.String),
  total: optional(Schema.Number),
  details: optional(Schema.Array(
    lenientStruct({
      name: optional(Schema.String),
      count: optional(Schema.Number),
      average: optional(Schema.Number),
      total: optional(Schema.Number),
      min: optional(Schema.Number),
      max: optional(Schema.Number)
    })
  ))
}).annotations({ identifier: "LineStat" })

/**
 * Where and how a step failed (`error_descriptor`).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { ErrorDescriptor } from "@workato-jobs/jobs-api"
 *
 * Schema.decodeUnknownSync(ErrorDescriptor)({ error_type: "Bad request", line_number: null, actionable: false })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ErrorDescriptor = lenientStruct({
  error_type: optional(Schema.String),
  error_id: optional(Schema.String),
  line_number: optional(Schema.Number),
  adapter: optional(Schema.String),
  error_at: optional(Schema.String),
  error_type_id: optional(Schema.String),
  actionable: optional(Schema.Boolean),
  action: optional(Schema.Unknown),
  trigger: optional(Schema.Unknown)
}).annotations({ identifier: "ErrorDescriptor" })

/**
 * The failing step's error text and, for HTTP connectors, the remote
 * response (`error_details`).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { ErrorDetails } from "@workato-jobs/jobs-api"
 *
 * Schema.decodeUnknownSync(ErrorDetails)({ message: "Bad request", http_response: { code: 400, body: "{}" } })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ErrorDetails = lenientStruct({
  message: optional(Schema.String),
  inner_message: optional(Schema.String),
  http_response: optional(
    lenientStruct({
      protocol: optional(Schema.String),
      code: optional(Schema.Union(Schema.Number, Schema.String)),
      raw_status_text: optional(Schema.String),
      normalized_status_text: optional(Schema.String),
      body: optional(Schema.String),
      headers: optional(Schema.Record({ key: Schema.String, value: Schema.Unknown }))
    })
  )
}).annotations({ identifier: "ErrorDetails" })

/**
 * One step of a job (`lines[]` of the job detail). `input`/`output` are the
 * step's data (absent when masked or not stored).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { JobLine } from "@workato-jobs/jobs-api"
 *
 * const line = Schema.decodeUnknownSync(JobLine)({ recipe_line_number: 1, adapter_name: "marketo" })
 * line.error // null
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const JobLine = lenientStruct({
  recipe_line_number: optional(Schema.Number),
  adapter_name: optional(Schema.String),
  adapter_operation: optional(Schema.String),
  input: optional(Schema.Unknown),
  output: optional(Schema.Unknown),
  error: nullable(Schema.String),
  mask_data: optional(Schema.Boolean),
  line_stat: optional(LineStat),
  error_descriptor: optional(ErrorDescriptor),
  error_details: optional(ErrorDetails)
}).annotations({ identifier: "JobLine" })

/**
 * @example
 * ```ts
 * import type { JobLine } from "@workato-jobs/jobs-api"
 *
 * const failedStep = (lines: ReadonlyArray<JobLine>) => lines.find((l) => l.error !== null)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface JobLine extends Schema.Schema.Type<typeof JobLine> {}

/**
 * One job's metadata from `GET /api/recipes/:recipe_id/jobs/:job_handle`: the
 * summary fields plus `handle`, repeat/test flags and the steps (`lines`,
 * `[]` when absent).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { JobDetail } from "@workato-jobs/jobs-api"
 *
 * const job = Schema.decodeUnknownSync(JobDetail)({
 *   id: "j-AJTAt8w6-wdAgWM", title: "Scheduled", is_error: false, is_poll_error: false,
 *   started_at: "2023-09-08T13:55:24.606-07:00", lines: [{ recipe_line_number: 0 }]
 * })
 * job.lines.length // 1
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const JobDetail = lenientStruct({
  ...jobFields,
  handle: optional(JobId),
  lines: Schema.optionalWith(Schema.Array(JobLine), { nullable: true, default: () => [] }),
  is_repeat: optional(Schema.Boolean),
  is_test: optional(Schema.Boolean),
  is_test_case_job: optional(Schema.Boolean),
  master_job_handle: nullable(JobId),
  calling_job_handle: nullable(JobId),
  job_correlation_id: optional(Schema.String)
}).annotations({ identifier: "JobDetail" })

/**
 * @example
 * ```ts
 * import type { JobDetail } from "@workato-jobs/jobs-api"
 *
 * const stepCount = (job: JobDetail) => job.lines.length
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface JobDetail extends Schema.Schema.Type<typeof JobDetail> {}

/**
 * Whether a job failed: `is_error` (the documented robust signal), or
 * `status === "failed"` for payloads without the flag.
 *
 * @example
 * ```ts
 * import { isFailed, type JobSummary } from "@workato-jobs/jobs-api"
 *
 * const failures = (jobs: ReadonlyArray<JobSummary>) => jobs.filter(isFailed)
 * ```
 *
 * @since 0.1.0
 * @category predicates
 */
export const isFailed = (job: Pick<JobSummary, "is_error" | "status">): boolean =>
  job.is_error === true || job.status === "failed"

/**
 * The id to send to `repeat`: Workato only repeats master jobs, so a repeat's
 * `master_job_id`, else the job's own `id`.
 *
 * @example
 * ```ts
 * import { masterJobId, type JobSummary } from "@workato-jobs/jobs-api"
 *
 * const toRepeat = (jobs: ReadonlyArray<JobSummary>) => jobs.map(masterJobId)
 * ```
 *
 * @since 0.1.0
 * @category getters
 */
export const masterJobId = (job: Pick<JobSummary, "id" | "master_job_id">): string => job.master_job_id ?? job.id

/**
 * When a job started, in epoch milliseconds (`started_at` as an instant: its
 * offset may differ between payloads). A date that does not parse counts as
 * the oldest possible, `-Infinity`: it sorts last newest-first and never falls
 * inside a "since" window.
 *
 * @example
 * ```ts
 * import { startedAtMillis } from "@workato-jobs/jobs-api"
 *
 * startedAtMillis({ started_at: "2024-05-01T10:00:00.000+02:00" }) // 1714550400000
 * startedAtMillis({ started_at: "yesterday" }) // -Infinity
 * ```
 *
 * @since 0.1.0
 * @category getters
 */
export const startedAtMillis = (job: Pick<JobSummary, "started_at">): number => {
  const ms = Date.parse(job.started_at)
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms
}
