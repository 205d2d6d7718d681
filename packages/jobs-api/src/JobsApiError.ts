/**
 * The failures of the Jobs API client: one `Schema.TaggedError` per failure
 * class (HTTP outcome), one per repeat/cancel `type_id`, and `InvalidJobIds`
 * for input rejected before any request. Every `message` says what happened
 * and what to do. None of them ever holds the API token: errors carry the
 * operation in words, Workato's own message and status, never the request.
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"

/**
 * Marks every error of this package (see {@link isJobsApiError}).
 *
 * @example
 * ```ts
 * import { JobsApiErrorTypeId, Unauthorized } from "@workato-jobs/jobs-api"
 *
 * new Unauthorized({ operation: "list jobs of recipe 1" })[JobsApiErrorTypeId] // "~@workato-jobs/jobs-api/JobsApiError"
 * ```
 *
 * @since 0.1.0
 * @category type ids
 */
export const JobsApiErrorTypeId = "~@workato-jobs/jobs-api/JobsApiError" as const

/**
 * @example
 * ```ts
 * import type { JobsApiErrorTypeId } from "@workato-jobs/jobs-api"
 *
 * const id: JobsApiErrorTypeId = "~@workato-jobs/jobs-api/JobsApiError"
 * ```
 *
 * @since 0.1.0
 * @category type ids
 */
export type JobsApiErrorTypeId = typeof JobsApiErrorTypeId

/**
 * Whether a value is one of this package's errors (any class, including the
 * per-job rejections and `InvalidJobIds`).
 *
 * @example
 * ```ts
 * import { isJobsApiError, Forbidden } from "@workato-jobs/jobs-api"
 *
 * isJobsApiError(new Forbidden({ operation: "get job j-1" })) // true
 * isJobsApiError(new Error("x")) // false
 * ```
 *
 * @since 0.1.0
 * @category guards
 */
export const isJobsApiError = (u: unknown): u is JobsApiError | JobRejection | CancelRejection | InvalidJobIds =>
  Predicate.hasProperty(u, JobsApiErrorTypeId)

const identifier = (tag: string) => `@workato-jobs/jobs-api/${tag}`

const said = (serverMessage: string | undefined) => serverMessage ? `: "${serverMessage}"` : ""

/**
 * Workato answered 400/422 (or another 4xx without a class of its own):
 * the request itself is wrong. Carries Workato's `message`. Not retried.
 *
 * @example
 * ```ts
 * import { BadRequest } from "@workato-jobs/jobs-api"
 *
 * const e = new BadRequest({ operation: "repeat jobs of recipe 1", status: 400, serverMessage: "Bad request" })
 * e.message // 'Workato rejected the request to repeat jobs of recipe 1 (HTTP 400): "Bad request". ...'
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class BadRequest extends Schema.TaggedError<BadRequest>(identifier("BadRequest"))("BadRequest", {
  operation: Schema.String,
  status: Schema.Number,
  serverMessage: Schema.optional(Schema.String)
}) {
  readonly [JobsApiErrorTypeId] = JobsApiErrorTypeId
  override get message(): string {
    return `Workato rejected the request to ${this.operation} (HTTP ${this.status})${said(this.serverMessage)}. ` +
      "Check the recipe id, job ids and parameters; the request was not retried."
  }
}

/**
 * Workato answered 401: the API token is missing, wrong or revoked.
 *
 * @example
 * ```ts
 * import { Unauthorized } from "@workato-jobs/jobs-api"
 *
 * new Unauthorized({ operation: "list jobs of recipe 1" }).message
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class Unauthorized extends Schema.TaggedError<Unauthorized>(identifier("Unauthorized"))("Unauthorized", {
  operation: Schema.String,
  serverMessage: Schema.optional(Schema.String)
}) {
  readonly [JobsApiErrorTypeId] = JobsApiErrorTypeId
  override get message(): string {
    return `Workato did not accept the API token (HTTP 401) for the request to ${this.operation}${
      said(this.serverMessage)
    }. Check the API token: it must be an API client token (Workspace admin → API clients) for this data ` +
      "center; legacy email + user token keys no longer work."
  }
}

/**
 * Workato answered 403: the API client's role or project scope does not
 * allow this endpoint or recipe.
 *
 * @example
 * ```ts
 * import { Forbidden } from "@workato-jobs/jobs-api"
 *
 * new Forbidden({ operation: "repeat jobs of recipe 1" }).message
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class Forbidden extends Schema.TaggedError<Forbidden>(identifier("Forbidden"))("Forbidden", {
  operation: Schema.String,
  serverMessage: Schema.optional(Schema.String)
}) {
  readonly [JobsApiErrorTypeId] = JobsApiErrorTypeId
  override get message(): string {
    return `Workato refused the request to ${this.operation} (HTTP 403)${said(this.serverMessage)}. ` +
      "Give the API client's role the Jobs permissions it needs and make sure its projects include the recipe."
  }
}

/**
 * Workato answered 404: unknown recipe or job (or one outside the API
 * client's projects).
 *
 * @example
 * ```ts
 * import { NotFound } from "@workato-jobs/jobs-api"
 *
 * new NotFound({ operation: "get job j-1 of recipe 1", serverMessage: "Not found" }).message
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class NotFound extends Schema.TaggedError<NotFound>(identifier("NotFound"))("NotFound", {
  operation: Schema.String,
  serverMessage: Schema.optional(Schema.String)
}) {
  readonly [JobsApiErrorTypeId] = JobsApiErrorTypeId
  override get message(): string {
    return `Workato found nothing for the request to ${this.operation} (HTTP 404)${said(this.serverMessage)}. ` +
      "Check the recipe id and job id, and that the API client's projects include the recipe."
  }
}

/**
 * Workato answered 429 and the retry budget ran out (or `Retry-After` asked
 * for longer than the budget). `retryAfter` is the server's requested delay
 * when it sent one.
 *
 * @example
 * ```ts
 * import { Duration } from "effect"
 * import { RateLimited } from "@workato-jobs/jobs-api"
 *
 * new RateLimited({ operation: "list jobs of recipe 1", retryAfter: Duration.seconds(30) }).message
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class RateLimited extends Schema.TaggedError<RateLimited>(identifier("RateLimited"))("RateLimited", {
  operation: Schema.String,
  retryAfter: Schema.optional(Schema.DurationFromSelf)
}) {
  readonly [JobsApiErrorTypeId] = JobsApiErrorTypeId
  override get message(): string {
    const after = this.retryAfter ? `; it asked to wait ${Duration.format(this.retryAfter)}` : ""
    return `Workato rate-limited the request to ${this.operation} (HTTP 429)${after}. ` +
      "Another client probably shares this workspace's quota: try again later, or lower the client's " +
      "quotas (`limits`) so all callers together stay under Workato's limits."
  }
}

/**
 * Workato answered 5xx. `errorId` is Workato's error `id` from the body: quote
 * it to Workato support. For repeat/cancel this is an `Unknown` outcome.
 *
 * @example
 * ```ts
 * import { ServerError } from "@workato-jobs/jobs-api"
 *
 * new ServerError({ operation: "get job j-1 of recipe 1", status: 500, errorId: "3188c2d0-29a4-4080-908e-582e7ed82580" }).message
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class ServerError extends Schema.TaggedError<ServerError>(identifier("ServerError"))("ServerError", {
  operation: Schema.String,
  status: Schema.Number,
  errorId: Schema.optional(Schema.String),
  serverMessage: Schema.optional(Schema.String)
}) {
  readonly [JobsApiErrorTypeId] = JobsApiErrorTypeId
  override get message(): string {
    const id = this.errorId ? ` (Workato error id ${this.errorId}: quote it to Workato support)` : ""
    return `Workato failed with HTTP ${this.status} on the request to ${this.operation}${said(this.serverMessage)}${id}. ` +
      "Try again later; after a repeat or cancel, check the jobs first: the request may have been processed."
  }
}

/**
 * No complete response within the configured timeout (default 40 s, Workato's
 * own limit). The request may still have been processed.
 *
 * @example
 * ```ts
 * import { Duration } from "effect"
 * import { RequestTimeout } from "@workato-jobs/jobs-api"
 *
 * new RequestTimeout({ operation: "repeat jobs of recipe 1", timeout: Duration.seconds(40) }).message
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class RequestTimeout extends Schema.TaggedError<RequestTimeout>(identifier("RequestTimeout"))(
  "RequestTimeout",
  {
    operation: Schema.String,
    timeout: Schema.DurationFromSelf
  }
) {
  readonly [JobsApiErrorTypeId] = JobsApiErrorTypeId
  override get message(): string {
    return `Workato did not answer the request to ${this.operation} within ${Duration.format(this.timeout)}. ` +
      "It may still have been processed: after a repeat or cancel, check the jobs before trying again. " +
      "Raise the client's timeout if Workato is just slow."
  }
}

/**
 * The HTTP exchange itself failed. `kind`:
 * - `ConnectionFailed`: no connection could be made (refused, DNS, unreachable):
 *   nothing reached Workato.
 * - `ConnectionLost`: the connection broke after the request was (possibly)
 *   sent: the outcome is unknown.
 * - `InvalidRequest`: the request could not be built (bad base URL, body).
 *
 * @example
 * ```ts
 * import { TransportError } from "@workato-jobs/jobs-api"
 *
 * new TransportError({ operation: "list jobs of recipe 1", kind: "ConnectionFailed", detail: "ECONNREFUSED" }).message
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class TransportError extends Schema.TaggedError<TransportError>(identifier("TransportError"))(
  "TransportError",
  {
    operation: Schema.String,
    kind: Schema.Literal("ConnectionFailed", "ConnectionLost", "InvalidRequest"),
    detail: Schema.String
  }
) {
  readonly [JobsApiErrorTypeId] = JobsApiErrorTypeId
  override get message(): string {
    switch (this.kind) {
      case "ConnectionFailed":
        return `Could not connect to Workato for the request to ${this.operation} (${this.detail}); nothing was sent. ` +
          "Check the base URL / data center and network access."
      case "ConnectionLost":
        return `The connection to Workato broke during the request to ${this.operation} (${this.detail}). ` +
          "It may have been processed: after a repeat or cancel, check the jobs before trying again."
      case "InvalidRequest":
        return `Could not build the request to ${this.operation} (${this.detail}); nothing was sent. ` +
          "Check the base URL and the arguments."
    }
  }
}

/**
 * Workato answered, but the body was not the documented JSON shape (or not
 * JSON). Carries the status and a short excerpt of the body.
 *
 * @example
 * ```ts
 * import { ResponseDecodeError } from "@workato-jobs/jobs-api"
 *
 * new ResponseDecodeError({ operation: "list jobs of recipe 1", status: 200, excerpt: "<html>", detail: "not JSON" }).message
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class ResponseDecodeError extends Schema.TaggedError<ResponseDecodeError>(identifier("ResponseDecodeError"))(
  "ResponseDecodeError",
  {
    operation: Schema.String,
    status: Schema.Number,
    excerpt: Schema.String,
    detail: Schema.String
  }
) {
  readonly [JobsApiErrorTypeId] = JobsApiErrorTypeId
  override get message(): string {
    return `Workato's response to the request to ${this.operation} (HTTP ${this.status}) could not be read: ` +
      `${this.detail}. Body starts with: ${JSON.stringify(this.excerpt)}. ` +
      "Check that the base URL points at the Workato API; if it does, report this excerpt: the API may have changed."
  }
}

/**
 * Any failure of an HTTP call to Workato.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import type { JobsApiError } from "@workato-jobs/jobs-api"
 *
 * const explain = (e: JobsApiError) => Effect.logWarning(e.message)
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export type JobsApiError =
  | BadRequest
  | Unauthorized
  | Forbidden
  | NotFound
  | RateLimited
  | ServerError
  | RequestTimeout
  | TransportError
  | ResponseDecodeError

/**
 * Schema of {@link JobsApiError} (e.g. to send errors over RPC or store them).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { JobsApiErrorSchema, NotFound } from "@workato-jobs/jobs-api"
 *
 * Schema.encodeSync(JobsApiErrorSchema)(new NotFound({ operation: "get job j-1 of recipe 1" }))
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const JobsApiErrorSchema = Schema.Union(
  BadRequest,
  Unauthorized,
  Forbidden,
  NotFound,
  RateLimited,
  ServerError,
  RequestTimeout,
  TransportError,
  ResponseDecodeError
)

/**
 * The ids given to `repeat`/`cancel` are unusable (empty list, blank or
 * non-string id). Raised before any request.
 *
 * @example
 * ```ts
 * import { InvalidJobIds } from "@workato-jobs/jobs-api"
 *
 * new InvalidJobIds({ reason: "the list is empty" }).message
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidJobIds extends Schema.TaggedError<InvalidJobIds>(identifier("InvalidJobIds"))("InvalidJobIds", {
  reason: Schema.String
}) {
  readonly [JobsApiErrorTypeId] = JobsApiErrorTypeId
  override get message(): string {
    return `Invalid job ids: ${this.reason}. Pass one or more non-blank job id strings ` +
      `(e.g. "j-KGAKfhsz-GYoLe"); nothing was sent to Workato.`
  }
}

/**
 * Per-job rejection `err.item.not_found`: Workato does not know this job in
 * this recipe (wrong id, other recipe, or purged).
 *
 * @example
 * ```ts
 * import { JobNotFound } from "@workato-jobs/jobs-api"
 *
 * new JobNotFound({ jobId: "j-1", serverMessage: "Job not found" }).message
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class JobNotFound extends Schema.TaggedError<JobNotFound>(identifier("JobNotFound"))("JobNotFound", {
  jobId: Schema.String,
  serverMessage: Schema.optional(Schema.String)
}) {
  readonly [JobsApiErrorTypeId] = JobsApiErrorTypeId
  readonly typeId = "err.item.not_found"
  override get message(): string {
    return `Workato does not know job ${this.jobId} (${this.typeId})${said(this.serverMessage)}. ` +
      "Check that the job belongs to this recipe and still exists."
  }
}

/**
 * Per-job rejection `err.job.repeat.invalid_id`: the id is not repeatable as
 * given, typically because it is itself a repeat. Repeat its master job.
 *
 * @example
 * ```ts
 * import { NotMasterJob } from "@workato-jobs/jobs-api"
 *
 * new NotMasterJob({ jobId: "j-2", serverMessage: "Non-master job handle specified: j-2" }).message
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class NotMasterJob extends Schema.TaggedError<NotMasterJob>(identifier("NotMasterJob"))("NotMasterJob", {
  jobId: Schema.String,
  serverMessage: Schema.optional(Schema.String)
}) {
  readonly [JobsApiErrorTypeId] = JobsApiErrorTypeId
  readonly typeId = "err.job.repeat.invalid_id"
  override get message(): string {
    return `Workato cannot repeat job ${this.jobId} by this id (${this.typeId})${said(this.serverMessage)}. ` +
      "Only master jobs can be repeated: send the job's master_job_id instead (see masterJobId)."
  }
}

/**
 * Per-job rejection `err.job.repeat.trigger_data_unavailable.expired`: the
 * trigger data is past the retention period, so the job can no longer be
 * repeated.
 *
 * @example
 * ```ts
 * import { TriggerDataExpired } from "@workato-jobs/jobs-api"
 *
 * new TriggerDataExpired({ jobId: "j-3" }).message
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class TriggerDataExpired extends Schema.TaggedError<TriggerDataExpired>(identifier("TriggerDataExpired"))(
  "TriggerDataExpired",
  {
    jobId: Schema.String,
    serverMessage: Schema.optional(Schema.String)
  }
) {
  readonly [JobsApiErrorTypeId] = JobsApiErrorTypeId
  readonly typeId = "err.job.repeat.trigger_data_unavailable.expired"
  override get message(): string {
    return `Workato can no longer repeat job ${this.jobId}: its trigger data was erased by the retention policy ` +
      `(${this.typeId})${said(this.serverMessage)}. Re-send the event from the source system instead.`
  }
}

/**
 * Per-job repeat rejection with any other `type_id` (e.g. the 100-repeats
 * limit); `typeId` and Workato's message are kept verbatim.
 *
 * @example
 * ```ts
 * import { RepeatRejected } from "@workato-jobs/jobs-api"
 *
 * new RepeatRejected({ jobId: "j-4", typeId: "err.job.repeat.limit", serverMessage: "Too many repeats" }).message
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class RepeatRejected extends Schema.TaggedError<RepeatRejected>(identifier("RepeatRejected"))(
  "RepeatRejected",
  {
    jobId: Schema.String,
    typeId: Schema.String,
    serverMessage: Schema.optional(Schema.String)
  }
) {
  readonly [JobsApiErrorTypeId] = JobsApiErrorTypeId
  override get message(): string {
    return `Workato refused to repeat job ${this.jobId} (${this.typeId})${said(this.serverMessage)}. ` +
      "Open the job in Workato to see why; repeating it again will be refused the same way."
  }
}

/**
 * Per-job cancel rejection with a `type_id` other than `err.item.not_found`
 * (cancel's error ids are undocumented; e.g. the job is no longer running).
 *
 * @example
 * ```ts
 * import { CancelRejected } from "@workato-jobs/jobs-api"
 *
 * new CancelRejected({ jobId: "j-5", typeId: "err.job.cancel.not_running" }).message
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class CancelRejected extends Schema.TaggedError<CancelRejected>(identifier("CancelRejected"))(
  "CancelRejected",
  {
    jobId: Schema.String,
    typeId: Schema.String,
    serverMessage: Schema.optional(Schema.String)
  }
) {
  readonly [JobsApiErrorTypeId] = JobsApiErrorTypeId
  override get message(): string {
    return `Workato refused to cancel job ${this.jobId} (${this.typeId})${said(this.serverMessage)}. ` +
      "Only running jobs can be cancelled: check the job's status."
  }
}

/**
 * Why Workato refused to repeat one job.
 *
 * @example
 * ```ts
 * import type { JobRejection } from "@workato-jobs/jobs-api"
 *
 * // NotMasterJob is the one rejection the caller can fix: repeat the master job instead.
 * const repeatMasterInstead = (e: JobRejection) => e._tag === "NotMasterJob"
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export type JobRejection = JobNotFound | NotMasterJob | TriggerDataExpired | RepeatRejected

/**
 * Why Workato refused to cancel one job: unknown job, or any other `type_id`
 * (cancel's error ids are undocumented).
 *
 * @example
 * ```ts
 * import type { CancelRejection } from "@workato-jobs/jobs-api"
 *
 * const gone = (e: CancelRejection) => e._tag === "JobNotFound"
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export type CancelRejection = JobNotFound | CancelRejected
