/**
 * Wire schemas of the state-changing endpoints: resume, repeat and cancel.
 *
 * Repeat follows the seed copy of Workato's Jobs page (`results[]` with
 * `requested_job_id`, `status`, `job.id` or `error.{type_id,message}`, plus
 * `summary`). Other clients saw `job_id` instead of `requested_job_id` and a
 * plain string `error`; both are accepted. Cancel's payload is not documented
 * anywhere: it is ASSUMED to mirror repeat and is decoded even more leniently
 * (every key optional).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { lenientStruct, optional } from "./internal/lenient.js"
import { JobId } from "./Job.js"

/**
 * Body of `POST /api/job/resume`: the suspended job's `resume_token` and
 * optional data for the action's `before_resume` lambda (≤ 50 MB).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { ResumeRequest } from "@workato-jobs/jobs-api"
 *
 * Schema.encodeSync(ResumeRequest)({ token: "resume-token", data: { approved: true } })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ResumeRequest = Schema.Struct({
  token: Schema.String,
  data: Schema.optionalWith(Schema.Unknown, { exact: true })
}).annotations({ identifier: "ResumeRequest" })

/**
 * @example
 * ```ts
 * import type { ResumeRequest } from "@workato-jobs/jobs-api"
 *
 * const input: ResumeRequest = { token: "resume-token" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface ResumeRequest extends Schema.Schema.Type<typeof ResumeRequest> {}

/**
 * Body of `POST /api/recipes/:recipe_id/repeat_jobs` (1..25 unique master job
 * ids). Cancel is assumed to take the same body.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { JobIdsRequest } from "@workato-jobs/jobs-api"
 *
 * Schema.encodeSync(JobIdsRequest)({ job_ids: ["j-AJTAt8w6-wdAgWM"] })
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const JobIdsRequest = Schema.Struct({
  job_ids: Schema.Array(Schema.String)
}).annotations({ identifier: "JobIdsRequest" })

/**
 * A per-job error inside a repeat/cancel result. A plain string (seen in one
 * client) decodes to `{ message }`.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { ActionEntryError } from "@workato-jobs/jobs-api"
 *
 * Schema.decodeUnknownSync(ActionEntryError)("Job not found") // { message: "Job not found" }
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ActionEntryError: Schema.Schema<
  { readonly type_id?: string; readonly message?: string },
  { readonly type_id?: string | null; readonly message?: string | null } | string
> = Schema.Union(
  lenientStruct({ type_id: optional(Schema.String), message: optional(Schema.String) }),
  Schema.transform(Schema.String, Schema.Struct({ message: Schema.String }), {
    strict: true,
    decode: (message) => ({ message }),
    encode: ({ message }) => message
  })
).annotations({ identifier: "ActionEntryError" })

const RawActionEntry = lenientStruct({
  requested_job_id: optional(JobId),
  job_id: optional(JobId),
  status: optional(Schema.String),
  job: optional(lenientStruct({ id: optional(JobId) })),
  error: optional(ActionEntryError)
})

const NormalizedActionEntry = lenientStruct({
  requested_job_id: optional(Schema.String),
  status: optional(Schema.String),
  job: optional(lenientStruct({ id: optional(Schema.String) })),
  error: optional(lenientStruct({ type_id: optional(Schema.String), message: optional(Schema.String) }))
})

/**
 * One entry of `results[]`: which id was requested (`requested_job_id`, or
 * `job_id` in other clients' view of the API), `status` (`enqueued` or
 * `failed` for repeat), the new job for enqueued entries, the error otherwise.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { ActionEntry } from "@workato-jobs/jobs-api"
 *
 * Schema.decodeUnknownSync(ActionEntry)({ job_id: "j-1", status: "enqueued" }).requested_job_id // "j-1"
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const ActionEntry = Schema.transform(RawActionEntry, NormalizedActionEntry, {
  strict: false,
  decode: ({ job_id, requested_job_id, ...rest }) => {
    const id = requested_job_id ?? job_id
    return id === undefined ? rest : { ...rest, requested_job_id: id }
  },
  encode: (entry) => entry
}).annotations({ identifier: "ActionEntry" })

/**
 * @example
 * ```ts
 * import type { ActionEntry } from "@workato-jobs/jobs-api"
 *
 * const isEnqueued = (entry: ActionEntry) => entry.status === "enqueued"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface ActionEntry extends Schema.Schema.Type<typeof ActionEntry> {}

/**
 * The 200 body of repeat: per-id `results` (a partial failure is still a 200)
 * and an optional `summary` of totals.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { RepeatResponse } from "@workato-jobs/jobs-api"
 *
 * const res = Schema.decodeUnknownSync(RepeatResponse)({
 *   results: [{ requested_job_id: "j-1", status: "enqueued", job: { id: "j-2" } }],
 *   summary: { total_requested: 1, total_enqueued: 1, total_failed: 0 }
 * })
 * res.results[0]?.job?.id // "j-2"
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const RepeatResponse = lenientStruct({
  results: Schema.Array(ActionEntry),
  summary: optional(
    lenientStruct({
      total_requested: optional(Schema.Number),
      total_enqueued: optional(Schema.Number),
      total_failed: optional(Schema.Number)
    })
  )
}).annotations({ identifier: "RepeatResponse" })

/**
 * @example
 * ```ts
 * import type { RepeatResponse } from "@workato-jobs/jobs-api"
 *
 * const enqueued = (res: RepeatResponse) => res.summary?.total_enqueued ?? 0
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface RepeatResponse extends Schema.Schema.Type<typeof RepeatResponse> {}

/**
 * The 2xx body of cancel. UNDOCUMENTED by Workato: assumed to mirror repeat
 * (`results[]`, `summary`), with every key optional and everything else kept.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { CancelResponse } from "@workato-jobs/jobs-api"
 *
 * Schema.decodeUnknownSync(CancelResponse)({}) // {}
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const CancelResponse = lenientStruct({
  results: optional(Schema.Array(ActionEntry)),
  summary: optional(Schema.Unknown)
}).annotations({ identifier: "CancelResponse" })

/**
 * @example
 * ```ts
 * import type { CancelResponse } from "@workato-jobs/jobs-api"
 *
 * const count = (res: CancelResponse) => res.results?.length ?? 0
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface CancelResponse extends Schema.Schema.Type<typeof CancelResponse> {}
