/**
 * Block Kit rendering of the Slack bot: pure functions from view models to messages
 * that always respect Slack's limits. No I/O.
 */
export * from "./types.js"
export * from "./model.js"
export {
  Limits,
  TEXT_BUDGET,
  blockTextLength,
  escapeMrkdwn,
  mrkdwnEscaped,
  truncate,
  link,
  mention,
  plural
} from "./limits.js"
export { slackDate, formatDuration, type Timestamp } from "./dates.js"
export {
  ActionIds,
  BlockIds,
  RepeatJobActionPattern,
  encodeRepeatValue,
  parseRepeatValue,
  jobBlockId,
  isJobBlockId,
  repeatJobActionId
} from "./ids.js"
export { OUTCOME_LINE_MAX } from "./jobSection.js"
export { renderDigest, type Digest, type DigestInput } from "./digest.js"
export { renderFailures, type FailuresInput, type FailuresMessage } from "./failures.js"
export { renderJobDetail, type JobDetailMessage, type JobDetailView } from "./jobDetail.js"
export { applyRepeatOutcome, outcomeLine } from "./repeatOutcome.js"
export {
  renderRepeatAllInterrupted,
  renderRepeatAllProgress,
  renderRepeatAllSummary,
  repeatAllInterruptedText,
  repeatAllProgressText,
  repeatAllSummaryText,
  type RepeatAllInterrupted,
  type RepeatAllProgress,
  type RepeatAllSummary
} from "./repeatAll.js"
export { renderRepeatReport, type RepeatReportInput, type RepeatReportItem } from "./repeatReport.js"
export {
  DEFAULT_COMMAND,
  Descriptions,
  SUBCOMMANDS,
  Usage,
  renderHelp,
  renderUsageError,
  usageLine,
  type HelpOptions,
  type Subcommand
} from "./help.js"
export { type FolderWatchView, renderWatches, type WatchView, type WatchesInput } from "./watches.js"
export { renderNotice } from "./notice.js"
export { renderRecipeRunning, renderRecipeStopped, stopCauseText, type StoppedInput } from "./recipeAlert.js"
