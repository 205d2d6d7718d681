/**
 * Who may repeat: everyone, unless REPEAT_ALLOWED_USERS names the people who may.
 * Slack shows buttons to everyone in the channel, so the check is the bot's job.
 */
import { Option } from "effect"
import type { BotSettings } from "../config.js"
import { mention } from "../blocks/index.js"

export const mayRepeat = (settings: BotSettings, userId: string): boolean =>
  Option.match(settings.repeatAllowedUsers, { onNone: () => true, onSome: (users) => users.has(userId) })

/** The ephemeral explanation for someone who may not repeat (mrkdwn). */
export const deniedText = (settings: BotSettings): string => {
  const allowed = Option.match(settings.repeatAllowedUsers, { onNone: () => [], onSome: (users) => [...users] })
  const who = allowed.slice(0, 10).map(mention).join(", ") + (allowed.length > 10 ? ` and ${allowed.length - 10} more` : "")
  return `:lock: Sorry, only some people may repeat Workato jobs from Slack, and you are not one of them, ` +
    `so nothing was repeated.${allowed.length > 0 ? ` Ask ${who}.` : ""}`
}
