/**
 * "Recipe stopped" and "running again" notes. A stop by Workato (a `stop_cause`) is an
 * incident: a red header, the cause in plain words, the last failures and what to do. A stop
 * by a person is news, not an alarm: one quiet line. Running again is one short line.
 */
import { slackDate, type Timestamp } from "./dates.js"
import { Limits, link, mrkdwn, mrkdwnEscaped, oneLine, plain, truncate } from "./limits.js"
import type { Block, Message } from "./types.js"

export interface RecipeAlertRecipe {
  readonly recipeId: number
  readonly recipeName?: string | undefined
  readonly recipeUrl: string
}

export interface StoppedInput extends RecipeAlertRecipe {
  readonly stoppedAt: Timestamp
  /** Workato's `stop_cause`; null when a person stopped it. */
  readonly stopCause: string | null
  /** The newest failed jobs (newest first), at most a few. */
  readonly lastFailures: ReadonlyArray<{ readonly jobUrl: string; readonly title: string; readonly message: string; readonly at: Timestamp }>
}

/** Workato's documented stop causes in plain words. */
export const stopCauseText = (cause: string): string => {
  switch (cause) {
    case "trigger_errors_limit":
      return "its trigger failed too many times in a row (often a connection whose credentials expired or were revoked)"
    case "action_quota_limit":
      return "the workspace used up its action quota"
    case "trial_expired":
      return "the workspace's trial ended"
    case "txn_quota_limit":
      return "the workspace used up its task (transaction) quota"
    default:
      return `Workato gave the reason "${oneLine(cause)}"`
  }
}

const nameOf = (r: RecipeAlertRecipe) =>
  r.recipeName !== undefined && oneLine(r.recipeName) !== "" ? r.recipeName : `Recipe ${r.recipeId}`

const recipeLink = (r: RecipeAlertRecipe) => `*${link(r.recipeUrl, nameOf(r), 100)}* (recipe \`${r.recipeId}\`)`

export const renderRecipeStopped = (input: StoppedInput): Message => {
  const name = oneLine(nameOf(input))
  if (input.stopCause === null) {
    const line = `:double_vertical_bar: ${recipeLink(input)} was stopped by a user in Workato ${slackDate(input.stoppedAt)}. ` +
      "Nothing runs until someone starts it again."
    return {
      text: truncate(`${name} was stopped by a user in Workato`, 300),
      blocks: [{ type: "section", block_id: "recipe_stopped", text: mrkdwn(line) }]
    }
  }
  const blocks: Array<Block> = [
    { type: "header", block_id: "header", text: plain(`:octagonal_sign: Recipe stopped by Workato`, Limits.headerText) },
    {
      type: "section",
      block_id: "recipe_stopped",
      text: mrkdwn(
        `${recipeLink(input)} was stopped by Workato ${slackDate(input.stoppedAt)}: ` +
          `${mrkdwnEscaped(stopCauseText(input.stopCause), 400)}. Nothing runs and no job fails until it is started again.`
      )
    }
  ]
  const failures = input.lastFailures.slice(0, 3)
  if (failures.length > 0) {
    blocks.push({
      type: "section",
      block_id: "last_failures",
      text: mrkdwn(
        `*Last ${failures.length === 1 ? "failure" : `${failures.length} failures`}*\n` +
          failures
            .map((f) => `• ${link(f.jobUrl, f.title.trim() === "" ? "job" : f.title, 100)} · ${slackDate(f.at)}\n   ${mrkdwnEscaped(f.message, 300)}`)
            .join("\n")
      )
    })
  }
  blocks.push({
    type: "context",
    block_id: "links",
    elements: [mrkdwn(`Fix the cause, then start it again: ${link(input.recipeUrl, "open the recipe in Workato", 40)}`)]
  })
  return { text: truncate(`${name} was stopped by Workato: ${stopCauseText(input.stopCause)}`, 300), blocks }
}

export const renderRecipeRunning = (input: RecipeAlertRecipe & { readonly stoppedAt: Timestamp | null }): Message => ({
  text: truncate(`${oneLine(nameOf(input))} is running again`, 300),
  blocks: [{
    type: "section",
    block_id: "recipe_running",
    text: mrkdwn(
      `:arrow_forward: ${recipeLink(input)} is running again` +
        (input.stoppedAt === null ? "." : ` (stopped ${slackDate(input.stoppedAt)}).`)
    )
  }]
})
