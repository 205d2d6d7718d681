/**
 * The message a click came from, as something MessageUpdater can edit:
 * - a digest the bot posted: its blocks come from the store (the latest version, whatever
 *   the click payload carried), updates go out with chat.update;
 * - an ephemeral list (`/workato failures`, `/workato job`): Slack sends no message with
 *   such clicks, so the bot finds its own copy, and updates go through the click's response_url;
 * - anything else (e.g. a message posted before the database was reset): the payload's blocks.
 */
import { Effect, Option } from "effect"
import type { AnyBlock } from "../blocks/index.js"
import type { EditableMessage } from "../slack/MessageUpdater.js"
import type { ButtonClick } from "../slack/SlackHandlers.js"
import { SlackWeb } from "../slack/SlackWeb.js"
import { type PostedMessage, PostedMessages } from "../store/index.js"

/** What a click says about where it happened. */
export type ClickOrigin = Omit<ButtonClick, "value" | "blockId" | "actionId">

export interface Located {
  readonly message: EditableMessage | undefined
  readonly digest: Option.Option<PostedMessage>
  /** Identifies the message for repeat locks: two clicks from it repeat a job once. */
  readonly source: string
}

const hasBlock = (digest: { readonly blocks: ReadonlyArray<unknown> }, matches: (block: Record<string, unknown>) => boolean) =>
  digest.blocks.some((b) => typeof b === "object" && b !== null && matches(b as Record<string, unknown>))

/** A message the bot keeps a copy of, edited from that copy and saved back to it. */
const fromStore = (messages: PostedMessages, digest: PostedMessage, send: EditableMessage["send"]): EditableMessage => ({
  key: `digest:${digest.id}`,
  load: Effect.map(messages.content(digest.id), (content) => ({
    blocks: [...content.blocks] as Array<AnyBlock>,
    text: content.text
  })),
  send,
  save: (blocks, text) => messages.saveContent(digest.id, blocks, text)
})

/**
 * A stored channel message, editable without a click (e.g. at start-up); `undefined` for
 * ephemeral answers, which only a click's response_url can reach.
 */
export const storedMessage = (digest: PostedMessage): Effect.Effect<EditableMessage | undefined, never, PostedMessages | SlackWeb> =>
  Effect.gen(function*() {
    if (digest.ts === null || digest.kind !== "digest") return undefined
    const messages = yield* PostedMessages
    const slack = yield* SlackWeb
    const ts = digest.ts
    return fromStore(messages, digest, (blocks, text) => slack.update({ channel: digest.channel, ts, text, blocks }))
  })

/**
 * Finds the message. An ephemeral copy is found by the key its button carries (`viewKey`),
 * else (older buttons) as the viewer's newest copy with a block that `matches`.
 */
export const locateMessage = (
  origin: ClickOrigin,
  matches: (block: Record<string, unknown>) => boolean,
  viewKey?: string | undefined
): Effect.Effect<Located, never, PostedMessages | SlackWeb> =>
  Effect.gen(function*() {
    const messages = yield* PostedMessages
    const slack = yield* SlackWeb
    if (!origin.isEphemeral) {
      const digest = yield* messages.findByTs(origin.channelId, origin.messageTs)
      const send: EditableMessage["send"] = (blocks, text) =>
        slack.update({ channel: origin.channelId, ts: origin.messageTs, text, blocks })
      const source = `${origin.channelId}:${origin.messageTs}`
      if (Option.isSome(digest)) return { message: fromStore(messages, digest.value, send), digest, source }
      const payload = origin.payloadBlocks
      if (payload === undefined) return { message: undefined, digest, source }
      let current = { blocks: [...payload], text: origin.payloadText }
      return {
        message: {
          key: `message:${source}`,
          load: Effect.sync(() => current),
          send,
          save: (blocks, text) => Effect.sync(() => void (current = { blocks, text }))
        },
        digest,
        source
      }
    }

    const byKey = viewKey === undefined ? Option.none() : yield* messages.findById(viewKey)
    const view: Option.Option<PostedMessage> = Option.isSome(byKey) && byKey.value.channel === origin.channelId
      ? byKey
      : Option.fromNullable((yield* messages.views(origin.channelId, origin.userId)).find((v) => hasBlock(v, matches)))
    const send: EditableMessage["send"] = (blocks, text) =>
      slack.respond(origin.responseUrl, { text, blocks, replace_original: true })
    return Option.match(view, {
      onNone: () => ({ message: undefined, digest: view, source: `ephemeral:${origin.channelId}:${origin.messageTs}` }),
      onSome: (v) => ({ message: fromStore(messages, v, send), digest: view, source: `view:${v.id}` })
    })
  })
