import { BlockKitLimits } from "./blockKitLimits.js"
import { normalizeBlocks } from "./blockKitNormalize.js"
import { cumulativeBlockText, validateBlocks } from "./blockKitValidation.js"
import type { Block, Json } from "./json.js"

/** How the top-level `text` past 40,000 characters is treated. */
export type LongTextPolicy = "reject" | "truncate"

export interface ContentRules {
  readonly longText: LongTextPolicy
  /** Cumulative block text limit for `msg_blocks_too_long`; false to skip the check. */
  readonly cumulativeBlockText: number | false
}

export interface MessageContent {
  readonly text: string | undefined
  /** Normalized as Slack stores them; undefined when the request had no `blocks`. */
  readonly blocks: Array<Block> | undefined
  readonly attachments: ReadonlyArray<Json> | undefined
  readonly warnings: ReadonlyArray<string>
}

export interface ContentError {
  readonly error: string
  /** Slack-style pointer messages for `invalid_blocks`. */
  readonly errors?: ReadonlyArray<string>
}

/**
 * Checks the text/blocks/attachments of a message in the order Slack reports them:
 * malformed blocks, missing content (`no_text`), long text, invalid blocks, too much block text.
 * `requireContent: false` is for chat.update, where omitted fields keep their old value.
 */
export const checkContent = (
  args: { readonly text?: Json | undefined; readonly blocks?: Json | undefined; readonly attachments?: Json | undefined },
  rules: ContentRules,
  requireContent = true
): MessageContent | ContentError => {
  let blocks: ReadonlyArray<Json> | undefined
  if (args.blocks !== undefined && args.blocks !== null && args.blocks !== "") {
    if (!Array.isArray(args.blocks)) return { error: "invalid_blocks_format" }
    blocks = args.blocks
  }
  let attachments: ReadonlyArray<Json> | undefined
  if (args.attachments !== undefined && args.attachments !== null && args.attachments !== "") {
    if (!Array.isArray(args.attachments)) return { error: "invalid_attachments" }
    if (args.attachments.length > 100) return { error: "too_many_attachments" }
    attachments = args.attachments
  }
  let text = args.text === undefined || args.text === null ? undefined : String(args.text)
  const hasContent = (text !== undefined && text !== "") || (blocks?.length ?? 0) > 0 || (attachments?.length ?? 0) > 0
  if (requireContent && !hasContent) return { error: "no_text" }
  if (!requireContent && text === undefined && blocks === undefined && attachments === undefined) return { error: "no_text" }

  const warnings: Array<string> = []
  if (text !== undefined && text.length > BlockKitLimits.messageText) {
    if (rules.longText === "reject") return { error: "msg_too_long" }
    text = text.slice(0, BlockKitLimits.messageText)
    warnings.push("message_truncated")
  }
  if (blocks !== undefined) {
    const errors = validateBlocks(blocks)
    if (errors.length > 0) return { error: "invalid_blocks", errors }
    if (rules.cumulativeBlockText !== false && cumulativeBlockText(blocks) > rules.cumulativeBlockText) {
      return { error: "msg_blocks_too_long" }
    }
  }
  return { text, blocks: blocks === undefined ? undefined : normalizeBlocks(blocks), attachments, warnings }
}

export const isContentError = (value: MessageContent | ContentError): value is ContentError => "error" in value
