/**
 * `/workato watches`: the folders and recipes watched in a channel, with interval, how many
 * recipes each folder holds now, and last/next digest times.
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

export interface FolderWatchView {
  readonly folderId: number
  /** Recipes in the folder and its subfolders now; undefined when it could not be listed. */
  readonly recipeCount: number | undefined
  readonly every: string
  readonly addedBy?: string
}

export interface WatchesInput {
  readonly channelId: string
  readonly watches: ReadonlyArray<WatchView>
  readonly folders?: ReadonlyArray<FolderWatchView>
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

const folderLine = (f: FolderWatchView): string =>
  [
    `• *Folder \`${f.folderId}\`* (with subfolders)`,
    f.recipeCount === undefined ? "recipes unknown (Workato did not list them)" : plural(f.recipeCount, "recipe"),
    `every ${mrkdwnEscaped(f.every, 40)}`
  ].join(" · ")

export const renderWatches = (input: WatchesInput): Message => {
  const command = input.command ?? DEFAULT_COMMAND
  const where = channel(input.channelId)
  const sorted = [...input.watches].sort((a, b) => a.recipeId - b.recipeId)
  const folders = [...(input.folders ?? [])].sort((a, b) => a.folderId - b.folderId)
  if (sorted.length === 0 && folders.length === 0) {
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
  const what = [
    ...(folders.length > 0 ? [plural(folders.length, "folder")] : []),
    ...(sorted.length > 0 || folders.length === 0 ? [plural(sorted.length, "recipe")] : [])
  ].join(" and ")
  const head: Block = {
    type: "section",
    block_id: "watches",
    text: mrkdwn(`*${what} watched in ${where}*`)
  }
  const budget = new Budget()
  budget.take(1, blockTextLength([head]))
  budget.take(1, 300) // the "…and N more" line
  const lines = [...folders.map(folderLine), ...sorted.map(watchLine)]
  const packed = packLines(lines, "watch", budget)
  const blocks: Array<Block> = [head, ...packed.blocks]
  const left = lines.length - packed.taken
  if (left > 0) {
    blocks.push({ type: "context", block_id: "more", elements: [mrkdwn(`…and ${folders.length === 0 ? plural(left, "more recipe") : plural(left, "more watch", "more watches")}`)] })
  }
  const tip = `Stop one with \`${mrkdwnEscaped(usageLine("unwatch", command), 200)}\`.`
  if (budget.take(1, tip.length)) blocks.push({ type: "context", block_id: "tip", elements: [mrkdwn(tip)] })
  return { text: `${what} watched in this channel`, blocks }
}
