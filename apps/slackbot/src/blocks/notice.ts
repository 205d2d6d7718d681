/**
 * A short answer in plain words ("recipe 123 not found", "Now watching …"): raw text
 * escaped, bounded, with an optional emoji.
 */
import { mrkdwn, mrkdwnEscaped, oneLine, truncate } from "./limits.js"
import type { Message } from "./types.js"

export const NOTICE_MAX = 2500

export const renderNotice = (text: string, opts: { readonly icon?: string } = {}): Message => {
  const icon = opts.icon !== undefined && /^:[a-z0-9_+-]{1,60}:$/.test(opts.icon) ? `${opts.icon} ` : ""
  const body = mrkdwnEscaped(text, NOTICE_MAX, { multiline: true }) || "Done."
  return {
    text: truncate(oneLine(text), 300) || "Done.",
    blocks: [{ type: "section", block_id: "notice", text: mrkdwn(icon + body) }]
  }
}
