// Internal records the store keeps. The wire JSON is derived from them (wire.ts, lines.ts).
import type { Step } from "./catalog.js"
import type { JobErrorInput, JobStatus, RepeatOutcome, TimeInput } from "./types.js"

export interface JobErrorRecord {
  readonly adapter: string
  readonly error_type: string
  readonly message: string
  readonly inner_message: string | null
  readonly error_id: string
  readonly error_at: number
  /** HTTP status of the app call that failed (for `error_details.http_response`). */
  readonly code: number
}

export interface JobRecord {
  readonly id: string
  /** Insertion order; breaks ties between equal start times. */
  readonly seq: number
  readonly recipeId: number
  readonly flowRunId: number
  readonly title: string
  status: JobStatus
  readonly startedAt: number
  completedAt: number | null
  error: JobErrorRecord | null
  readonly isPollError: boolean
  /** The master job's id when this job is a repeat; null for an original. */
  readonly masterJobId: string | null
  /** Originals: repeats made so far. Repeats: their ordinal. */
  repeatCount: number
  /** Trigger data erased (set by `expire`); retention age is checked separately. */
  expired: boolean
  repeatOutcome: RepeatOutcome | undefined
  /** When a pending job finishes by itself (sim clock) and how. */
  finish: { at: number; status: "succeeded" | "failed"; error?: JobErrorInput | undefined } | undefined
  readonly callingRecipeId: number | null
  readonly callingJobId: string | null
  readonly correlationId: string
}

export interface FolderRecord {
  readonly id: number
  readonly name: string
  /** null for the workspace's Home folder. */
  parentId: number | null
  readonly createdAt: number
  updatedAt: number
}

export interface RecipeRecord {
  readonly id: number
  readonly name: string
  readonly retainsTriggerData: boolean
  folderId: number
  running: boolean
  /** When it was last stopped (kept after a restart); null if never. */
  stoppedAt: number | null
  /** Why Workato stopped it (e.g. "trigger_errors_limit"); null when a user stopped it or it runs. */
  stopCause: string | null
  readonly createdAt: number
  updatedAt: number
  readonly trigger: Step
  readonly actions: ReadonlyArray<Step>
  /** Index into RECIPE_TEMPLATES (for titles). */
  readonly template: number
  /** Jobs ascending by (startedAt, seq): the list reads it backwards for newest first. */
  readonly jobs: JobRecord[]
}

/** Orders jobs oldest → newest. */
export const compareJobs = (a: JobRecord, b: JobRecord): number => a.startedAt - b.startedAt || a.seq - b.seq

/** Epoch ms from a number, ISO string or Date; throws on garbage. */
export const toMillis = (input: TimeInput): number => {
  const ms = typeof input === "number" ? input : input instanceof Date ? input.getTime() : Date.parse(input)
  if (!Number.isFinite(ms)) throw new SimInputError(`Invalid time: ${String(input)}`)
  return ms
}

/** A control call with bad input (unknown recipe or job, invalid value). */
export class SimInputError extends Error {
  constructor(message: string, readonly status: 400 | 404 = 400) {
    super(message)
    this.name = "SimInputError"
  }
}
