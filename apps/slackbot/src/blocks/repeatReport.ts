/**
 * `/workato repeat <recipe_id> <job_id>…`: one line per requested job with its
 * outcome (the same words as on digest buttons) and a one-line tally on top.
 */
import { Budget } from "./budget.js"
import { LINE_MAX, packLines } from "./lineSections.js"
import { blockTextLength, code, link, mrkdwn, oneLine, plural, truncate } from "./limits.js"
import type { RepeatOutcome } from "./model.js"
import { outcomeLine } from "./repeatOutcome.js"
import type { Block, Message } from "./types.js"

export interface RepeatReportItem {
  /** The job id as requested. */
  readonly jobId: string
  readonly jobUrl?: string
  readonly outcome: RepeatOutcome
}

export interface RepeatReportInput {
  readonly recipeId: number
  readonly recipeName?: string
  readonly recipeUrl?: string
  readonly items: ReadonlyArray<RepeatReportItem>
}

export const renderRepeatReport = (input: RepeatReportInput): Message => {
  const count = (tag: RepeatOutcome["_tag"]) => input.items.filter((i) => i.outcome._tag === tag).length
  const tally = [
    `${count("Repeated").toLocaleString("en-US")} repeated`,
    count("NotRepeated") > 0 ? `${count("NotRepeated").toLocaleString("en-US")} could not be repeated` : undefined,
    count("Unknown") > 0 ? `${count("Unknown").toLocaleString("en-US")} unknown` : undefined,
    count("InProgress") > 0 ? `${count("InProgress").toLocaleString("en-US")} in progress` : undefined
  ].filter((p): p is string => p !== undefined)
  const name = input.recipeName !== undefined && oneLine(input.recipeName) !== "" ? input.recipeName : `Recipe ${input.recipeId}`
  const headText = `*Repeat of ${plural(input.items.length, "job")}* in ${link(input.recipeUrl, name, 100)} (recipe \`${input.recipeId}\`): ${tally.join(", ")}`
  const head: Block = { type: "section", block_id: "repeat_report", text: mrkdwn(headText) }
  const budget = new Budget()
  budget.take(1, blockTextLength([head]))
  budget.take(1, 200)
  const lines = input.items.map((i) => {
    const plainId = `${code(i.jobId)}: ${outcomeLine(i.outcome)}`
    if (i.jobUrl === undefined) return plainId
    const linked = `${link(i.jobUrl, i.jobId, 80)}: ${outcomeLine(i.outcome)}`
    return linked.length <= LINE_MAX ? linked : plainId
  })
  const packed = packLines(lines, "repeat_item", budget)
  const blocks: Array<Block> = [head, ...packed.blocks]
  const left = input.items.length - packed.taken
  if (left > 0) blocks.push({ type: "context", block_id: "more", elements: [mrkdwn(`…and ${plural(left, "more job")}`)] })
  return {
    text: truncate(`Repeat of ${plural(input.items.length, "job")} in ${oneLine(name)}: ${tally.join(", ")}`, 300),
    blocks
  }
}
