// The in-memory Workato workspace: recipes, their jobs (kept sorted), job lifecycle and cursors.
import { errorsFor, genericTitle, RECIPE_TEMPLATES } from "./catalog.js"
import { newJobId, newResumeToken } from "./ids.js"
import { compareJobs, SimInputError, toMillis, type FolderRecord, type JobErrorRecord, type JobRecord, type RecipeRecord } from "./model.js"
import { Prng } from "./prng.js"
import type { AddFolderInput, AddJobInput, AddRecipeInput, JobErrorInput, JobStatus, RepeatOutcome, StopRecipeInput } from "./types.js"

const DAY_MS = 86_400_000

export interface StoreOptions {
  readonly seed: number
  readonly now: () => number
  readonly retentionDays: number
  readonly repeatRunMs: number
}

export interface ListQuery {
  readonly offsetJobId: string | undefined
  readonly prev: boolean
  readonly status: "succeeded" | "failed" | "pending" | undefined
  readonly rerunOnly: boolean
}

export interface ListPage {
  readonly succeeded: number
  readonly failed: number
  readonly total: number
  readonly scope: number
  readonly items: ReadonlyArray<JobRecord>
}

export class Store {
  readonly rng: Prng
  private readonly recipesById = new Map<number, RecipeRecord>()
  private readonly foldersById = new Map<number, FolderRecord>()
  private readonly jobsById = new Map<string, JobRecord>()
  private readonly scheduled = new Set<JobRecord>()
  private readonly resumeTokens = new Map<string, string | null>()
  private nextSeq = 1
  private nextFlowRunId = 1001
  private nextRecipeId = 100001
  private nextFolderId = 7001
  /** Every workspace has a Home folder; recipes and folders without a parent live there. */
  readonly homeFolderId: number

  constructor(readonly options: StoreOptions) {
    this.rng = new Prng(options.seed)
    this.homeFolderId = this.addFolder({ name: "Home" }, null).id
  }

  now(): number {
    return this.options.now()
  }

  // ---- recipes ----

  addRecipe(input: AddRecipeInput = {}): RecipeRecord {
    const id = input.id ?? this.nextRecipeId
    if (!Number.isSafeInteger(id) || id <= 0) throw new SimInputError(`Recipe id must be a positive integer: ${id}`)
    if (this.recipesById.has(id)) throw new SimInputError(`Recipe ${id} already exists`)
    this.nextRecipeId = Math.max(this.nextRecipeId, id + 1)
    const folderId = input.folderId ?? this.homeFolderId
    this.requireFolder(folderId)
    const createdAt = input.createdAt === undefined ? this.now() : toMillis(input.createdAt)
    const template = this.recipesById.size % RECIPE_TEMPLATES.length
    const shape = RECIPE_TEMPLATES[template]!
    const recipe: RecipeRecord = {
      id,
      name: input.name ?? shape.name,
      retainsTriggerData: input.retainsTriggerData ?? true,
      folderId,
      running: input.running ?? true,
      stoppedAt: null,
      stopCause: null,
      createdAt,
      updatedAt: createdAt,
      trigger: shape.trigger,
      actions: shape.actions,
      template,
      jobs: []
    }
    this.recipesById.set(id, recipe)
    return recipe
  }

  recipe(id: number): RecipeRecord | undefined {
    return this.recipesById.get(id)
  }

  recipes(): ReadonlyArray<RecipeRecord> {
    return [...this.recipesById.values()]
  }

  requireRecipe(id: number): RecipeRecord {
    const recipe = this.recipesById.get(id)
    if (!recipe) throw new SimInputError(`Unknown recipe ${id}`, 404)
    return recipe
  }

  /** A user stops it (no cause) or Workato does (a stop_cause); stopping a stopped recipe is refused. */
  stopRecipe(id: number, input: StopRecipeInput = {}): RecipeRecord {
    const recipe = this.requireRecipe(id)
    if (!recipe.running) throw new SimInputError(`Recipe ${id} is already stopped`)
    if (input.cause !== undefined && (typeof input.cause !== "string" || input.cause.trim() === "")) {
      throw new SimInputError(`stop cause must be a non-empty string (e.g. "trigger_errors_limit"): ${JSON.stringify(input.cause)}`)
    }
    const now = this.now()
    recipe.running = false
    recipe.stoppedAt = now
    recipe.stopCause = input.cause ?? null
    recipe.updatedAt = now
    return recipe
  }

  /** Starts it again: stopped_at stays (the last stop), stop_cause is cleared (sim assumption). */
  startRecipe(id: number): RecipeRecord {
    const recipe = this.requireRecipe(id)
    if (recipe.running) throw new SimInputError(`Recipe ${id} is already running`)
    recipe.running = true
    recipe.stopCause = null
    recipe.updatedAt = this.now()
    return recipe
  }

  moveRecipe(id: number, folderId: number): RecipeRecord {
    const recipe = this.requireRecipe(id)
    if (!Number.isSafeInteger(folderId)) throw new SimInputError(`folderId must be an integer: ${folderId}`)
    this.requireFolder(folderId)
    if (recipe.folderId !== folderId) {
      recipe.folderId = folderId
      recipe.updatedAt = this.now()
    }
    return recipe
  }

  /** Forgets a recipe's jobs that completed before `before` (retention): its job counts go down. */
  purgeJobs(recipeId: number, before: number): number {
    const recipe = this.requireRecipe(recipeId)
    const kept: JobRecord[] = []
    for (const job of recipe.jobs) {
      if (job.completedAt === null || job.completedAt >= before) kept.push(job)
      else {
        this.jobsById.delete(job.id)
        this.scheduled.delete(job)
      }
    }
    const removed = recipe.jobs.length - kept.length
    recipe.jobs.splice(0, recipe.jobs.length, ...kept)
    return removed
  }

  // ---- folders ----

  addFolder(input: AddFolderInput = {}, parentId: number | null = input.parentId ?? this.homeFolderId): FolderRecord {
    const id = input.id ?? this.nextFolderId
    if (!Number.isSafeInteger(id) || id <= 0) throw new SimInputError(`Folder id must be a positive integer: ${id}`)
    if (this.foldersById.has(id)) throw new SimInputError(`Folder ${id} already exists`)
    if (parentId !== null) this.requireFolder(parentId)
    this.nextFolderId = Math.max(this.nextFolderId, id + 1)
    const now = this.now()
    const folder: FolderRecord = { id, name: input.name ?? `Folder ${id}`, parentId, createdAt: now, updatedAt: now }
    this.foldersById.set(id, folder)
    return folder
  }

  folders(): ReadonlyArray<FolderRecord> {
    return [...this.foldersById.values()]
  }

  requireFolder(id: number): FolderRecord {
    const folder = this.foldersById.get(id)
    if (!folder) throw new SimInputError(`Unknown folder ${id}`, 404)
    return folder
  }

  /** The folder and every folder below it. */
  folderTree(id: number): Set<number> {
    const tree = new Set([id])
    // Folders are few; iterate until no new child appears.
    for (let grew = true; grew; ) {
      grew = false
      for (const folder of this.foldersById.values()) {
        if (folder.parentId !== null && tree.has(folder.parentId) && !tree.has(folder.id)) {
          tree.add(folder.id)
          grew = true
        }
      }
    }
    return tree
  }

  // ---- jobs ----

  job(id: string): JobRecord | undefined {
    return this.jobsById.get(id)
  }

  requireJob(id: string): JobRecord {
    const job = this.jobsById.get(id)
    if (!job) throw new SimInputError(`Unknown job ${id}`, 404)
    return job
  }

  newJobId(): string {
    return newJobId(this.rng, (id) => this.jobsById.has(id))
  }

  /** A job's error record from the documented `error_parts` subset. */
  makeError(input: JobErrorInput, at: number, code = 400): JobErrorRecord {
    return {
      adapter: input.adapter,
      error_type: input.error_type,
      message: input.message,
      inner_message: input.inner_message ?? null,
      error_id: this.rng.uuid(),
      error_at: at,
      code
    }
  }

  /** A plausible error for one of the recipe's action steps. */
  randomError(recipe: RecipeRecord, at: number, rng: Prng = this.rng): JobErrorRecord {
    const step = rng.pick(recipe.actions.length > 0 ? recipe.actions : [recipe.trigger])
    const template = rng.pick(errorsFor(step.adapter))
    return { adapter: step.adapter, ...template, error_id: rng.uuid(), error_at: at }
  }

  /** Adds one job (control API). Status defaults to failed when an error is given, else succeeded. */
  addJob(recipeId: number, input: AddJobInput = {}): JobRecord {
    const recipe = this.requireRecipe(recipeId)
    const now = this.now()
    if (input.id !== undefined && this.jobsById.has(input.id)) throw new SimInputError(`Job ${input.id} already exists`)
    const scheduled = input.finishAfterMs !== undefined || input.finishAt !== undefined
    const status: JobStatus = input.status ?? (scheduled ? "pending" : input.error || input.isPollError ? "failed" : "succeeded")
    const startedAt = input.startedAt === undefined ? now : toMillis(input.startedAt)
    const finish = scheduled ? this.scheduledFinish(input, status, startedAt, now) : undefined
    const completedAt =
      input.completedAt === null
        ? null
        : input.completedAt !== undefined
        ? toMillis(input.completedAt)
        : status === "pending"
        ? null
        : // A few seconds after the start, but never in the future of the sim clock.
          Math.max(startedAt, Math.min(now, startedAt + this.rng.int(1000, 5000)))
    let master: JobRecord | undefined
    if (input.masterJobId !== undefined) {
      master = this.jobsById.get(input.masterJobId)
      if (master && master.recipeId !== recipeId) throw new SimInputError(`Master job ${input.masterJobId} belongs to recipe ${master.recipeId}`)
    }
    const isPollError = input.isPollError ?? false
    let error: JobErrorRecord | null = null
    if (status === "failed") {
      const at = completedAt ?? startedAt
      error = input.error
        ? this.makeError(input.error, at)
        : isPollError
        ? this.makeError({ adapter: recipe.trigger.adapter, error_type: "Connection error", message: "Failed to open TCP connection (getaddrinfo: Name or service not known)" }, at, 503)
        : this.randomError(recipe, at)
    }
    const title = input.title ?? (isPollError && error ? `${error.error_type}: ${error.message}` : this.titleFor(recipe, startedAt))
    if (master) master.repeatCount += 1
    const job = this.insert({
      id: input.id ?? this.newJobId(),
      recipeId,
      title,
      status,
      startedAt,
      completedAt,
      error,
      isPollError,
      masterJobId: input.masterJobId ?? null,
      repeatCount: master ? master.repeatCount : 0,
      callingRecipeId: input.callingRecipeId ?? null,
      callingJobId: input.callingJobId ?? null
    })
    if (finish) {
      job.finish = finish
      this.scheduled.add(job)
      this.settle()
    }
    return job
  }

  /** When and how a long-running job added by `addJob` ends (finishAfterMs / finishAt). */
  private scheduledFinish(input: AddJobInput, status: JobStatus, startedAt: number, now: number): NonNullable<JobRecord["finish"]> {
    if (status !== "pending") throw new SimInputError(`finishAfterMs/finishAt need a pending job (status: ${status})`)
    if (input.finishAfterMs !== undefined && input.finishAt !== undefined) throw new SimInputError("Give finishAfterMs or finishAt, not both")
    if (input.finishAfterMs !== undefined && !(Number.isFinite(input.finishAfterMs) && input.finishAfterMs >= 0)) {
      throw new SimInputError(`finishAfterMs must be >= 0: ${input.finishAfterMs}`)
    }
    const at = input.finishAt !== undefined ? toMillis(input.finishAt) : now + input.finishAfterMs!
    if (at < startedAt) throw new SimInputError(`The job cannot finish (${new Date(at).toISOString()}) before it started (${new Date(startedAt).toISOString()})`)
    const finalStatus = input.finalStatus ?? (input.error ? "failed" : "succeeded")
    if (finalStatus !== "succeeded" && finalStatus !== "failed") throw new SimInputError(`finalStatus must be succeeded or failed: ${String(finalStatus)}`)
    return { at, status: finalStatus, error: input.error }
  }

  titleFor(recipe: RecipeRecord, at: number, rng: Prng = this.rng): string {
    const template = RECIPE_TEMPLATES[recipe.template]
    return template ? template.title(rng, new Date(at)) : genericTitle(recipe.trigger.adapter, rng)
  }

  /** Stores a job record, keeping the recipe's jobs sorted. */
  insert(fields: Omit<JobRecord, "seq" | "flowRunId" | "expired" | "repeatOutcome" | "finish" | "correlationId">): JobRecord {
    const recipe = this.requireRecipe(fields.recipeId)
    const job: JobRecord = {
      ...fields,
      seq: this.nextSeq++,
      flowRunId: this.nextFlowRunId++,
      expired: false,
      repeatOutcome: undefined,
      finish: undefined,
      correlationId: this.rng.uuid()
    }
    const jobs = recipe.jobs
    // Append in the common case (new jobs are the newest); binary-search otherwise.
    if (jobs.length === 0 || compareJobs(jobs[jobs.length - 1]!, job) <= 0) jobs.push(job)
    else jobs.splice(upperBound(jobs, job), 0, job)
    this.jobsById.set(job.id, job)
    return job
  }

  /** Trigger data of this job is gone: explicitly expired or completed before the retention window. */
  isExpired(job: JobRecord): boolean {
    if (job.expired) return true
    const end = job.completedAt
    return end !== null && this.now() - end > this.options.retentionDays * DAY_MS
  }

  /** Finishes pending jobs whose scheduled end has come (sim clock). */
  settle(): void {
    const now = this.now()
    for (const job of this.scheduled) {
      if (job.finish && job.finish.at <= now) this.finishJob(job, job.finish.status, job.finish.at, job.finish.error)
    }
  }

  /** Moves a job to a final status (control API `finishJob`, scheduled repeats). */
  finishJob(job: JobRecord, status: "succeeded" | "failed" | "canceled", at: number = this.now(), error?: JobErrorInput): void {
    this.scheduled.delete(job)
    job.finish = undefined
    job.status = status
    job.completedAt = at
    if (status === "failed") {
      const recipe = this.requireRecipe(job.recipeId)
      const master = job.masterJobId ? this.jobsById.get(job.masterJobId) : undefined
      job.error = error
        ? this.makeError(error, at)
        : master?.error
        ? { ...master.error, error_id: this.rng.uuid(), error_at: at }
        : this.randomError(recipe, at)
    } else {
      job.error = null
    }
  }

  /** Creates the new job of an enqueued repeat: pending now, finishing per the master's outcome. */
  createRepeat(master: JobRecord, outcome: RepeatOutcome): JobRecord {
    const now = this.now()
    master.repeatCount += 1
    const job = this.insert({
      id: this.newJobId(),
      recipeId: master.recipeId,
      title: master.title,
      status: "pending",
      startedAt: now,
      completedAt: null,
      error: null,
      isPollError: false,
      masterJobId: master.id,
      repeatCount: master.repeatCount,
      callingRecipeId: master.callingRecipeId,
      callingJobId: master.callingJobId
    })
    if (outcome !== "pending") {
      job.finish = { at: now + this.options.repeatRunMs, status: outcome === "failed" ? "failed" : "succeeded" }
      this.scheduled.add(job)
      this.settle()
    }
    return job
  }

  // ---- list ----

  /** One page of a recipe's jobs, with the four counters (documented semantics in README). */
  list(recipe: RecipeRecord, query: ListQuery, pageSize: number): ListPage {
    const matches = (job: JobRecord) =>
      (query.status === undefined || job.status === query.status) && (!query.rerunOnly || job.masterJobId !== null)
    let succeeded = 0
    let failed = 0
    let scope = 0
    for (const job of recipe.jobs) {
      if (job.status === "succeeded") succeeded++
      else if (job.status === "failed") failed++
      if (matches(job)) scope++
    }
    const jobs = recipe.jobs
    const items: JobRecord[] = []
    if (query.offsetJobId === undefined) {
      for (let i = jobs.length - 1; i >= 0 && items.length < pageSize; i--) if (matches(jobs[i]!)) items.push(jobs[i]!)
    } else {
      const cursor = this.jobsById.get(query.offsetJobId)
      // Unknown cursor (or another recipe's job): empty page (sim assumption).
      if (cursor && cursor.recipeId === recipe.id) {
        const at = upperBound(jobs, cursor) - 1
        if (query.prev) {
          // Newer than the cursor, oldest first: the page right after it.
          for (let i = at + 1; i < jobs.length && items.length < pageSize; i++) if (matches(jobs[i]!)) items.push(jobs[i]!)
        } else {
          for (let i = at - 1; i >= 0 && items.length < pageSize; i--) if (matches(jobs[i]!)) items.push(jobs[i]!)
        }
      }
    }
    return { succeeded, failed, total: jobs.length, scope, items }
  }

  // ---- resume tokens ----

  createResumeToken(jobId: string | null): string {
    const token = newResumeToken(this.rng)
    this.resumeTokens.set(token, jobId)
    return token
  }

  /** Consumes a token; returns its job id (or null), undefined when unknown or already used. */
  consumeResumeToken(token: string): { jobId: string | null } | undefined {
    if (!this.resumeTokens.has(token)) return undefined
    const jobId = this.resumeTokens.get(token) ?? null
    this.resumeTokens.delete(token)
    return { jobId }
  }
}

/** First index whose job sorts after `job`. */
const upperBound = (jobs: ReadonlyArray<JobRecord>, job: JobRecord): number => {
  let lo = 0
  let hi = jobs.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (compareJobs(jobs[mid]!, job) <= 0) lo = mid + 1
    else hi = mid
  }
  return lo
}
