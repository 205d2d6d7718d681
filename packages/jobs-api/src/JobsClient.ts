/**
 * The Jobs API client service: list/stream/get jobs, resume, repeat and
 * cancel, with per-endpoint-class quotas shared by every caller of one layer,
 * retries only where they are safe, and a timeout on every request.
 *
 * @since 0.1.0
 */
import type * as HttpBody from "@effect/platform/HttpBody"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Chunk from "effect/Chunk"
import type * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import type * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import {
  CancelResult,
  type CancelReport,
  RepeatResult,
  type RepeatReport
} from "./ActionReport.js"
import { JobDetail, JobList, type JobSummary } from "./Job.js"
import { type ActionEntry, CancelResponse, JobIdsRequest, RepeatResponse, ResumeRequest } from "./JobAction.js"
import { JobsApiConfig, type JobsApiOptions } from "./JobsApiConfig.js"
import {
  CancelRejected,
  type CancelRejection,
  InvalidJobIds,
  JobNotFound,
  type JobRejection,
  type JobsApiError,
  NotMasterJob,
  RepeatRejected,
  ResponseDecodeError,
  TransportError,
  TriggerDataExpired
} from "./JobsApiError.js"
import * as JobIds from "./internal/jobIds.js"
import * as Exchange from "./internal/exchange.js"
import { mayHaveBeenProcessed } from "./internal/outcome.js"
import { sortOldestFirst, unseen } from "./internal/paging.js"
import * as Limiter from "./internal/quota/limiter.js"

/**
 * Query of one `list` call. `offsetJobId` + `prev: false` (default) lists
 * jobs older than that job; `prev: true` lists jobs newer than it.
 *
 * @example
 * ```ts
 * import type { ListFilter } from "@workato-jobs/jobs-api"
 *
 * const failedOnly: ListFilter = { status: "failed" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface ListFilter {
  readonly status?: "succeeded" | "failed" | "pending" | undefined
  readonly rerunOnly?: boolean | undefined
  readonly offsetJobId?: string | undefined
  readonly prev?: boolean | undefined
}

/**
 * Filter of `stream` and `newerThan` (the cursor is managed for you).
 *
 * @example
 * ```ts
 * import type { StreamFilter } from "@workato-jobs/jobs-api"
 *
 * const failedReruns: StreamFilter = { status: "failed", rerunOnly: true }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface StreamFilter {
  readonly status?: "succeeded" | "failed" | "pending" | undefined
  readonly rerunOnly?: boolean | undefined
}

type EndpointClass = "repeat" | "cancel" | "other"

// Callers from plain JS may pass anything: never assume an array before validation.
const countOf = (ids: unknown): number => Array.isArray(ids) ? ids.length : 0

const isBlank = (s: unknown): boolean => typeof s !== "string" || s.trim() === ""

const serverMessageOf = (entry: ActionEntry) => entry.error?.message === undefined ? {} : { serverMessage: entry.error.message }

const repeatRejection = (entry: ActionEntry, jobId: string): JobRejection => {
  const typeId = entry.error?.type_id
  switch (typeId) {
    case "err.item.not_found":
      return new JobNotFound({ jobId, ...serverMessageOf(entry) })
    case "err.job.repeat.invalid_id":
      return new NotMasterJob({ jobId, ...serverMessageOf(entry) })
    case "err.job.repeat.trigger_data_unavailable.expired":
      return new TriggerDataExpired({ jobId, ...serverMessageOf(entry) })
    default:
      return new RepeatRejected({ jobId, typeId: typeId ?? "(no type_id)", ...serverMessageOf(entry) })
  }
}

// Cancel's error ids are undocumented: only "not found" is known; any other keeps its type_id.
const cancelRejection = (entry: ActionEntry, jobId: string): CancelRejection => {
  const typeId = entry.error?.type_id
  return typeId === "err.item.not_found"
    ? new JobNotFound({ jobId, ...serverMessageOf(entry) })
    : new CancelRejected({ jobId, typeId: typeId ?? "(no type_id)", ...serverMessageOf(entry) })
}

const bodyError = (operation: string) => (error: HttpBody.HttpBodyError) =>
  new TransportError({ operation, kind: "InvalidRequest", detail: `the body cannot be sent as JSON: ${error.reason._tag}` })

// After these, every later chunk of the same call would fail the same way.
const stopsTheCall = (error: JobsApiError): boolean =>
  error._tag === "Unauthorized" || error._tag === "Forbidden" || error._tag === "NotFound" ||
  (error._tag === "TransportError" && error.kind === "InvalidRequest")

const make = Effect.gen(function*() {
  const config = yield* JobsApiConfig
  const exchange = yield* Exchange.make
  const { decode } = exchange
  // Built once per layer: every fiber using this service shares them (and, through a shared
  // QuotaStore, every process using the same Workato host).
  const store = yield* Limiter.storeFromContext
  const limiter = (name: EndpointClass, perWindow: number, window: Duration.Duration) =>
    Limiter.make({ key: `${config.apiUrl} ${name}`, perWindow, window, store, adaptive: config.adaptiveQuotas })
  const limiters: Record<EndpointClass, Limiter.Limiter> = {
    repeat: yield* limiter("repeat", config.quotas.repeatPerSecond, Duration.seconds(1)),
    cancel: yield* limiter("cancel", config.quotas.cancelPerSecond, Duration.seconds(1)),
    other: yield* limiter("other", config.quotas.otherPerMinute, Duration.minutes(1))
  }

  const send = (
    endpoint: EndpointClass,
    operation: string,
    request: HttpClientRequest.HttpClientRequest,
    beforeSend?: Effect.Effect<void, JobsApiError>
  ): Effect.Effect<Exchange.Answer, JobsApiError> => exchange.send(limiters[endpoint], operation, request, beforeSend)

  const recipePath = (recipeId: number) => `/api/recipes/${encodeURIComponent(String(recipeId))}`

  const list: (recipeId: number, filter?: ListFilter) => Effect.Effect<JobList, JobsApiError> = Effect.fn(
    "JobsClient.list"
  )(function*(recipeId: number, filter: ListFilter = {}) {
    yield* Effect.annotateCurrentSpan({ recipeId, ...filter })
    const operation = `list jobs of recipe ${recipeId}`
    const request = HttpClientRequest.get(`${recipePath(recipeId)}/jobs`, {
      urlParams: {
        offset_job_id: filter.offsetJobId,
        prev: filter.prev === undefined ? undefined : String(filter.prev),
        status: filter.status,
        rerun_only: filter.rerunOnly === undefined ? undefined : String(filter.rerunOnly)
      }
    })
    return yield* decode(JobList, operation, yield* send("other", operation, request))
  })

  const stream = (recipeId: number, filter: StreamFilter = {}): Stream.Stream<JobSummary, JobsApiError> =>
    Stream.suspend(() => {
      const seen = new Set<string>()
      return Stream.paginateChunkEffect(undefined as string | undefined, (cursor) =>
        list(recipeId, { ...filter, ...(cursor === undefined ? {} : { offsetJobId: cursor, prev: false }) }).pipe(
          Effect.map((page) => {
            const fresh = unseen(page.items, seen)
            const oldest = page.items.at(-1)
            // The documented cursor is the page's last (oldest) id; a page without new ids means the end.
            const next = fresh.length === 0 || oldest === undefined ? Option.none() : Option.some(oldest.id)
            return [Chunk.fromIterable(fresh), next] as const
          })
        ))
    })

  const newerThan = (
    recipeId: number,
    jobId: string,
    filter: StreamFilter = {}
  ): Stream.Stream<JobSummary, JobsApiError | InvalidJobIds> =>
    Stream.suspend((): Stream.Stream<JobSummary, JobsApiError | InvalidJobIds> => {
      if (isBlank(jobId)) return Stream.fail(new InvalidJobIds({ reason: "the cursor job id is blank" }))
      const seen = new Set<string>([jobId])
      return Stream.paginateChunkEffect(jobId, (cursor) =>
        list(recipeId, { ...filter, offsetJobId: cursor, prev: true }).pipe(
          Effect.map((page) => {
            // The order inside a prev=true page is undocumented: sort it ourselves.
            const sorted = sortOldestFirst(page.items)
            const fresh = unseen(sorted, seen)
            const newest = sorted.at(-1)
            const next = fresh.length === 0 || newest === undefined ? Option.none() : Option.some(newest.id)
            return [Chunk.fromIterable(fresh), next] as const
          })
        ))
    })

  const get: (recipeId: number, jobId: string) => Effect.Effect<JobDetail, JobsApiError | InvalidJobIds> = Effect.fn(
    "JobsClient.get"
  )(function*(recipeId: number, jobId: string) {
    yield* Effect.annotateCurrentSpan({ recipeId, jobId })
    if (isBlank(jobId)) return yield* new InvalidJobIds({ reason: "the job id is blank" })
    const operation = `get job ${jobId} of recipe ${recipeId}`
    const request = HttpClientRequest.get(`${recipePath(recipeId)}/jobs/${encodeURIComponent(jobId)}`)
    return yield* decode(JobDetail, operation, yield* send("other", operation, request))
  })

  const resume: (input: ResumeRequest) => Effect.Effect<void, JobsApiError> = Effect.fn("JobsClient.resume")(
    function*(input: ResumeRequest) {
      const operation = "resume a suspended job"
      const request = yield* HttpClientRequest.post("/api/job/resume").pipe(
        HttpClientRequest.schemaBodyJson(ResumeRequest)(input),
        Effect.mapError(bodyError(operation))
      )
      yield* send("other", operation, request)
    }
  )

  /** Sends one chunk of ids; `Left` is the request's failure, `Right` the decoded answer. */
  const sendIds = <A, I>(
    endpoint: "repeat" | "cancel",
    recipeId: number,
    ids: ReadonlyArray<string>,
    schema: Schema.Schema<A, I>,
    emptyAs: unknown,
    beforeSend: Effect.Effect<void, JobsApiError>
  ): Effect.Effect<Either.Either<A, JobsApiError>> => {
    const operation = `${endpoint} ${ids.length} job${ids.length === 1 ? "" : "s"} of recipe ${recipeId}`
    return HttpClientRequest.post(`${recipePath(recipeId)}/${endpoint}_jobs`).pipe(
      HttpClientRequest.schemaBodyJson(JobIdsRequest)({ job_ids: ids }),
      Effect.mapError(bodyError(operation)),
      Effect.flatMap((request) => send(endpoint, operation, request, beforeSend)),
      Effect.flatMap((answer) => decode(schema, operation, answer, emptyAs)),
      Effect.either
    )
  }

  const missingResult = (endpoint: string, recipeId: number, jobId: string) =>
    new ResponseDecodeError({
      operation: `${endpoint} jobs of recipe ${recipeId}`,
      status: 200,
      excerpt: "",
      detail: `the response has no result for job ${jobId}`
    })

  /**
   * Shared shape of repeat and cancel: validate, chunk, send the chunks (several queued at once so
   * that a slow answer does not hold back the next send), one result per id in the order given.
   */
  const perJob = <A, I, R>(options: {
    readonly endpoint: "repeat" | "cancel"
    readonly recipeId: number
    readonly jobIds: ReadonlyArray<string>
    readonly schema: Schema.Schema<A, I>
    readonly emptyAs?: unknown
    readonly fromAnswer: (answer: A, chunk: ReadonlyArray<string>) => ReadonlyArray<R>
    readonly unknown: (jobId: string, cause: JobsApiError) => R
    readonly notSent: (jobId: string, cause: JobsApiError) => R
  }): Effect.Effect<ReadonlyArray<R>, InvalidJobIds> =>
    Effect.gen(function*() {
      const ids = yield* JobIds.validate(options.jobIds)
      const stopped = yield* Ref.make(Option.none<JobsApiError>())
      // Checked at each chunk's send time: after a 401/403/404 the later chunks are not sent.
      const notStopped = Effect.flatMap(Ref.get(stopped), Option.match({ onNone: () => Effect.void, onSome: Effect.fail }))
      const concurrency = yield* limiters[options.endpoint].depth
      const perChunk = yield* Effect.forEach(
        JobIds.chunksOf(ids, JobIds.maxIdsPerRequest),
        (chunk) =>
          sendIds(options.endpoint, options.recipeId, chunk, options.schema, options.emptyAs, notStopped).pipe(
            Effect.tap(Either.match({
              onLeft: (cause) =>
                stopsTheCall(cause) ? Ref.update(stopped, Option.orElse(() => Option.some(cause))) : Effect.void,
              onRight: () => Effect.void
            })),
            Effect.map(Either.match({
              onRight: (answer) => options.fromAnswer(answer, chunk),
              onLeft: (cause) => {
                // Never retried here: a repeat or cancel that may have happened must not run twice.
                const toResult = mayHaveBeenProcessed(cause) ? options.unknown : options.notSent
                return chunk.map((id) => toResult(id, cause))
              }
            }))
          ),
        { concurrency }
      )
      return perChunk.flat()
    })

  const byRequestedId = (entries: ReadonlyArray<ActionEntry>) => {
    const map = new Map<string, ActionEntry>()
    for (const entry of entries) {
      if (entry.requested_job_id !== undefined && !map.has(entry.requested_job_id)) {
        map.set(entry.requested_job_id, entry)
      }
    }
    return map
  }

  const repeat: (recipeId: number, jobIds: ReadonlyArray<string>) => Effect.Effect<RepeatReport, InvalidJobIds> = Effect.fn(
    "JobsClient.repeat"
  )(function*(recipeId: number, jobIds: ReadonlyArray<string>) {
    yield* Effect.annotateCurrentSpan({ recipeId, count: countOf(jobIds) })
    const results = yield* perJob({
      endpoint: "repeat",
      recipeId,
      jobIds,
      schema: RepeatResponse,
      unknown: (jobId, cause) => RepeatResult.Unknown({ jobId, cause }),
      notSent: (jobId, cause) => RepeatResult.NotSent({ jobId, cause }),
      fromAnswer: (answer, chunk) => {
        const entries = byRequestedId(answer.results)
        return chunk.map((jobId): RepeatResult => {
          const entry = entries.get(jobId)
          if (entry === undefined) return RepeatResult.Unknown({ jobId, cause: missingResult("repeat", recipeId, jobId) })
          if (entry.error !== undefined || entry.status === "failed") {
            return RepeatResult.Rejected({ jobId, error: repeatRejection(entry, jobId) })
          }
          if (entry.status === "enqueued" || entry.job?.id !== undefined) {
            return RepeatResult.Enqueued({ jobId, newJobId: entry.job?.id ?? null })
          }
          return RepeatResult.Unknown({
            jobId,
            cause: new ResponseDecodeError({
              operation: `repeat jobs of recipe ${recipeId}`,
              status: 200,
              excerpt: JSON.stringify(entry).slice(0, 200),
              detail: `unrecognised status ${JSON.stringify(entry.status ?? null)} for job ${jobId}`
            })
          })
        })
      }
    })
    return { recipeId, results }
  })

  const cancel: (recipeId: number, jobIds: ReadonlyArray<string>) => Effect.Effect<CancelReport, InvalidJobIds> = Effect.fn(
    "JobsClient.cancel"
  )(function*(recipeId: number, jobIds: ReadonlyArray<string>) {
    yield* Effect.annotateCurrentSpan({ recipeId, count: countOf(jobIds) })
    const results = yield* perJob({
      endpoint: "cancel",
      recipeId,
      jobIds,
      schema: CancelResponse,
      emptyAs: {},
      unknown: (jobId, cause) => CancelResult.Unknown({ jobId, cause }),
      notSent: (jobId, cause) => CancelResult.NotSent({ jobId, cause }),
      fromAnswer: (answer, chunk) => {
        // ASSUMED (undocumented): a 2xx without per-job results accepted every id.
        if (answer.results === undefined) return chunk.map((jobId) => CancelResult.Enqueued({ jobId, status: null }))
        const entries = byRequestedId(answer.results)
        return chunk.map((jobId): CancelResult => {
          const entry = entries.get(jobId)
          if (entry === undefined) return CancelResult.Unknown({ jobId, cause: missingResult("cancel", recipeId, jobId) })
          if (entry.error !== undefined || entry.status === "failed") {
            return CancelResult.Rejected({ jobId, error: cancelRejection(entry, jobId) })
          }
          return CancelResult.Enqueued({ jobId, status: entry.status ?? null })
        })
      }
    })
    return { recipeId, results }
  })

  const jobUrl = (recipeId: number, jobId: string): string =>
    `${config.uiUrl}/recipes/${encodeURIComponent(String(recipeId))}/job/${encodeURIComponent(jobId)}`

  const recipeUrl = (recipeId: number): string => `${config.uiUrl}/recipes/${encodeURIComponent(String(recipeId))}`

  return { list, stream, newerThan, get, resume, repeat, cancel, jobUrl, recipeUrl } as const
})

/**
 * The Jobs API client.
 *
 * - `list(recipeId, filter?)`: one page (`JobList`).
 * - `stream(recipeId, filter?)`: every job, newest → oldest, across all pages,
 *   without duplicates; ends at the last page.
 * - `newerThan(recipeId, jobId, filter?)`: jobs newer than `jobId`, oldest →
 *   newest, without duplicates (for incremental digests: remember the last id).
 * - `get(recipeId, jobId)`: one job with its steps (`JobDetail`).
 * - `resume({ token, data? })`: resume a job waiting in an SDK "wait for resume" action.
 * - `repeat(recipeId, jobIds)` / `cancel(recipeId, jobIds)`: any number of
 *   ids, sent in paced chunks of ≤ 25; one result per id (see `RepeatResult`).
 * - `jobUrl` / `recipeUrl`: deep links into Workato's web UI.
 *
 * `JobsClient.layer(options)` takes explicit options, `JobsClient.layerConfig`
 * one `Config` per option (the library reads no environment variable of its
 * own); `JobsClient.Default` needs a `JobsApiConfig`. All need an `HttpClient`
 * (e.g. `NodeHttpClient.layerUndici` or `FetchHttpClient.layer`).
 * Build the layer once per process: its quotas are shared by every caller.
 *
 * @example
 * ```ts
 * import { NodeHttpClient } from "@effect/platform-node"
 * import { Effect, Redacted, Stream } from "effect"
 * import { JobsClient } from "@workato-jobs/jobs-api"
 *
 * const program = Effect.gen(function*() {
 *   const jobs = yield* JobsClient
 *   const failed = yield* jobs.stream(28904, { status: "failed" }).pipe(Stream.take(50), Stream.runCollect)
 *   const report = yield* jobs.repeat(28904, [...failed].map((job) => job.master_job_id ?? job.id))
 *   for (const result of report.results) yield* Effect.log(result._tag, result.jobId)
 * })
 *
 * program.pipe(
 *   Effect.provide(JobsClient.layer({ token: Redacted.make("sim-token"), baseUrl: "http://127.0.0.1:4000" })),
 *   Effect.provide(NodeHttpClient.layerUndici),
 *   Effect.runPromise
 * )
 * ```
 *
 * @since 0.1.0
 * @category services
 */
export class JobsClient extends Effect.Service<JobsClient>()("@workato-jobs/jobs-api/JobsClient", {
  scoped: make
}) {
  /** The client from explicit options. */
  static readonly layer = (
    options: JobsApiOptions
  ): Layer.Layer<JobsClient, ConfigError.ConfigError, HttpClient.HttpClient> =>
    JobsClient.Default.pipe(Layer.provide(JobsApiConfig.layer(options)))

  /** The client from one `Config` per option, read when the layer is built. */
  static readonly layerConfig = (
    config: Config.Config.Wrap<JobsApiOptions>
  ): Layer.Layer<JobsClient, ConfigError.ConfigError, HttpClient.HttpClient> =>
    JobsClient.Default.pipe(Layer.provide(JobsApiConfig.layerConfig(config)))
}
