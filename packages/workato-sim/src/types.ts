// Public types of the simulator: options, control inputs, and the wire JSON it writes.
// The wire types are written from the documentation (not from the jobs-api schemas) on purpose.

/** Job statuses the sim produces. `canceled` is a sim assumption (the API string is undocumented). */
export type JobStatus = "succeeded" | "failed" | "pending" | "canceled"

/**
 * The five documented Jobs endpoints and the two Recipes reads (`recipes` = GET /api/recipes,
 * `recipe` = GET /api/recipes/:id), as route names used by faults, latency and counts.
 */
export type RouteName = "list" | "get" | "resume" | "repeat" | "cancel" | "recipes" | "recipe"

/** Route names in the request log: unmatched paths are `unknown`. */
export type LoggedRoute = RouteName | "unknown"

export interface Quotas {
  /** POST repeat_jobs, requests per second (documented: 1). */
  readonly repeatPerSecond: number
  /** POST cancel_jobs, requests per second (documented: 1). */
  readonly cancelPerSecond: number
  /** Every other Jobs endpoint, requests per minute (previous docs revision: 60). */
  readonly otherPerMinute: number
  /** The Recipes endpoints, requests per minute, a quota of their own (documented: 60). Default 60. */
  readonly recipesPerMinute?: number
}

export interface SimOptions {
  /** Port to listen on; default 0 (any free port). */
  readonly port?: number
  /** Interface to bind; default "127.0.0.1". */
  readonly host?: string
  /** The one bearer token accepted; default "sim-token". */
  readonly token?: string
  /** Jobs per list page; default 25. */
  readonly pageSize?: number
  /** Per-class quotas; default { 1, 1, 60 }; `false` disables 429s. */
  readonly quotas?: Quotas | false
  /** Clock in epoch ms for quotas and timestamps; default Date.now. */
  readonly now?: () => number
  /** How latency and fault delays are waited; default a real timer (tests pass one on their virtual clock). */
  readonly sleep?: (ms: number) => Promise<void>
  /** Seed for the demo data and every generated id; default 1. */
  readonly seed?: number
  /** Demo data: number of recipes (default 0 = no data). */
  readonly recipes?: number
  /** Demo data: jobs per recipe (default 100 when `recipes` is set). */
  readonly jobsPerRecipe?: number
  /** Demo data: how many days back the jobs spread; default 3. */
  readonly spanDays?: number
  /** Jobs completed longer ago than this cannot be repeated (expired); default 30. */
  readonly retentionDays?: number
  /**
   * `master_job_id` of an original (non-repeat) job: its own id ("self", as the seed's job-detail
   * sample) or null. Default "self". Repeats always carry their master's id.
   */
  readonly masterJobIdOfOriginals?: "self" | "null"
  /** Sim-clock ms a repeat stays `pending` before it finishes; default 1000. */
  readonly repeatRunMs?: number
  /** Keep at most this many entries in `requests` (counts are unaffected); default 10000. */
  readonly requestLogLimit?: number
}

/** The error of a failed job, as given to addJob (`error_parts` subset). */
export interface JobErrorInput {
  readonly adapter: string
  readonly error_type: string
  readonly message: string
  readonly inner_message?: string | null
}

export type TimeInput = number | string | Date

export interface AddRecipeInput {
  readonly id?: number
  readonly name?: string
  /** false = a "Do not store" recipe: its jobs cannot be repeated (sim assumption on the error). */
  readonly retainsTriggerData?: boolean
  /** Default: the Home folder. */
  readonly folderId?: number
  /** Default true (started). */
  readonly running?: boolean
  /** Default: now. */
  readonly createdAt?: TimeInput
}

export interface RecipeInfo {
  readonly id: number
  readonly name: string
  readonly retainsTriggerData: boolean
  readonly folderId: number
  readonly running: boolean
  readonly stoppedAt: string | null
  readonly stopCause: string | null
}

export interface AddFolderInput {
  readonly id?: number
  readonly name?: string
  /** Default: the Home folder. */
  readonly parentId?: number
}

export interface FolderInfo {
  readonly id: number
  readonly name: string
  /** null for Home. */
  readonly parentId: number | null
}

/**
 * How a recipe stops. No `cause`: a user stopped it (`stop_cause` stays null). A `cause`: Workato
 * stopped it, e.g. "trigger_errors_limit" (60 consecutive trigger errors), "action_quota_limit",
 * "txn_quota_limit", "trial_expired" (the documented values; any string is accepted).
 */
export interface StopRecipeInput {
  readonly cause?: string
}

export interface AddJobInput {
  readonly id?: string
  readonly status?: JobStatus
  readonly title?: string
  readonly error?: JobErrorInput
  readonly isPollError?: boolean
  /** Makes this job a repeat of that master job. */
  readonly masterJobId?: string
  readonly startedAt?: TimeInput
  /** null = still running; default startedAt + a few seconds unless pending. */
  readonly completedAt?: TimeInput | null
  /**
   * A long-running job: it stays `pending` and finishes by itself `finishAfterMs` sim-clock ms
   * after this call (or at `finishAt`), as `finalStatus`. Either implies `status: "pending"`.
   */
  readonly finishAfterMs?: number
  readonly finishAt?: TimeInput
  /** How a scheduled job ends: "failed" (with `error`, else a realistic one) or "succeeded". Default: "failed" when `error` is given, else "succeeded". */
  readonly finalStatus?: "succeeded" | "failed"
  readonly callingRecipeId?: number | null
  readonly callingJobId?: string | null
}

export interface RepeatError {
  readonly type_id: string
  readonly message: string
}

/**
 * What a repeat of a job does. "enqueued" / "succeeded": enqueued, the new job later succeeds
 * (default). "failed": enqueued, the new job later fails with the master's error. "pending":
 * enqueued and stays pending until `finishJob`. A `{ type_id, message }`: the per-id result is
 * `failed` with that error and no job is created.
 */
export type RepeatOutcome = "enqueued" | "succeeded" | "failed" | "pending" | RepeatError

export type FaultKind =
  | "status500"
  | "status503"
  | "status429"
  | "status401"
  | "status403"
  | "invalidJson"
  | "drop"
  | "dropAfterApply"
  | "hang"
  | "hangAfterApply"

export interface FaultSpec {
  readonly route: RouteName | "any"
  readonly kind: FaultKind
  /** How many matching requests it hits; default 1. */
  readonly times?: number
  /** Retry-After header value for status429 (seconds or an HTTP date); default "1". */
  readonly retryAfter?: string | number
  /** Real-time delay before the fault takes effect. */
  readonly delayMs?: number
}

export interface RequestRecord {
  readonly method: string
  /** Path without the query string. */
  readonly path: string
  readonly query: Readonly<Record<string, string>>
  readonly route: LoggedRoute
  /** HTTP status answered; 0 when the connection was dropped or left hanging. */
  readonly status: number
  /** Sim clock (epoch ms) when the request arrived. */
  readonly at: number
  /** Parsed JSON body of POSTs (undefined when absent or not JSON). */
  readonly body?: unknown
  /** The injected fault that answered it, if any. */
  readonly fault?: FaultKind
}

export interface RouteCounts {
  total: number
  byStatus: Record<number, number>
}

export type Counts = Partial<Record<LoggedRoute, RouteCounts>>

export interface ResumeRecord {
  readonly token: string
  readonly jobId: string | null
  readonly data: unknown
  readonly at: number
}

// ---- wire JSON (what the HTTP API answers) ----

export interface WireErrorParts {
  adapter: string
  error_type: string
  message: string
  error_id: string
  error_at: string
  input: string
  inner_message: string | null
}

/** One list item, field order as in the seed's sample. */
export interface WireJobSummary {
  id: string
  flow_run_id: number
  completed_at: string | null
  started_at: string
  title: string
  is_poll_error: boolean
  error: string | null
  error_parts?: WireErrorParts
  is_error: boolean
  status: string
  calling_recipe_id: number | null
  calling_job_id: string | null
  recipe_id: number
  root_recipe_id: number | null
  root_job_id: string | null
  master_job_id: string | null
}

export interface WireLine {
  recipe_line_number: number
  adapter_name: string
  adapter_operation: string
  input: Record<string, unknown>
  output?: Record<string, unknown>
  error: string | null
  mask_data: boolean
  line_stat: {
    started_at: string
    completed_at: string | null
    total: number
    details: Array<{ name: string; count: number; average: number; total: number; min: number; max: number }>
  }
  error_descriptor?: {
    error_type: string
    error_id: string
    line_number: number | null
    adapter: string
    error_at: string
    error_type_id: string | null
    actionable: boolean
    action: string | null
    trigger: string | null
  }
  error_details?: {
    message: string
    inner_message: string | null
    http_response: {
      protocol: string
      code: number
      raw_status_text: string
      normalized_status_text: string
      body: string
      headers: Record<string, string>
    }
  }
}

export interface WireJobDetail {
  id: string
  handle: string
  flow_run_id: number
  recipe_id: number
  completed_at: string | null
  started_at: string
  title: string
  is_poll_error: boolean
  lines: WireLine[]
  error: string | null
  error_parts?: WireErrorParts & { action: string | null; line_number: number | null; retry_count: number }
  is_error: boolean
  is_repeat: boolean
  is_test: boolean
  is_test_case_job: boolean
  master_job_id: string | null
  master_job_handle: string | null
  status: string
  calling_recipe_id: number | null
  calling_job_id: string | null
  calling_job_handle: string | null
  root_recipe_id: number | null
  root_job_id: string | null
  job_correlation_id: string
}

/** A recipe as GET /api/recipes/:id answers it (and each item of GET /api/recipes); docs sample field order. */
export interface WireRecipe {
  id: number
  user_id: number
  name: string
  created_at: string
  updated_at: string
  copy_count: number
  trigger_application: string
  action_applications: string[]
  applications: string[]
  description: string
  parameters_schema: unknown[]
  parameters: Record<string, unknown>
  webhook_url: string | null
  folder_id: number
  running: boolean
  job_succeeded_count: number
  job_failed_count: number
  lifetime_task_count: number
  last_run_at: string | null
  stopped_at: string | null
  version_no: number
  stop_cause: string | null
  config: Array<{ keyword: string; name: string; provider: string; skip_validation: boolean; account_id: number | null }>
  trigger_closure: unknown
  code: string
  author_name: string
  version_author_name: string
  version_author_email: string
  version_comment: string | null
}

export interface WireRecipeList {
  items: WireRecipe[]
}

export interface WireListResponse {
  job_succeeded_count: number
  job_failed_count: number
  job_count: number
  job_scope_count: number
  items: WireJobSummary[]
}

export type WireBatchResult =
  | { requested_job_id: string; status: "enqueued" | "canceled"; job: { id: string } }
  | { requested_job_id: string; status: "failed"; error: RepeatError }

export interface WireRepeatResponse {
  results: WireBatchResult[]
  summary: { total_requested: number; total_enqueued: number; total_failed: number }
}

export interface WireCancelResponse {
  results: WireBatchResult[]
  summary: { total_requested: number; total_canceled: number; total_failed: number }
}
