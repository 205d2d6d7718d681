/**
 * One failed job as a section block: title linked to the Workato job page, the error
 * message, when it failed, its id, and a Repeat button as accessory. Shared by the
 * digest and the failures list; the block_id lets `applyRepeatOutcome` find it again.
 */
import { slackDate } from "./dates.js"
import { encodeRepeatValue, jobBlockId, repeatJobActionId } from "./ids.js"
import { code, link, mrkdwn, mrkdwnEscaped, plural, truncate } from "./limits.js"
import type { FailedJob, JobRef } from "./model.js"
import type { Button, SectionBlock } from "./types.js"

export const JOB_TITLE_MAX = 150
export const JOB_MESSAGE_MAX = 300
/**
 * Longest line `applyRepeatOutcome` appends to a job's section. Renderers reserve
 * this much text budget for every job that has a Repeat button, so updates never
 * push a message over the cumulative limit.
 */
export const OUTCOME_LINE_MAX = 200

/** Failed jobs of one master job, shown as one entry (its newest failure). */
export interface JobEntry {
  readonly ref: JobRef
  /** The newest failed job of this master job. */
  readonly latest: FailedJob
  /** How many failed jobs were folded into this entry (≥ 1). */
  readonly failures: number
  /** Gets a Repeat button: not a trigger error, and its id fits a button value. */
  readonly repeatable: boolean
}

const epoch = (job: FailedJob): number => {
  const ms = Date.parse(job.at)
  return Number.isFinite(ms) ? ms : Number.NEGATIVE_INFINITY
}

/** Newest first; equal times keep their input order. */
export const newestFirst = (jobs: ReadonlyArray<FailedJob>): Array<FailedJob> =>
  jobs.map((job, i) => ({ job, i, t: epoch(job) }))
    .sort((a, b) => b.t - a.t || a.i - b.i)
    .map((x) => x.job)

/**
 * Folds failed jobs by (recipe, master job): a job and its failed repeats are one
 * trigger event, and one click repeats the master. Input newest first; so is output.
 */
export const collapseByMaster = (newestFirstJobs: ReadonlyArray<FailedJob>): Array<JobEntry> => {
  const byKey = new Map<string, { latest: FailedJob; failures: number }>()
  for (const job of newestFirstJobs) {
    const key = `${job.recipeId}\u0000${job.masterJobId}`
    const seen = byKey.get(key)
    if (seen === undefined) byKey.set(key, { latest: job, failures: 1 })
    else seen.failures++
  }
  return [...byKey.values()].map(({ latest, failures }) => {
    const ref = { recipeId: latest.recipeId, masterJobId: latest.masterJobId }
    return { ref, latest, failures, repeatable: !latest.isPollError && encodeRepeatValue(ref) !== undefined }
  })
}

/** The Repeat button of a job, or `undefined` when its ref cannot be encoded. */
export const repeatButton = (ref: JobRef, label = "Repeat"): Button | undefined => {
  const value = encodeRepeatValue(ref)
  if (value === undefined) return undefined
  return {
    type: "button",
    action_id: repeatJobActionId(ref.masterJobId),
    text: { type: "plain_text", text: label, emoji: true },
    value,
    accessibility_label: truncate(`Repeat Workato job ${ref.masterJobId}`, 75)
  }
}

/** "salesforce · Record not found" (escaped), or "Unknown error". */
export const errorKindLabel = (adapter: string | null, errorType: string | null): string => {
  const parts = [adapter, errorType]
    .filter((p): p is string => p !== null && p.trim() !== "")
    .map((p) => mrkdwnEscaped(p, 80))
  return parts.length === 0 ? "Unknown error" : parts.join(" · ")
}

export interface JobSectionOptions {
  /** Put adapter + error type before the message (when no group line above says it). */
  readonly showErrorKind?: boolean
}

/** The mrkdwn text of a job entry; at most ~1,800 characters whatever the input. */
export const jobText = (entry: JobEntry, opts: JobSectionOptions = {}): string => {
  const job = entry.latest
  const title = job.title.trim() === "" ? job.jobId : job.title
  const head = `*${link(job.jobUrl, title, JOB_TITLE_MAX)}*`
  const message = mrkdwnEscaped(job.message, JOB_MESSAGE_MAX) || "_(no error message)_"
  const kind = opts.showErrorKind === true ? `*${errorKindLabel(job.adapter, job.errorType)}:* ` : ""
  const meta = [slackDate(job.at), code(job.jobId)]
  if (entry.failures > 1) meta.push(`failed ${plural(entry.failures, "time")}`)
  if (job.isPollError) meta.push(":rotating_light: trigger error: no trigger data, nothing to repeat")
  else if (!entry.repeatable) meta.push("cannot be repeated from Slack")
  return `${head}\n${kind}${message}\n${meta.filter((m) => m !== "").join(" · ")}`
}

/** The job's section: text plus Repeat button when repeatable. */
export const jobSection = (entry: JobEntry, opts: JobSectionOptions = {}): SectionBlock => {
  const button = entry.repeatable ? repeatButton(entry.ref) : undefined
  const block: SectionBlock = {
    type: "section",
    block_id: jobBlockId(entry.ref),
    text: mrkdwn(jobText(entry, opts))
  }
  return button === undefined ? block : { ...block, accessory: button }
}

/** Text budget a job section needs now plus what its outcome line may add later. */
export const jobCost = (section: SectionBlock): number =>
  (section.text?.text.length ?? 0) +
  (section.accessory === undefined ? 0 : section.accessory.text.text.length + OUTCOME_LINE_MAX + 1)
