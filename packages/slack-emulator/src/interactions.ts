import { findButton, type ButtonQuery } from "./buttons.js"
import { triggerId as newTriggerId } from "./ids.js"
import { isObject, type JsonObject } from "./json.js"
import type { EmulatorConfig } from "./options.js"
import { blockActionsPayload, formEncode, interactionBody, slashCommandFields } from "./payloads.js"
import type { RecordedResponse } from "./records.js"
import type { ResponseUrls } from "./responseUrls.js"
import { signSlackRequest } from "./signing.js"
import type { EnvelopeType, SocketMode } from "./socketMode.js"
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

/** Who typed which command where: the same for both transports. */
export interface SlashCommandSpec {
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

export interface SlashCommandInput extends SlashCommandSpec, DeliveryOptions {}

export interface SlashCommandResult extends DeliveryResult {
  readonly responseUrl: string
  readonly triggerId: string
  readonly fields: Readonly<Record<string, string>>
  /** When the bot's HTTP answer carried a message, what Slack made of it. */
  readonly ack?: RecordedResponse
}

/** Which button of which message, clicked by whom: the same for both transports. */
export interface ClickSpec extends ButtonQuery {
  readonly channel: string
  /** ts of the channel message (or ephemeral message_ts) that carries the button. */
  readonly ts: string
  readonly userId: string
  readonly userName?: string
}

export interface ClickButtonInput extends ClickSpec, DeliveryOptions {}

export interface ClickButtonResult extends DeliveryResult {
  readonly responseUrl: string
  readonly triggerId: string
  readonly payload: JsonObject
}

/** Socket Mode delivery: how long to wait for the app's ack. */
export interface SocketDeliveryOptions {
  /** Default 10,000 ms; the promise rejects after it (Slack itself gives up after 3 s). */
  readonly timeoutMs?: number
}

/** An envelope delivered over the app's WebSocket and the app's acknowledgement. */
export interface SocketDeliveryResult {
  readonly envelopeId: string
  readonly type: EnvelopeType
  /** Id of the connection it went to (see `socketConnections()`). */
  readonly connection: number
  /** The message sent: `{ payload, envelope_id, type, accepts_response_payload }`. */
  readonly envelope: JsonObject
  /** The app's `{"envelope_id": …, "payload"?: …}`: its payload ({} for an empty ack) and the raw frame. */
  readonly ackPayload: JsonObject | undefined
  readonly ackFrame: string
}

export interface SocketSlashCommandInput extends SlashCommandSpec, SocketDeliveryOptions {}

export interface SocketSlashCommandResult extends SocketDeliveryResult {
  readonly responseUrl: string
  readonly triggerId: string
  /** The envelope's payload: the HTTP form fields as a JSON object (all strings). */
  readonly fields: Readonly<Record<string, string>>
  /** When the ack carried a message, what Slack made of it. */
  readonly ack?: RecordedResponse
}

export interface SocketClickButtonInput extends ClickSpec, SocketDeliveryOptions {}

export interface SocketClickButtonResult extends SocketDeliveryResult {
  readonly responseUrl: string
  readonly triggerId: string
  readonly payload: JsonObject
}

/**
 * Sends what Slack sends to an app: slash commands and block_actions clicks built from the
 * emulator's own records, either signed to its Request URL (HTTP) or as envelopes over its
 * Socket Mode connection, plus raw bodies for signature tests. Both transports carry the
 * same payload, built once.
 */
export class Interactions {
  private seq = 0

  constructor(
    private readonly config: EmulatorConfig,
    private readonly workspace: Workspace,
    private readonly responseUrls: ResponseUrls,
    private readonly socketMode: SocketMode,
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
    const command = this.slashCommandPayload(input)
    const delivery = await this.send(url, formEncode(command.fields), input)
    const ackBody = delivery.status === 200 ? ackMessage(delivery) : undefined
    const ack = ackBody === undefined ? undefined : this.responseUrls.applyAck(command.responseUrl, ackBody)
    this.changed()
    return { ...delivery, ...command.result, ...(ack === undefined ? {} : { ack }) }
  }

  async socketSlashCommand(input: SocketSlashCommandInput): Promise<SocketSlashCommandResult> {
    const command = this.slashCommandPayload(input)
    const delivered = await this.deliver("slash_commands", command.result.fields, input)
    // Over the socket the ack's payload is the answer: {} is an empty ack, anything else a message.
    const payload = delivered.ackPayload
    const ack = payload === undefined || Object.keys(payload).length === 0 ? undefined : this.responseUrls.applyAck(command.responseUrl, payload)
    this.changed()
    return { ...delivered, ...command.result, ...(ack === undefined ? {} : { ack }) }
  }

  /** The exact form body `clickButton` would send (unsigned; `send` signs it), for load generators. */
  clickBody(input: ClickSpec): string {
    return interactionBody(this.clickPayload(input).payload)
  }

  async clickButton(url: string, input: ClickButtonInput): Promise<ClickButtonResult> {
    const click = this.clickPayload(input)
    const delivery = await this.send(url, interactionBody(click.payload), input)
    this.changed()
    return { ...delivery, ...click }
  }

  /** Slack ignores an ack's payload for block_actions, over HTTP and over the socket alike. */
  async socketClickButton(input: SocketClickButtonInput): Promise<SocketClickButtonResult> {
    const click = this.clickPayload(input)
    const delivered = await this.deliver("interactive", click.payload, input)
    this.changed()
    return { ...delivered, ...click }
  }

  private async deliver(type: EnvelopeType, payload: JsonObject, options: SocketDeliveryOptions): Promise<SocketDeliveryResult> {
    const { record, ack } = await this.socketMode.deliver(type, payload, options.timeoutMs)
    return {
      envelopeId: record.envelopeId,
      type,
      connection: record.connection,
      envelope: record.envelope,
      ackPayload: ack.payload,
      ackFrame: ack.frame
    }
  }

  /** A slash command as typed: its fields (in Slack's order) and a fresh response_url. */
  private slashCommandPayload(input: SlashCommandSpec) {
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
    return { fields, responseUrl, result: { responseUrl, triggerId, fields: Object.fromEntries(fields) } }
  }

  /** A click on a button of a recorded message: the block_actions payload and a fresh response_url. */
  private clickPayload(input: ClickSpec): { readonly responseUrl: string; readonly triggerId: string; readonly payload: JsonObject } {
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
    return { responseUrl, triggerId, payload }
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
