/**
 * `/workato help` and the per-subcommand usage lines. The command parser shows the
 * same strings with its error messages, so help and errors never disagree.
 */
import { mrkdwnEscaped, mrkdwn, truncate } from "./limits.js"
import type { Block, Message } from "./types.js"

export const DEFAULT_COMMAND = "/workato"

/** In the order help lists them. */
export const SUBCOMMANDS = ["help", "failures", "job", "repeat", "digest", "watch", "unwatch", "watches"] as const
export type Subcommand = (typeof SUBCOMMANDS)[number]

/** Arguments of each subcommand, without the command name. */
export const Usage: { readonly [S in Subcommand]: string } = {
  help: "help",
  failures: "failures <recipe_id> [limit]",
  job: "job <recipe_id> <job_id>",
  repeat: "repeat <recipe_id> <job_id>…",
  digest: "digest [<recipe_id>…]",
  watch: "watch <recipe_id> [every <duration>] · watch folder <folder_id> [every <duration>]",
  unwatch: "unwatch <recipe_id> · unwatch folder <folder_id>",
  watches: "watches"
}

/** One line each: what the subcommand does. */
export const Descriptions: { readonly [S in Subcommand]: string } = {
  help: "this help",
  failures: "recent failed jobs of a recipe, each with a Repeat button",
  job: "one job: status, timings, the failing step and its error",
  repeat: "repeat failed jobs by id (the original jobs are repeated)",
  digest: "post a digest of failed jobs in this channel now (no ids: the recipes watched here)",
  watch: "post a digest of new failed jobs of a recipe, or of every recipe in a folder and its subfolders (recipes added later too), in this channel on an interval",
  unwatch: "stop watching a recipe or a folder in this channel",
  watches: "the recipes watched in this channel"
}

/** "/workato failures <recipe_id> [limit]" */
export const usageLine = (subcommand: Subcommand, command: string = DEFAULT_COMMAND): string =>
  `${command} ${Usage[subcommand]}`

export interface HelpOptions {
  /** The slash command as installed (default `/workato`). */
  readonly command?: string
  /** Extra notes appended as a context line, e.g. durations accepted by `watch` (raw text). */
  readonly notes?: ReadonlyArray<string>
}

const usageItem = (s: Subcommand, command: string): string =>
  `• \`${mrkdwnEscaped(usageLine(s, command), 200)}\`: ${Descriptions[s]}`

export const renderHelp = (opts: HelpOptions = {}): Message => {
  const command = opts.command ?? DEFAULT_COMMAND
  const order: ReadonlyArray<Subcommand> = [...SUBCOMMANDS.filter((s) => s !== "help"), "help"]
  const blocks: Array<Block> = [
    {
      type: "section",
      block_id: "help",
      text: mrkdwn(
        `*${mrkdwnEscaped(command, 60)}*: failed Workato jobs in Slack, with Repeat buttons\n` +
          order.map((s) => usageItem(s, command)).join("\n")
      )
    }
  ]
  const notes = (opts.notes ?? []).slice(0, 10).map((n) => mrkdwn(mrkdwnEscaped(n, 500)))
  if (notes.length > 0) blocks.push({ type: "context", block_id: "help_notes", elements: notes })
  return { text: `${truncate(command, 60)} subcommands: ${SUBCOMMANDS.join(", ")}`, blocks }
}

/**
 * The answer to bad input: what was wrong (raw text, escaped) and the right usage.
 * Without a subcommand (unknown or missing), all usage lines are shown.
 */
export const renderUsageError = (input: {
  readonly problem: string
  readonly subcommand?: Subcommand | undefined
  readonly command?: string
}): Message => {
  const command = input.command ?? DEFAULT_COMMAND
  const problem = mrkdwnEscaped(input.problem, 500) || "that did not work"
  const usage =
    input.subcommand === undefined
      ? `Usage:\n${SUBCOMMANDS.map((s) => usageItem(s, command)).join("\n")}`
      : `Usage: \`${mrkdwnEscaped(usageLine(input.subcommand, command), 200)}\``
  return {
    text: truncate(
      `Sorry, ${input.problem}. ${input.subcommand === undefined ? `Try ${command} help` : `Usage: ${usageLine(input.subcommand, command)}`}`,
      300
    ),
    blocks: [
      { type: "section", block_id: "problem", text: mrkdwn(`:warning: Sorry, ${problem}.`) },
      { type: "section", block_id: "usage", text: mrkdwn(usage) }
    ]
  }
}
