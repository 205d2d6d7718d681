/**
 * "Repeat all N": the button (with a confirm dialog) and, after a click, the progress
 * line ("Repeating 50 of 130…") and final summary that take its place in the message.
 */
import { ActionIds, BlockIds } from "./ids.js"
import { Limits, mention, mrkdwn, plural, truncate } from "./limits.js"
import type { ActionsBlock, AnyBlock, SectionBlock } from "./types.js"

/** Longest progress/summary line; the digest reserves this much text for it. */
export const REPEAT_ALL_STATUS_MAX = 200

/**
 * The Repeat-all actions block, or `undefined` when fewer than two jobs can be
 * repeated (a single job has its own button) or the digest id is not a valid value.
 */
export const repeatAllBlock = (input: {
  readonly digestId: string
  /** Repeatable master jobs the click will repeat (listed or not). */
  readonly count: number
  /** How many of them are not listed in the message. */
  readonly unlisted: number
}): ActionsBlock | undefined => {
  const { count, digestId, unlisted } = input
  if (count < 2 || digestId === "" || digestId.length > Limits.buttonValue) return undefined
  const n = count.toLocaleString("en-US")
  const unlistedNote = unlisted > 0 ? ` ${plural(unlisted, "of them is", "of them are")} not listed in this message.` : ""
  return {
    type: "actions",
    block_id: BlockIds.repeatAll,
    elements: [
      {
        type: "button",
        action_id: ActionIds.repeatAll,
        text: { type: "plain_text", text: truncate(`Repeat all ${n}`, Limits.buttonText), emoji: true },
        value: digestId,
        confirm: {
          title: { type: "plain_text", text: truncate(`Repeat ${plural(count, "failed job")}?`, Limits.confirmTitle) },
          text: {
            type: "plain_text",
            text: truncate(
              `Workato replays each job's original trigger data through the latest recipe version. ` +
                `Its steps run again, so records may be created twice. Trigger errors are skipped.${unlistedNote}`,
              Limits.confirmText
            )
          },
          confirm: { type: "plain_text", text: truncate(`Repeat ${n}`, Limits.confirmButton) },
          deny: { type: "plain_text", text: "Cancel" }
        }
      }
    ]
  }
}

export interface RepeatAllProgress {
  readonly done: number
  readonly total: number
  /** Slack user id of who clicked. */
  readonly by?: string
}

export interface RepeatAllSummary {
  readonly total: number
  readonly repeated: number
  readonly notRepeated: number
  readonly unknown: number
  readonly by?: string
}

const byline = (by: string | undefined): string => (by === undefined ? "" : ` (Repeat all by ${mention(by)})`)

/** ":hourglass_flowing_sand: Repeating 50 of 130… (Repeat all by <@U1>)" */
export const repeatAllProgressText = (p: RepeatAllProgress): string =>
  truncate(
    `:hourglass_flowing_sand: Repeating ${p.done.toLocaleString("en-US")} of ${p.total.toLocaleString("en-US")}…${byline(p.by)}`,
    REPEAT_ALL_STATUS_MAX
  )

/** ":white_check_mark: 130 jobs: 120 repeated, 7 could not be repeated, 3 unknown (Repeat all by <@U1>)" */
export const repeatAllSummaryText = (s: RepeatAllSummary): string => {
  const parts = [`${s.repeated.toLocaleString("en-US")} repeated`]
  if (s.notRepeated > 0) parts.push(`${s.notRepeated.toLocaleString("en-US")} could not be repeated`)
  if (s.unknown > 0) parts.push(`${s.unknown.toLocaleString("en-US")} unknown`)
  const icon = s.notRepeated + s.unknown === 0 ? ":white_check_mark:" : ":warning:"
  return truncate(`${icon} ${plural(s.total, "job")}: ${parts.join(", ")}${byline(s.by)}`, REPEAT_ALL_STATUS_MAX)
}

const replaceRepeatAll = (blocks: ReadonlyArray<AnyBlock>, text: string): Array<AnyBlock> =>
  blocks.map((b) => {
    if (b.block_id !== BlockIds.repeatAll) return b
    const status: SectionBlock = { type: "section", block_id: BlockIds.repeatAll, text: mrkdwn(text) }
    return status
  })

/**
 * The message with its Repeat-all button (or earlier status) replaced by the
 * progress line. Blocks without a `repeat_all` block come back unchanged.
 */
export const renderRepeatAllProgress = (blocks: ReadonlyArray<AnyBlock>, p: RepeatAllProgress): Array<AnyBlock> =>
  replaceRepeatAll(blocks, repeatAllProgressText(p))

/** Like `renderRepeatAllProgress`, with the final summary. */
export const renderRepeatAllSummary = (blocks: ReadonlyArray<AnyBlock>, s: RepeatAllSummary): Array<AnyBlock> =>
  replaceRepeatAll(blocks, repeatAllSummaryText(s))

export interface RepeatAllInterrupted {
  readonly digestId: string
  /** Jobs of the message already handled (repeated, refused or unknown). */
  readonly done: number
  /** Jobs never sent: the button repeats these. */
  readonly left: number
  readonly by?: string
}

/** ":warning: Repeat all was interrupted (the bot stopped) after 25 of 60 jobs; 35 are left." */
export const repeatAllInterruptedText = (s: RepeatAllInterrupted): string =>
  truncate(
    `:warning: Repeat all was interrupted (the bot stopped) after ${s.done.toLocaleString("en-US")} of ` +
      `${(s.done + s.left).toLocaleString("en-US")} jobs; ${plural(s.left, "job is", "jobs are")} left, none of them sent.${byline(s.by)}`,
    REPEAT_ALL_STATUS_MAX
  )

/**
 * The message with its Repeat-all status replaced by the interruption notice and a
 * "Repeat the N left" button (same action and value as Repeat all: a click finishes the run,
 * and jobs already handled are never sent again). No button when nothing is left.
 */
export const renderRepeatAllInterrupted = (blocks: ReadonlyArray<AnyBlock>, s: RepeatAllInterrupted): Array<AnyBlock> =>
  blocks.map((b) => {
    if (b.block_id !== BlockIds.repeatAll) return b
    const n = s.left.toLocaleString("en-US")
    const status: SectionBlock = {
      type: "section",
      block_id: BlockIds.repeatAll,
      text: mrkdwn(repeatAllInterruptedText(s)),
      ...(s.left === 0 || s.digestId === "" || s.digestId.length > Limits.buttonValue ? {} : {
        accessory: {
          type: "button",
          action_id: ActionIds.repeatAll,
          text: { type: "plain_text", text: truncate(`Repeat the ${n} left`, Limits.buttonText), emoji: true },
          value: s.digestId,
          confirm: {
            title: { type: "plain_text", text: truncate(`Repeat ${plural(s.left, "job")}?`, Limits.confirmTitle) },
            text: {
              type: "plain_text",
              text: truncate(
                `These jobs were never sent to Workato. Jobs already repeated are not repeated again.`,
                Limits.confirmText
              )
            },
            confirm: { type: "plain_text", text: truncate(`Repeat ${n}`, Limits.confirmButton) },
            deny: { type: "plain_text", text: "Cancel" }
          }
        }
      })
    }
    return status
  })
