/**
 * Identifiers inside rendered messages: action_ids the app routes on, block_ids that
 * let an update find a job's block again, and the compact Repeat button value.
 *
 * Scheme (stable across updates of the same message):
 * - per-job Repeat button: action_id `repeat_job:<key>`, value `r:<recipeId>:j:<masterJobId>`,
 *   in the section block `job:<recipeId>:<key>` (key = master job id, or `~<hash>` when
 *   that id is long or has unusual characters);
 * - Repeat all: action_id `repeat_all`, value = digest id, in the actions block `repeat_all`.
 */
import { Limits } from "./limits.js"
import type { JobRef } from "./model.js"

export const ActionIds = {
  /** Prefix: the full action_id is `repeat_job:<key>` (unique per message). */
  repeatJob: "repeat_job",
  repeatAll: "repeat_all"
} as const

/** For Bolt routing: `app.action({ type: "block_actions", action_id: RepeatJobActionPattern }, …)`. */
export const RepeatJobActionPattern: RegExp = /^repeat_job(?::|$)/

export const BlockIds = {
  header: "header",
  summary: "summary",
  repeatAll: "repeat_all",
  more: "more"
} as const

/** 64-bit FNV-1a as 16 hex digits, over UTF-16 code units (deterministic, no crypto needed). */
const hash = (s: string): string => {
  let h1 = 0x811c9dc5
  let h2 = 0xcbf29ce4
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0
    h2 = Math.imul(h2 ^ c ^ (h1 >>> 7), 0x01000193) >>> 0
  }
  return h1.toString(16).padStart(8, "0") + h2.toString(16).padStart(8, "0")
}

/** A short, id-safe key for a master job id: itself when it is a plain short id. */
export const jobKey = (masterJobId: string): string =>
  /^[A-Za-z0-9_.-]{1,120}$/.test(masterJobId) ? masterJobId : `~${hash(masterJobId)}`

const recipePart = (recipeId: number): string => (Number.isSafeInteger(recipeId) ? String(recipeId) : `~${hash(String(recipeId))}`)

/** block_id of the section holding a job (and its Repeat button or outcome). */
export const jobBlockId = (ref: JobRef): string => `job:${recipePart(ref.recipeId)}:${jobKey(ref.masterJobId)}`

/** Does `blockId` belong to this master job (of `recipeId`, or of any recipe)? */
export const isJobBlockId = (blockId: unknown, masterJobId: string, recipeId?: number): boolean => {
  if (typeof blockId !== "string") return false
  if (recipeId !== undefined) return blockId === jobBlockId({ recipeId, masterJobId })
  const key = jobKey(masterJobId)
  return blockId.startsWith("job:") && blockId.endsWith(`:${key}`) && blockId.split(":").length === 3
}

export const repeatJobActionId = (masterJobId: string): string => `${ActionIds.repeatJob}:${jobKey(masterJobId)}`

/**
 * `r:<recipeId>:j:<masterJobId>`, or `undefined` when it cannot be a button value
 * (not a safe non-negative integer recipe id, empty id, longer than 2,000).
 */
export const encodeRepeatValue = (ref: JobRef): string | undefined => {
  if (!Number.isSafeInteger(ref.recipeId) || ref.recipeId < 0 || ref.masterJobId === "") return undefined
  const value = `r:${ref.recipeId}:j:${ref.masterJobId}`
  return value.length <= Limits.buttonValue ? value : undefined
}

/** Inverse of `encodeRepeatValue`; `undefined` for anything else (never throws). */
export const parseRepeatValue = (value: unknown): JobRef | undefined => {
  if (typeof value !== "string" || value.length > Limits.buttonValue) return undefined
  const m = /^r:(\d{1,16}):j:([\s\S]+)$/.exec(value)
  if (m === null) return undefined
  const recipeId = Number(m[1])
  const masterJobId = m[2]
  if (!Number.isSafeInteger(recipeId) || masterJobId === undefined) return undefined
  return { recipeId, masterJobId }
}
