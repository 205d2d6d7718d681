/**
 * Block Kit and message limits enforced by the emulator
 * (shared/reference/slack-bolt.md §4.1; docs.slack.dev/reference/block-kit/...).
 */
export const BlockKitLimits = {
  blocksPerMessage: 50,
  blockId: 255,
  actionId: 255,
  textObject: 3000,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  actionsElements: 25,
  contextElements: 10,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  buttonAccessibilityLabel: 75,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  imageUrl: 3000,
  imageAltText: 2000,
  optionText: 75,
  optionValue: 150,
  markdownBlockText: 12_000,
  /** Top-level `text`: Slack truncates (or we reject, see `longText`) past this. */
  messageText: 40_000,
  /**
   * Cumulative text across all blocks before `msg_blocks_too_long`. Undocumented server
   * limit; the maintainers' figure is "12,000 text characters" (bolt-js #2509, #2867).
   */
  cumulativeBlockText: 12_000
} as const
