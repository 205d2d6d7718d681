/**
 * `/workato watches`: the recipes watched in a channel, with interval and last/next
 * digest times.
 */
import { Budget } from "./budget.js"
import { slackDate, type Timestamp } from "./dates.js"
import { DEFAULT_COMMAND, usageLine } from "./help.js"
import { packLines } from "./lineSections.js"
import { blockTextLength, link, mrkdwn, mrkdwnEscaped, oneLine, plural } from "./limits.js"
import type { Block, Message } from "./types.js"

export interface WatchView {
  readonly recipeId: number
  readonly recipeName?: string
  readonly recipeUrl?: string
  /** Interval as words, e.g. "15 minutes" (the app's formatInterval). */
  readonly every: string
  readonly lastDigestAt?: Timestamp | null
  readonly nextDigestAt?: Timestamp | null
  /** Slack user id of who added the watch. */
  readonly addedBy?: string
}

export interface WatchesInput {
  readonly channelId: string
  readonly watches: ReadonlyArray<WatchView>
  readonly command?: string
}

/** `<#C123>` for a channel id, else inert text. */
const channel = (id: string): string => (/^[CGD][A-Z0-9]{2,40}$/.test(id) ? `<#${id}>` : mrkdwnEscaped(id, 40) || "this channel")

const watchLine = (w: WatchView): string => {
  const name = w.recipeName !== undefined && oneLine(w.recipeName) !== "" ? w.recipeName : `Recipe ${w.recipeId}`
  // A link that would make the line too long for `packLines` is shown as its label.
  const label = link(w.recipeUrl, name, 100)
  const recipe = label.length <= 600 ? label : link(undefined, name, 100)
  const parts = [`• *${recipe}* (recipe \`${w.recipeId}\`)`, `every ${mrkdwnEscaped(w.every, 40)}`]
  if (w.lastDigestAt !== undefined && w.lastDigestAt !== null) parts.push(`last digest ${slackDate(w.lastDigestAt)}`)
  if (w.nextDigestAt !== undefined && w.nextDigestAt !== null) parts.push(`next ${slackDate(w.nextDigestAt)}`)
  return parts.join(" · ")
}

export const renderWatches = (input: WatchesInput): Message => {
  const command = input.command ?? DEFAULT_COMMAND
  const where = channel(input.channelId)
  const sorted = [...input.watches].sort((a, b) => a.recipeId - b.recipeId)
  if (sorted.length === 0) {
    return {
      text: "No recipes are watched in this channel",
      blocks: [
        {
          type: "section",
          block_id: "watches",
          text: mrkdwn(
            `No recipes are watched in ${where}. Start with \`${mrkdwnEscaped(usageLine("watch", command), 200)}\`.`
          )
        }
      ]
    }
  }
  const head: Block = {
    type: "section",
    block_id: "watches",
    text: mrkdwn(`*${plural(sorted.length, "recipe")} watched in ${where}*`)
  }
  const budget = new Budget()
  budget.take(1, blockTextLength([head]))
  budget.take(1, 300) // the "…and N more" line
  const packed = packLines(sorted.map(watchLine), "watch", budget)
  const blocks: Array<Block> = [head, ...packed.blocks]
  const left = sorted.length - packed.taken
  if (left > 0) {
    blocks.push({ type: "context", block_id: "more", elements: [mrkdwn(`…and ${plural(left, "more recipe")}`)] })
  }
  const tip = `Stop one with \`${mrkdwnEscaped(usageLine("unwatch", command), 200)}\`.`
  if (budget.take(1, tip.length)) blocks.push({ type: "context", block_id: "tip", elements: [mrkdwn(tip)] })
  return { text: `${plural(sorted.length, "recipe")} watched in this channel`, blocks }
}
