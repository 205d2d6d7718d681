/**
 * Answers through a response_url (slash commands and clicks): ephemeral by default.
 * A reply that cannot be delivered is logged; there is nobody else to tell.
 */
import { Effect } from "effect"
import { type Message, renderNotice } from "../blocks/index.js"
import { SlackWeb } from "./SlackWeb.js"

export interface ReplyOptions {
  readonly inChannel?: boolean
  /** For clicks: replace the message that carried the button instead of adding one. */
  readonly replaceOriginal?: boolean
}

export const reply = (responseUrl: string, message: Message, options: ReplyOptions = {}) =>
  Effect.flatMap(SlackWeb, (slack) =>
    slack.respond(responseUrl, {
      text: message.text,
      blocks: message.blocks,
      response_type: options.inChannel === true ? "in_channel" : "ephemeral",
      replace_original: options.replaceOriginal === true
    })).pipe(Effect.catchAll((error) => Effect.logWarning("reply not delivered", error.message)))

/** A short plain-words answer (never a stack trace). */
export const notice = (responseUrl: string, text: string, options: ReplyOptions & { readonly icon?: string } = {}) =>
  reply(responseUrl, renderNotice(text, options.icon === undefined ? {} : { icon: options.icon }), options)

/**
 * A notice whose text is already mrkdwn (mentions, links built with the blocks helpers);
 * `fallback` is the plain notification text. The caller escapes any user-supplied part.
 */
export const mrkdwnNotice = (mrkdwnText: string, fallback: string): Message => ({
  text: fallback,
  blocks: [{ type: "section", block_id: "notice", text: { type: "mrkdwn", text: mrkdwnText, verbatim: true } }]
})
