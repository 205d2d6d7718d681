/**
 * What the Slack adapter needs to know, and nothing about the bot's features: the composition
 * root (bot.ts) provides it from the bot's own configuration.
 */
import { Context, type Option, type Redacted } from "effect"

export interface SlackSettings {
  readonly botToken: Redacted.Redacted
  /** Required in HTTP mode; unused in Socket Mode (Slack signs nothing there). */
  readonly signingSecret: Option.Option<Redacted.Redacted>
  /** Set → Socket Mode (no public URL needed). */
  readonly appToken: Option.Option<Redacted.Redacted>
  /** Web API base URL, e.g. the emulator's `${url}/api/`; None → https://slack.com/api/. */
  readonly apiUrl: Option.Option<string>
  readonly port: number
  /** Interface to listen on; undefined → all interfaces (tests and the demo use 127.0.0.1). */
  readonly host?: string | undefined
  /** Known bot identity (tests, embedded mode): skips Bolt's auth.test at start-up. */
  readonly botId?: string | undefined
  readonly botUserId?: string | undefined
  /** Per Web API request; default 15 s. */
  readonly requestTimeoutMs?: number | undefined
}

export class SlackConfig extends Context.Tag("@workato-jobs/slackbot/SlackConfig")<SlackConfig, SlackSettings>() {}
