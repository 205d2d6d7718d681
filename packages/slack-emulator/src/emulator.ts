import { buttonsOf, type FoundButton } from "./buttons.js"
import { Faults, type Fault } from "./faults.js"
import {
  Interactions,
  type ClickButtonInput,
  type ClickSpec,
  type ClickButtonResult,
  type DeliveryOptions,
  type DeliveryResult,
  type SlashCommandInput,
  type SlashCommandResult,
  type SocketClickButtonInput,
  type SocketClickButtonResult,
  type SocketSlashCommandInput,
  type SocketSlashCommandResult
} from "./interactions.js"
import { clone, type Block, type Json } from "./json.js"
import { checkContent, isContentError } from "./messageContent.js"
import { resolveOptions, type ChannelInfo, type SlackEmulatorOptions, type UserInfo } from "./options.js"
import { metadataMatches, type MetadataQuery } from "./metadata.js"
import { ChannelRateLimiter, MethodRateLimiter } from "./rateLimit.js"
import type { RecordedCall, RecordedEphemeral, RecordedMessage, RecordedResponse } from "./records.js"
import { renderMessage, renderText, type RenderOptions } from "./render.js"
import { ResponseUrls } from "./responseUrls.js"
import { listen } from "./server.js"
import { SocketMode, type DisconnectReason, type SocketConnectionRecord, type SocketEnvelopeRecord } from "./socketMode.js"
import { shownInHistory, WebApi } from "./webApi.js"
import { Workspace } from "./workspace.js"

export interface SlackEmulator {
  /** Base URL, e.g. "http://127.0.0.1:PORT". The Web API is under `${url}/api/`. */
  readonly url: string
  /** `${url}/api/`: Bolt's `clientOptions.slackApiUrl` / WebClient's `slackApiUrl`. */
  readonly apiUrl: string
  readonly port: number
  readonly botToken: string
  /** App-level token for Socket Mode (apps.connections.open). */
  readonly appToken: string
  readonly signingSecret: string
  readonly teamId: string
  readonly botUserId: string
  readonly botId: string
  readonly appId: string

  /** Every Web API call, oldest first (frozen records). */
  readonly calls: ReadonlyArray<RecordedCall>
  /** Calls of one method. */
  callsTo(method: string): ReadonlyArray<RecordedCall>
  /** Channel messages (deleted ones included, flagged), oldest first. */
  messages(channel?: string): ReadonlyArray<RecordedMessage>
  message(channel: string, ts: string): RecordedMessage | undefined
  /**
   * How many messages a channel shows now: deleted messages and thread replies excluded
   * (what conversations.history would list). For "posted exactly once" assertions.
   */
  messageCount(channel: string): number
  /** Channel messages (not deleted) whose metadata matches: `event_type` and/or payload fields. */
  findByMetadata(channel: string | undefined, query: MetadataQuery): ReadonlyArray<RecordedMessage>
  ephemerals(channel?: string): ReadonlyArray<RecordedEphemeral>
  ephemeral(channel: string, ts: string): RecordedEphemeral | undefined
  /** Bodies POSTed to the response_urls handed out (all, or those of one URL). */
  responses(responseUrl?: string): ReadonlyArray<RecordedResponse>
  /** Buttons currently shown on a message or ephemeral. */
  buttons(channel: string, ts: string): ReadonlyArray<FoundButton>

  /** Signs and POSTs a slash command like Slack; a non-empty ack is shown like Slack does. */
  slashCommand(botEventsUrl: string, input: SlashCommandInput): Promise<SlashCommandResult>
  /** Clicks a button of a recorded message (current blocks): a signed block_actions payload. */
  clickButton(botEventsUrl: string, input: ClickButtonInput): Promise<ClickButtonResult>
  /** The form body of that click without sending it (sign and send it later, e.g. in a burst). */
  clickBody(input: ClickSpec): string
  /** POSTs a raw body, signed unless `signature` is given; for forged/stale signature tests. */
  send(botEventsUrl: string, rawBody: string, options?: DeliveryOptions): Promise<DeliveryResult>

  /**
   * Socket Mode: the same slash command as `slashCommand`, delivered as a `slash_commands`
   * envelope on the app's newest connection; resolves with the app's ack (a non-empty ack
   * payload is shown like Slack does). Rejects when no connection is open or no ack comes.
   */
  socketSlashCommand(input: SocketSlashCommandInput): Promise<SocketSlashCommandResult>
  /** Socket Mode: the same click as `clickButton`, as an `interactive` envelope; resolves with the ack. */
  socketClickButton(input: SocketClickButtonInput): Promise<SocketClickButtonResult>
  /** Every Socket Mode connection opened so far (closed ones included), oldest first. */
  socketConnections(): ReadonlyArray<SocketConnectionRecord>
  /** Every envelope delivered, with its ack. */
  socketEnvelopes(): ReadonlyArray<SocketEnvelopeRecord>
  /** WebSocket-pings every open connection (the app answers pongs); returns how many. */
  socketPing(): number
  /** Sends `{"type":"disconnect","reason":…}` to every open connection (or one by id); returns how many. */
  socketDisconnect(reason?: DisconnectReason, connection?: number): number
  /** Cuts every open connection without a close handshake; returns how many. */
  socketDrop(): number

  renderText(blocks: ReadonlyArray<Block> | ReadonlyArray<unknown>, options?: RenderOptions): string
  renderMessage(message: { readonly text?: string; readonly blocks?: ReadonlyArray<Block> | ReadonlyArray<unknown> }, options?: RenderOptions): string

  /** Makes the next call(s) of a method fail (platform error, 429, HTTP status, hang). */
  injectFault(fault: Fault): void
  addChannel(id: string, name?: string): ChannelInfo
  addUser(id: string, name?: string): UserInfo
  /** Whether the bot is a member of a channel (default yes): conversations.history answers not_in_channel otherwise. */
  setBotMember(channel: string, member: boolean): void
  /** A message written by a person (not the bot): chat.update on it → cant_update_message. */
  postAsUser(channel: string, input: { readonly user: string; readonly text?: string; readonly blocks?: ReadonlyArray<unknown> }): RecordedMessage
  /**
   * Resolves with the first truthy value of `check`, re-evaluated whenever the emulator
   * records something (a call, a response, a delivery). Rejects after `timeoutMs`
   * (default 5000) so a missing event fails the test instead of hanging it.
   */
  waitFor<A>(check: () => A, options?: { readonly timeoutMs?: number; readonly description?: string }): Promise<Exclude<A, undefined | null | false | 0 | "">>
  /** Calls `listener` after every recorded call, response_url POST or delivery; returns an unsubscribe. */
  onChange(listener: () => void): () => void
  /** Forgets messages, ephemerals, responses, calls, Socket Mode envelopes, faults and rate-limit state. */
  reset(): void
  close(): Promise<void>
}

export interface StartOptions extends SlackEmulatorOptions {
  /**
   * Clock for X-Slack-Request-Timestamp of requests sent to the bot. Default Date.now, NOT
   * `now`: Bolt checks the timestamp against the real clock, so a virtual `now` would make
   * every request stale. Stale-request tests pass `timestamp` per call (or this clock).
   */
  readonly signingClock?: () => number
}

const deepFreeze = <A>(value: A): A => {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value)) deepFreeze(child)
  }
  return value
}

export const startSlackEmulator = async (options: StartOptions = {}): Promise<SlackEmulator> => {
  const config = resolveOptions(options)
  const workspace = new Workspace(config)
  const limiter = config.rateLimit === false ? undefined : new ChannelRateLimiter(config.rateLimit, config.now)
  const methodLimiter = config.methodRateLimits === false ? undefined : new MethodRateLimiter(config.methodRateLimits, config.now)
  const faults = new Faults()
  const calls: Array<RecordedCall> = []
  const listeners = new Set<() => void>()
  const changed = (): void => {
    for (const listener of [...listeners]) listener()
  }
  let baseUrl = ""
  const responseUrls = new ResponseUrls(config, workspace, () => baseUrl)
  const socketMode = new SocketMode(config, () => baseUrl.replace(/^http/, "ws"), changed, config.socketMode)
  const webApi = new WebApi(config, workspace, limiter, methodLimiter, () => socketMode.openUrl())
  const interactions = new Interactions(config, workspace, responseUrls, socketMode, options.signingClock ?? Date.now, changed)

  const { server, port } = await listen(config.host, config.port, {
    webApi,
    responseUrls,
    socketMode,
    faults,
    now: config.now,
    // Calls never change once recorded: frozen, they can be handed out without copying.
    recordCall: (call) => calls.push(deepFreeze(call)),
    changed,
    state: () =>
      clone({
        calls,
        messages: workspace.allMessages(),
        ephemerals: workspace.allEphemerals(),
        responses: responseUrls.responses(),
        socketConnections: socketMode.connectionRecords(),
        socketEnvelopes: socketMode.envelopeRecords()
      }) as never
  })
  const hostForUrl = config.host.includes(":") ? `[${config.host}]` : config.host
  baseUrl = `http://${hostForUrl}:${port}`

  const find = (channel: string, ts: string) => workspace.findMessage(channel, ts) ?? workspace.findEphemeral(channel, ts)

  return {
    url: baseUrl,
    apiUrl: `${baseUrl}/api/`,
    port,
    botToken: config.botToken,
    appToken: config.appToken,
    signingSecret: config.signingSecret,
    teamId: config.teamId,
    botUserId: config.botUserId,
    botId: config.botId,
    appId: config.appId,
    get calls() {
      return [...calls]
    },
    callsTo: (method) => calls.filter((c) => c.method === method),
    messages: (channel) => clone(workspace.allMessages(channel)),
    message: (channel, ts) => clone(workspace.findMessage(channel, ts)),
    messageCount: (channel) => workspace.allMessages(channel).filter(shownInHistory).length,
    findByMetadata: (channel, query) =>
      clone(workspace.allMessages(channel).filter((m) => !m.deleted && metadataMatches(m.metadata, query))),
    ephemerals: (channel) => clone(workspace.allEphemerals(channel)),
    ephemeral: (channel, ts) => clone(workspace.findEphemeral(channel, ts)),
    responses: (responseUrl) => clone(responseUrls.responses(responseUrl)),
    buttons: (channel, ts) => clone(buttonsOf(find(channel, ts)?.blocks ?? [])),
    slashCommand: (url, input) => interactions.slashCommand(url, input),
    clickButton: (url, input) => interactions.clickButton(url, input),
    clickBody: (input) => interactions.clickBody(input),
    send: (url, rawBody, sendOptions) => interactions.send(url, rawBody, sendOptions),
    socketSlashCommand: (input) => interactions.socketSlashCommand(input),
    socketClickButton: (input) => interactions.socketClickButton(input),
    socketConnections: () => clone(socketMode.connectionRecords()),
    socketEnvelopes: () => clone(socketMode.envelopeRecords()),
    socketPing: () => socketMode.ping(),
    socketDisconnect: (reason, connection) => socketMode.disconnect(reason, connection),
    socketDrop: () => socketMode.drop(),
    renderText: (blocks, renderOptions) => renderText(blocks, renderOptions),
    renderMessage: (message, renderOptions) => renderMessage(message, renderOptions),
    injectFault: (fault) => faults.inject(fault),
    addChannel: (id, name) => workspace.addChannel(id, name),
    addUser: (id, name) => workspace.addUser(id, name),
    setBotMember: (channel, member) => workspace.setBotMember(channel, member),
    postAsUser: (channel, input) => {
      const info = workspace.channel(channel) ?? workspace.addChannel(channel)
      workspace.addUser(input.user)
      const content = checkContent({ text: input.text, blocks: input.blocks as Json | undefined }, { longText: "reject", cumulativeBlockText: false })
      if (isContentError(content)) throw new Error(`postAsUser: ${content.error} ${(content.errors ?? []).join("; ")}`)
      const message = workspace.postMessage({ channel: info.id, content, user: input.user, bot: false, via: "seed" })
      changed()
      return clone(message)
    },
    waitFor: <A>(check: () => A, waitOptions: { readonly timeoutMs?: number; readonly description?: string } = {}) =>
      new Promise<Exclude<A, undefined | null | false | 0 | "">>((resolve, reject) => {
        const attempt = (): boolean => {
          const value = check()
          if (!value) return false
          resolve(value as Exclude<A, undefined | null | false | 0 | "">)
          return true
        }
        try {
          if (attempt()) return
        } catch (error) {
          return reject(error)
        }
        const timeoutMs = waitOptions.timeoutMs ?? 5000
        const timer = setTimeout(() => {
          listeners.delete(listener)
          reject(new Error(`slack-emulator waitFor: ${waitOptions.description ?? "condition"} not met within ${timeoutMs} ms`))
        }, timeoutMs)
        const listener = (): void => {
          try {
            if (!attempt()) return
          } catch (error) {
            reject(error)
          }
          clearTimeout(timer)
          listeners.delete(listener)
        }
        listeners.add(listener)
      }),
    onChange: (listener) => {
      const wrapped = (): void => listener()
      listeners.add(wrapped)
      return () => listeners.delete(wrapped)
    },
    reset: () => {
      calls.length = 0
      workspace.clear()
      responseUrls.clear()
      faults.clear()
      socketMode.clear()
      limiter?.reset()
      methodLimiter?.reset()
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        // WebSockets are no longer the HTTP server's connections: cut them first.
        socketMode.close()
        server.close((error) => (error ? reject(error) : resolve()))
        // Hung requests (injected faults) and keep-alive sockets must not hold the close.
        server.closeAllConnections()
      })
  }
}
