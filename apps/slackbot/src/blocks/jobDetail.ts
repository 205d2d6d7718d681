/**
 * One job for `/workato job <recipe_id> <job_id>`: status, timings, title, the
 * failing step and its error, links, and a Repeat button when it failed and can be
 * repeated. The button lives in the title section (block_id `job:<recipe>:<key>`),
 * so `applyRepeatOutcome` updates this message like a digest.
 */
import { DATE_TIME_SECS, formatDuration, slackDate, toEpochMs } from "./dates.js"
import { encodeRepeatValue, jobBlockId } from "./ids.js"
import { repeatButton } from "./jobSection.js"
import { code, Limits, link, mrkdwn, mrkdwnEscaped, oneLine, plain, truncate } from "./limits.js"
import type { JobRef } from "./model.js"
import type { Block, SectionBlock } from "./types.js"

/** What the app maps a jobs-api `JobDetail` into. */
export interface JobDetailView {
  readonly recipeId: number
  readonly recipeName?: string
  readonly recipeUrl?: string
  readonly jobId: string
  /** `master_job_id ?? id` */
  readonly masterJobId: string
  readonly title: string
  /** Wire status: "succeeded" | "failed" | "pending" | anything else Workato adds. */
  readonly status: string
  readonly isError: boolean
  readonly isPollError: boolean
  readonly isRepeat?: boolean
  readonly startedAt: string | null
  readonly completedAt: string | null
  readonly jobUrl: string
  /** The step that failed (`error_parts` / the `lines[]` entry with an error). */
  readonly failingStep?: {
    readonly lineNumber: number | null
    readonly adapter: string | null
    readonly operation: string | null
  }
  readonly error?: {
    readonly errorType: string | null
    readonly message: string | null
    readonly innerMessage: string | null
    readonly httpStatus: number | null
  }
}

export interface JobDetailMessage {
  readonly text: string
  readonly blocks: Array<Block>
  /** Set when the message has a Repeat button (what a click repeats). */
  readonly repeatable?: JobRef
}

const statusLook = (view: JobDetailView): { readonly icon: string; readonly label: string } => {
  const s = view.status.toLowerCase()
  if (view.isError || s === "failed") return { icon: ":x:", label: view.isPollError ? "trigger error" : "failed" }
  if (s === "succeeded") return { icon: ":white_check_mark:", label: "succeeded" }
  if (s === "pending") return { icon: ":hourglass_flowing_sand:", label: "pending" }
  return { icon: ":grey_question:", label: oneLine(view.status) || "unknown" }
}

const ERROR_MESSAGE_MAX = 1500
const INNER_MESSAGE_MAX = 800

export const renderJobDetail = (view: JobDetailView): JobDetailMessage => {
  const { icon, label } = statusLook(view)
  const ref: JobRef = { recipeId: view.recipeId, masterJobId: view.masterJobId }
  const failed = view.isError || view.status.toLowerCase() === "failed"
  const canRepeat = failed && !view.isPollError && encodeRepeatValue(ref) !== undefined

  const header: Block = {
    type: "header",
    block_id: "header",
    text: plain(`${icon} Job ${truncate(oneLine(view.jobId), 80)} ${label}`, Limits.headerText)
  }

  const recipeName = view.recipeName !== undefined && oneLine(view.recipeName) !== "" ? view.recipeName : `Recipe ${view.recipeId}`
  const titleLines = [
    `*${link(view.jobUrl, view.title.trim() === "" ? view.jobId : view.title, 300)}*`,
    `${link(view.recipeUrl, recipeName, 100)} · recipe \`${view.recipeId}\` · job ${code(view.jobId)}`
  ]
  if (view.isRepeat === true && view.masterJobId !== view.jobId) titleLines.push(`Repeat of ${code(view.masterJobId)}`)
  const button = canRepeat ? repeatButton(ref) : undefined
  const titleSection: SectionBlock = {
    type: "section",
    block_id: jobBlockId(ref),
    text: mrkdwn(titleLines.join("\n")),
    ...(button === undefined ? {} : { accessory: button })
  }

  const started = toEpochMs(view.startedAt)
  const completed = toEpochMs(view.completedAt)
  const duration =
    started !== undefined && completed !== undefined
      ? formatDuration(completed - started)
      : completed === undefined && started !== undefined
        ? "still running"
        : "unknown"
  const timings: SectionBlock = {
    type: "section",
    block_id: "timings",
    fields: [
      mrkdwn(`*Status*\n${icon} ${mrkdwnEscaped(label, 60)}`),
      mrkdwn(`*Duration*\n${duration}`),
      mrkdwn(`*Started*\n${view.startedAt === null ? "not started" : slackDate(view.startedAt, DATE_TIME_SECS)}`),
      mrkdwn(`*Completed*\n${view.completedAt === null ? "not completed" : slackDate(view.completedAt, DATE_TIME_SECS)}`)
    ]
  }

  const blocks: Array<Block> = [header, titleSection, timings]

  if (failed && view.failingStep !== undefined) {
    const s = view.failingStep
    const parts = [
      s.lineNumber === null ? "unknown line" : `line ${s.lineNumber}`,
      s.adapter === null || s.adapter.trim() === "" ? undefined : `*${mrkdwnEscaped(s.adapter, 80)}*`,
      s.operation === null || s.operation.trim() === "" ? undefined : code(s.operation, 100)
    ].filter((p): p is string => p !== undefined && p !== "")
    blocks.push({ type: "section", block_id: "step", text: mrkdwn(`*Failing step:* ${parts.join(" · ")}`) })
  }

  if (failed && view.error !== undefined) {
    const e = view.error
    const kind = [
      e.errorType === null || e.errorType.trim() === "" ? undefined : mrkdwnEscaped(e.errorType, 100),
      e.httpStatus === null ? undefined : `HTTP ${e.httpStatus}`
    ].filter((p): p is string => p !== undefined)
    const lines = [`*Error${kind.length > 0 ? ":" : ""}* ${kind.join(" · ")}`.trim()]
    const message = e.message === null ? "" : mrkdwnEscaped(e.message, ERROR_MESSAGE_MAX, { multiline: true })
    lines.push(message === "" ? "_(no error message)_" : message)
    if (e.innerMessage !== null && e.innerMessage.trim() !== "") {
      lines.push(`*Inner message:* ${mrkdwnEscaped(e.innerMessage, INNER_MESSAGE_MAX, { multiline: true })}`)
    }
    blocks.push({ type: "section", block_id: "error", text: mrkdwn(lines.join("\n")) })
  }

  const notes: Array<string> = [link(view.jobUrl, "Open the job in Workato", 40)]
  if (failed && view.isPollError) notes.unshift(":rotating_light: Trigger (poll) error: no trigger data was fetched, so there is nothing to repeat.")
  else if (failed && !canRepeat) notes.unshift("This job cannot be repeated from Slack.")
  blocks.push({ type: "context", block_id: "links", elements: notes.map(mrkdwn) })

  const summary = failed && view.error?.message ? `: ${oneLine(view.error.message)}` : ""
  const text = truncate(`Job ${oneLine(view.jobId)} of ${oneLine(recipeName)} ${label}${summary}`, 300)
  return canRepeat ? { text, blocks, repeatable: ref } : { text, blocks }
}
