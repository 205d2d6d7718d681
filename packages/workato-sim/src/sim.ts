// The simulator's public handle: its address and the control surface tests use.
import type { Latency } from "./latency.js"
import type {
  AddFolderInput, AddJobInput, AddRecipeInput, Counts, FaultSpec, FolderInfo, JobErrorInput, Quotas, RecipeInfo, RepeatOutcome,
  RequestRecord, ResumeRecord, RouteName, StopRecipeInput, TimeInput, WireJobDetail, WireJobSummary, WireRecipe
} from "./types.js"

export interface GenerateInput {
  /** Default: the sim's seed. */
  readonly seed?: number
  readonly recipes: number
  readonly jobsPerRecipe: number
  readonly spanDays?: number
}

export interface Sim {
  /** "http://127.0.0.1:PORT"; the API is under `${url}/api/...`, control under `${url}/_sim/...`. */
  readonly url: string
  readonly token: string
  readonly port: number
  /** Every API request (not control calls), oldest first, up to `requestLogLimit`. */
  readonly requests: ReadonlyArray<RequestRecord>
  /** Accepted POST /api/job/resume calls. */
  readonly resumes: ReadonlyArray<ResumeRecord>
  close(): Promise<void>

  addRecipe(input?: AddRecipeInput): RecipeInfo
  recipes(): RecipeInfo[]
  /** A recipe as GET /api/recipes/:id answers it (job counts as of now). */
  recipe(recipeId: number): WireRecipe
  /** Stops a running recipe: by a user (no cause) or by Workato (`{ cause: "trigger_errors_limit" }`). */
  stopRecipe(recipeId: number, input?: StopRecipeInput): RecipeInfo
  /** Starts a stopped recipe again. */
  startRecipe(recipeId: number): RecipeInfo
  /** Moves a recipe to another folder. */
  moveRecipe(recipeId: number, folderId: number): RecipeInfo
  /** Deletes the recipe's jobs completed before `before` (retention): its job counts go down. Returns how many. */
  purgeJobs(recipeId: number, before: TimeInput): number
  /** Adds a folder (under Home unless `parentId`). */
  addFolder(input?: AddFolderInput): FolderInfo
  /** Every folder, Home first. */
  folders(): FolderInfo[]
  /** The Home folder's id (where recipes and folders go by default). */
  readonly homeFolderId: number
  /** Adds a job (default: started now, succeeded, or failed when an error is given). */
  addJob(recipeId: number, input?: AddJobInput): WireJobSummary
  /** Adds n failed jobs (random realistic errors unless `input.error`), oldest first. */
  addFailures(recipeId: number, n: number, input?: AddJobInput): WireJobSummary[]
  /** A recipe's jobs as list items, newest first. */
  jobs(recipeId: number): WireJobSummary[]
  /** A job as the detail endpoint answers it. */
  job(jobId: string): WireJobDetail
  /** Adds seeded demo data (recipes × jobs, with failures, poll errors, repeats). */
  generate(input: GenerateInput): RecipeInfo[]

  /** How future repeats of this (master) job turn out; sticky until changed. */
  setRepeatOutcome(jobId: string, outcome: RepeatOutcome): void
  /** Erases the job's trigger data (retention): repeats fail with `...trigger_data_unavailable.expired`. */
  expire(jobId: string): void
  /** Ends a pending job now: succeeded (default) or failed. */
  finishJob(jobId: string, status?: "succeeded" | "failed", error?: JobErrorInput): WireJobSummary
  /** A one-shot token accepted by POST /api/job/resume. */
  createResumeToken(input?: { readonly jobId?: string }): string

  injectFault(spec: FaultSpec): void
  clearFaults(): void
  faults(): ReadonlyArray<FaultSpec & { readonly remaining: number }>
  /**
   * Delay of every request on that route ("any" = every route without its own): a fixed `ms`, or
   * `{ minMs, maxMs }` drawn uniformly per request (seeded), all on the answer unless
   * `beforeCounting` (0–1) puts that share before the request is counted against the quota.
   * Waited with `SimOptions.sleep` (real time by default). 0 removes it.
   */
  setLatency(route: RouteName | "any", latency: number | Latency): void
  setQuotas(quotas: Quotas | false): void
  /** Forgets past requests in the quota windows. */
  resetQuotas(): void
  setPageSize(pageSize: number): void

  counts(): Counts
  /** Clears the request log and the counts. */
  resetCounts(): void
}
