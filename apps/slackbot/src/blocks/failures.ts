/**
 * `/workato failures <recipe_id> [limit]`: a recipe's recent failed jobs, newest
 * first, each with its Repeat button (the digest's job sections, with the error kind
 * inline since there are no group lines here).
 */
import { Budget } from "./budget.js"
import { BlockIds } from "./ids.js"
import { collapseByMaster, jobCost, jobSection, newestFirst } from "./jobSection.js"
import { blockTextLength, link, mrkdwn, oneLine, plural, truncate } from "./limits.js"
import type { FailedJob, JobRef } from "./model.js"
import type { Block } from "./types.js"

export interface FailuresInput {
  readonly recipeId: number
  readonly recipeName?: string
  readonly recipeUrl: string
  /** The failed jobs to list (the app fetches at most `limit`). */
  readonly failures: ReadonlyArray<FailedJob>
}

export interface FailuresMessage {
  readonly text: string
  readonly blocks: Array<Block>
  /** Jobs with a section (and a Repeat button when repeatable), in display order. */
  readonly shown: ReadonlyArray<JobRef>
  /** Failed jobs that did not fit. */
  readonly omitted: number
}

const MORE_MAX = 1200

export const renderFailures = (input: FailuresInput): FailuresMessage => {
  const name =
    input.recipeName !== undefined && oneLine(input.recipeName) !== "" ? input.recipeName : `Recipe ${input.recipeId}`
  const recipe = `${link(input.recipeUrl, name, 100)} (recipe \`${input.recipeId}\`)`
  const total = input.failures.length
  const head: Block = {
    type: "section",
    block_id: BlockIds.header,
    text: mrkdwn(total === 0 ? `No recent failed jobs of ${recipe}.` : `*${plural(total, "recent failed job")}* of ${recipe}`)
  }
  const blocks: Array<Block> = [head]
  const budget = new Budget()
  budget.take(1, blockTextLength(blocks))
  budget.take(1, MORE_MAX)

  const shown: Array<JobRef> = []
  let shownFailures = 0
  for (const entry of collapseByMaster(newestFirst(input.failures))) {
    const section = jobSection(entry, { showErrorKind: true })
    if (!budget.take(1, jobCost(section))) break
    blocks.push(section)
    shown.push(entry.ref)
    shownFailures += entry.failures
  }

  const omitted = total - shownFailures
  if (omitted > 0) {
    blocks.push({
      type: "context",
      block_id: BlockIds.more,
      elements: [mrkdwn(`…and ${plural(omitted, "more failed job")}: ${link(input.recipeUrl, "see them all in Workato", 40)}`)]
    })
  }
  const text = truncate(
    total === 0 ? `No recent failed jobs of ${oneLine(name)}` : `${plural(total, "recent failed job")} of ${oneLine(name)}`,
    300
  )
  return { text, blocks, shown, omitted }
}
