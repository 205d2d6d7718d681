/**
 * Block Kit rendering of the Slack bot: pure functions from view models to messages
 * that always respect Slack's limits. No I/O.
 */
export * from "./types.js"
export * from "./model.js"
export { Limits, TEXT_BUDGET, blockTextLength, escapeMrkdwn, truncate, link, mention } from "./limits.js"
export type { Timestamp } from "./dates.js"
export {
  ActionIds,
  BlockIds,
  RepeatJobActionPattern,
  encodeRepeatValue,
  parseRepeatValue,
  jobBlockId,
  isJobBlockId
} from "./ids.js"
export { OUTCOME_LINE_MAX } from "./jobSection.js"
export { renderDigest, type Digest, type DigestInput } from "./digest.js"
export {
  repeatAllProgressText,
  repeatAllSummaryText,
  renderRepeatAllProgress,
  renderRepeatAllSummary,
  type RepeatAllProgress,
  type RepeatAllSummary
} from "./repeatAll.js"
