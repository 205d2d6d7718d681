/**
 * The Block Kit shapes this module emits: a small local subset, structurally
 * assignable to `@slack/types` `KnownBlock` (checked in test/blocks/types.test.ts)
 * so the result can go straight into `chat.postMessage({ blocks })`.
 * Arrays are mutable because the Web API argument types are.
 */

export interface PlainText {
  readonly type: "plain_text"
  readonly text: string
  readonly emoji?: boolean
}

export interface Mrkdwn {
  readonly type: "mrkdwn"
  readonly text: string
  /** true: Slack does not auto-link or auto-mention inside (user text stays inert). */
  readonly verbatim?: boolean
}

export type TextObject = PlainText | Mrkdwn

export interface Confirm {
  readonly title: PlainText
  readonly text: PlainText | Mrkdwn
  readonly confirm: PlainText
  readonly deny: PlainText
  readonly style?: "primary" | "danger"
}

export interface Button {
  readonly type: "button"
  readonly action_id: string
  readonly text: PlainText
  readonly value?: string
  readonly url?: string
  readonly style?: "primary" | "danger"
  readonly confirm?: Confirm
  readonly accessibility_label?: string
}

export interface HeaderBlock {
  readonly type: "header"
  readonly block_id?: string
  readonly text: PlainText
}

export interface SectionBlock {
  readonly type: "section"
  readonly block_id?: string
  readonly text?: TextObject
  readonly fields?: Array<TextObject>
  readonly accessory?: Button
}

export interface ContextBlock {
  readonly type: "context"
  readonly block_id?: string
  readonly elements: Array<TextObject>
}

export interface ActionsBlock {
  readonly type: "actions"
  readonly block_id?: string
  readonly elements: Array<Button>
}

export interface DividerBlock {
  readonly type: "divider"
  readonly block_id?: string
}

/** Every block this module renders. */
export type Block = HeaderBlock | SectionBlock | ContextBlock | ActionsBlock | DividerBlock

/**
 * A block as it may come back from Slack (e.g. `body.message.blocks` of a click):
 * possibly one of ours with extra keys (`verbatim`, `emoji`), possibly anything.
 * Functions that edit posted messages accept these and leave unknown blocks untouched.
 */
export interface ForeignBlock {
  readonly type: string
  readonly block_id?: string
  readonly [key: string]: unknown
}

export type AnyBlock = Block | ForeignBlock

/** A rendered message: `text` is the notification / screen-reader fallback. */
export interface Message {
  readonly text: string
  readonly blocks: Array<Block>
}
