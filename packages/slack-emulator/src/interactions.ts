import { findButton, type ButtonQuery } from "./buttons.js"
import { triggerId as newTriggerId } from "./ids.js"
import { isObject, type JsonObject } from "./json.js"
import type { EmulatorConfig } from "./options.js"
import { blockActionsPayload, formEncode, interactionBody, slashCommandFields } from "./payloads.js"
import type { RecordedResponse } from "./records.js"
import type { ResponseUrls } from "./responseUrls.js"
import { signSlackRequest } from "./signing.js"
import { unixSeconds } from "./timestamps.js"
import { wireMessage } from "./wireMessage.js"
import type { Workspace } from "./workspace.js"

/** Overrides for the signed delivery, for forged/stale signature tests. */
export interface DeliveryOptions {
  /** X-Slack-Request-Timestamp (unix seconds). Default: the signing clock now. */
  readonly timestamp?: number
  /** X-Slack-Signature to send instead of the correct one. */
  readonly signature?: string
  /** Default "application/x-www-form-urlencoded" (exactly: Bolt rejects a charset suffix). */
  readonly contentType?: string
  /** Extra headers, e.g. X-Slack-Retry-Num. */
  readonly headers?: Readonly<Record<string, string>>
}

export interface DeliveryResult {
  /** HTTP status the bot answered. */
  readonly status: number
  /** Body the bot answered (the ack). */
  readonly body: string
  readonly headers: Readonly<Record<string, string>>
  /** Exact bytes sent and how they were signed. */
  readonly rawBody: string
  readonly timestamp: number
  readonly signature: string
}

export interface SlashCommandInput extends DeliveryOptions {
  /** Default "/workato". */
  readonly command?: string
  /** Everything after the command. Default "". */
  readonly text?: string
  readonly userId: string
  readonly userName?: string
  readonly channelId: string
  readonly channelName?: string
  readonly triggerId?: string
  readonly enterprise?: { readonly id: string; readonly name: string }
}

export interface SlashCommandResult extends DeliveryResult {
  readonly responseUrl: string
  readonly triggerId: string
  readonly fields: Readonly<Record<string, string>>
  /** When the bot's HTTP answer carried a message, what Slack made of it. */
  readonly ack?: RecordedResponse
}

export interface ClickButtonInput extends ButtonQuery, DeliveryOptions {
  readonly channel: string
  /** ts of the channel message (or ephemeral message_ts) that carries the button. */
  readonly ts: string
  readonly userId: string
  readonly userName?: string
}

export interface ClickButtonResult extends DeliveryResult {
  readonly responseUrl: string
  readonly triggerId: string
  readonly payload: JsonObject
}

/**
 * Sends what Slack sends to an app's Request URL: signed slash commands and block_actions
 * clicks built from the emulator's own records, plus raw bodies for signature tests.
 */
export class Interactions {
  private seq = 0

  constructor(
    private readonly config: EmulatorConfig,
    private readonly workspace: Workspace,
    private readonly responseUrls: ResponseUrls,
    private readonly signingClock: () => number,
    private readonly changed: () => void
  ) {}

  async send(url: string, rawBody: string, options: DeliveryOptions = {}): Promise<DeliveryResult> {
    const timestamp = options.timestamp ?? unixSeconds(this.signingClock())
    const signature = options.signature ?? signSlackRequest(this.config.signingSecret, timestamp, rawBody)
    const response = await fetch(url, {
      method: "POST",
      headers: {
        "Content-Type": options.contentType ?? "application/x-www-form-urlencoded",
        "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
        "X-Slack-Request-Timestamp": String(timestamp),
        "X-Slack-Signature": signature,
        ...options.headers
      },
      body: rawBody,
      redirect: "manual"
    })
    const body = await response.text()
    return { status: response.status, body, headers: Object.fromEntries(response.headers.entries()), rawBody, timestamp, signature }
  }

  async slashCommand(url: string, input: SlashCommandInput): Promise<SlashCommandResult> {
    // The command was typed in that channel by that user, so both exist from now on.
    const channel = this.workspace.addChannel(input.channelId, input.channelName)
    const user = this.workspace.addUser(input.userId, input.userName)
    const responseUrl = this.responseUrls.issue({ issuedFor: "slash_command", channel: channel.id, user: user.id })
    const triggerId = input.triggerId ?? newTriggerId(++this.seq)
    const fields = slashCommandFields({
      config: this.config,
      channel,
      user,
      command: input.command ?? "/workato",
      text: input.text ?? "",
      responseUrl,
      triggerId,
      enterprise: input.enterprise
    })
    const delivery = await this.send(url, formEncode(fields), input)
    const ackBody = delivery.status === 200 ? ackMessage(delivery) : undefined
    const ack = ackBody === undefined ? undefined : this.responseUrls.applyAck(responseUrl, ackBody)
    this.changed()
    return { ...delivery, responseUrl, triggerId, fields: Object.fromEntries(fields), ...(ack === undefined ? {} : { ack }) }
  }

  async clickButton(url: string, input: ClickButtonInput): Promise<ClickButtonResult> {
    const channel = this.workspace.channel(input.channel) ?? this.workspace.addChannel(input.channel)
    const user = this.workspace.addUser(input.userId, input.userName)
    const query: ButtonQuery = {
      ...(input.actionId === undefined ? {} : { actionId: input.actionId }),
      ...(input.value === undefined ? {} : { value: input.value }),
      ...(input.blockId === undefined ? {} : { blockId: input.blockId })
    }
    const message = this.workspace.findMessage(channel.id, input.ts)
    const ephemeral = message === undefined ? this.workspace.findEphemeral(channel.id, input.ts) : undefined
    const where = `message ${channel.id}/${input.ts}`
    if (message === undefined && ephemeral === undefined) throw new Error(`clickButton: no ${where} was posted`)
    if (message?.deleted === true || ephemeral?.deleted === true) throw new Error(`clickButton: ${where} was deleted`)
    if (ephemeral !== undefined && ephemeral.user !== user.id) {
      throw new Error(`clickButton: ephemeral ${where} is only visible to ${ephemeral.user}, not ${user.id}`)
    }
    const shown = (message ?? ephemeral)!
    const button = findButton(shown.blocks, query, where)
    const target = message !== undefined ? { kind: "message" as const, message } : { kind: "ephemeral" as const, message: ephemeral! }
    const responseUrl = this.responseUrls.issue({ issuedFor: "block_actions", channel: channel.id, user: user.id, target })
    const triggerId = newTriggerId(++this.seq)
    const payload = blockActionsPayload({
      config: this.config,
      user,
      channel,
      messageTs: shown.ts,
      threadTs: shown.thread_ts,
      message: message === undefined ? undefined : wireMessage(message, this.config),
      button,
      responseUrl,
      triggerId,
      actionTs: actionTs(this.config.now())
    })
    const delivery = await this.send(url, interactionBody(payload), input)
    this.changed()
    return { ...delivery, responseUrl, triggerId, payload }
  }
}

/** "1678252216.469172"-style action_ts from the emulator clock. */
const actionTs = (epochMillis: number): string => {
  const micros = BigInt(Math.floor(epochMillis)) * 1000n
  return `${micros / 1_000_000n}.${(micros % 1_000_000n).toString().padStart(6, "0")}`
}

/** Slack shows a non-empty ack of a slash command: JSON as a message, plain text as text. */
const ackMessage = (delivery: DeliveryResult): JsonObject | undefined => {
  if (delivery.body.trim() === "") return undefined
  if ((delivery.headers["content-type"] ?? "").includes("application/json")) {
    try {
      const parsed: unknown = JSON.parse(delivery.body)
      if (isObject(parsed)) return parsed
    } catch {
      // fall through: shown as text
    }
  }
  return { text: delivery.body }
}
