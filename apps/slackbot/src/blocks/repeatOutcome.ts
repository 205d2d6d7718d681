/**
 * What became of a Repeat click, shown in place of the job's button: the button is
 * removed and one outcome line is appended to the job's section. Applying an
 * outcome replaces any earlier one (in progress → repeated), so it is idempotent,
 * and the line is bounded by `OUTCOME_LINE_MAX`, which renderers reserve.
 */
import { isJobBlockId, parseRepeatValue } from "./ids.js"
import { OUTCOME_LINE_MAX } from "./jobSection.js"
import { code, link, Limits, mention, mrkdwnEscaped, truncate } from "./limits.js"
import type { JobRef, RepeatOutcome } from "./model.js"
import type { AnyBlock } from "./types.js"

/** Every outcome line starts with one of these (how an update finds the previous one). */
const MARKERS = [":repeat:", ":no_entry_sign:", ":grey_question:", ":hourglass_flowing_sand:"] as const

const withReason = (prefix: string, reason: string): string => {
  const room = OUTCOME_LINE_MAX - prefix.length
  return prefix + (mrkdwnEscaped(reason, Math.max(room, 1)) || "no reason given")
}

/** The outcome as one mrkdwn line of at most `OUTCOME_LINE_MAX` characters. */
export const outcomeLine = (outcome: RepeatOutcome): string => {
  const by = mention(outcome.by)
  switch (outcome._tag) {
    case "Repeated": {
      const prefix = `:repeat: Repeated by ${by} → new job `
      const linked = prefix + link(outcome.newJobUrl, outcome.newJobId, 80)
      return linked.length <= OUTCOME_LINE_MAX ? linked : truncate(prefix + code(outcome.newJobId, 60), OUTCOME_LINE_MAX)
    }
    case "NotRepeated":
      return withReason(`:no_entry_sign: Could not repeat (${by}): `, outcome.reason)
    case "Unknown":
      return withReason(`:grey_question: Outcome unknown (${by}): `, outcome.reason)
    case "InProgress":
      return `:hourglass_flowing_sand: Repeat in progress by ${by}…`
  }
}

const isOutcomeLine = (line: string): boolean => MARKERS.some((m) => line.startsWith(m))

/** The section text without any outcome line, cut by whole lines so that `extra` fits. */
const baseText = (text: string, extra: number): string => {
  const lines = text.split("\n")
  while (lines.length > 0 && isOutcomeLine(lines[lines.length - 1]!)) lines.pop()
  while (lines.length > 1 && lines.join("\n").length + extra > Limits.sectionText) lines.pop()
  const base = lines.join("\n")
  return base.length + extra > Limits.sectionText ? "" : base
}

type Obj = { readonly [key: string]: unknown }
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null

const matches = (block: AnyBlock, ref: { readonly masterJobId: string; readonly recipeId?: number }): boolean => {
  if (block.type !== "section") return false
  if (isJobBlockId(block.block_id, ref.masterJobId, ref.recipeId)) return true
  const accessory = (block as Obj).accessory
  if (!isObj(accessory)) return false
  const value = parseRepeatValue(accessory.value)
  return value !== undefined && value.masterJobId === ref.masterJobId && (ref.recipeId === undefined || value.recipeId === ref.recipeId)
}

/**
 * The blocks with that job's Repeat button replaced by the outcome line. The job is
 * found by its block_id (`job:<recipeId>:<key>`) or by its button's value; pass a
 * `JobRef` to also match the recipe. Works on blocks echoed back by Slack; other
 * blocks are returned as they are. Applying the same outcome twice changes nothing.
 */
export const applyRepeatOutcome = (
  blocks: ReadonlyArray<AnyBlock>,
  job: string | JobRef,
  outcome: RepeatOutcome
): Array<AnyBlock> => {
  const ref = typeof job === "string" ? { masterJobId: job } : job
  const line = outcomeLine(outcome)
  return blocks.map((block) => {
    if (!matches(block, ref)) return block
    const { accessory: _accessory, ...rest } = block as Obj & { readonly type: string }
    const textObj = isObj(rest.text) && typeof rest.text.text === "string" ? rest.text : undefined
    const base = textObj === undefined ? "" : baseText(textObj.text as string, line.length + 1)
    const text = base === "" ? line : `${base}\n${line}`
    return {
      ...rest,
      text: textObj?.type === "mrkdwn" ? { ...textObj, text } : { type: "mrkdwn", text, verbatim: true }
    } as AnyBlock
  })
}
