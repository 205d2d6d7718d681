/**
 * Who may do what: everyone, unless a list names the people who may —
 * REPEAT_ALLOWED_USERS for repeats (buttons and `/workato repeat`), WATCH_ALLOWED_USERS for
 * what a channel is sent (`watch`, `unwatch`, `digest`). Reading (`failures`, `job`,
 * `watches`, `help`) is open to all. Slack shows buttons and commands to everyone in the
 * channel, so the check is the bot's job; every denial is answered and audited by the caller.
 */
import { Effect, Option } from "effect"
import { mention } from "../blocks/index.js"
import { BotConfig, type BotSettings } from "../config.js"
import { mrkdwnNotice, reply } from "../slack/reply.js"
import { type AuditEntry, AuditLog } from "../store/index.js"

/** The guarded actions, with the setting that lists who may do them. */
export const Guards = {
  repeat: { setting: "REPEAT_ALLOWED_USERS", users: (s: BotSettings) => s.repeatAllowedUsers },
  watch: { setting: "WATCH_ALLOWED_USERS", users: (s: BotSettings) => s.watchAllowedUsers }
} as const
export type Guard = keyof typeof Guards

export const allowed = (settings: BotSettings, guard: Guard, userId: string): boolean =>
  Option.match(Guards[guard].users(settings), { onNone: () => true, onSome: (users) => users.has(userId) })

export const mayRepeat = (settings: BotSettings, userId: string): boolean => allowed(settings, "repeat", userId)

/** The audit detail of a denial. */
export const deniedDetail = (guard: Guard): string => `not in ${Guards[guard].setting}`

/** ":lock: Sorry, only some people may <doing>, and you are not one of them, so <result>. Ask …" (mrkdwn). */
export const denial = (settings: BotSettings, guard: Guard, doing: string, result: string): string => {
  const users = Option.match(Guards[guard].users(settings), { onNone: () => [], onSome: (set) => [...set] })
  const who = users.slice(0, 10).map(mention).join(", ") + (users.length > 10 ? ` and ${users.length - 10} more` : "")
  return `:lock: Sorry, only some people may ${doing}, and you are not one of them, so ${result}.${users.length > 0 ? ` Ask ${who}.` : ""}`
}

/** The ephemeral explanation for someone who may not repeat (mrkdwn). */
export const deniedText = (settings: BotSettings): string =>
  denial(settings, "repeat", "repeat Workato jobs from Slack", "nothing was repeated")

/**
 * Lets the request through (true) when `guard` allows `userId`; otherwise answers them in
 * plain words through `responseUrl` (only they see it), writes one audit entry per target
 * (a job, or a recipe with job id ""), and returns false.
 */
export const checkAllowed = (input: {
  readonly guard: Guard
  readonly userId: string
  readonly responseUrl: string
  readonly source: AuditEntry["source"]
  readonly targets: ReadonlyArray<{ readonly recipeId: number; readonly jobId: string }>
  /** "watch recipes in this channel" (after "only some people may"). */
  readonly doing: string
  /** "nothing was changed" (after "so"). */
  readonly result: string
  /** Where, for the audit (e.g. the channel). */
  readonly where?: string
}) =>
  Effect.gen(function*() {
    const config = yield* BotConfig
    if (allowed(config, input.guard, input.userId)) return true
    const audit = yield* AuditLog
    const detail = deniedDetail(input.guard) + (input.where === undefined ? "" : ` (${input.where})`)
    for (const target of input.targets) {
      yield* audit.record({ userId: input.userId, ...target, source: input.source, outcome: "denied", newJobId: null, detail })
    }
    const text = denial(config, input.guard, input.doing, input.result)
    yield* reply(input.responseUrl, mrkdwnNotice(text, `You may not ${input.doing}.`))
    return false
  })
