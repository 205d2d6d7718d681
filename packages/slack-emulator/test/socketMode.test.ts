import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { WebSocket } from "ws"
import { startSlackEmulator, type SlackEmulator } from "../src/index.js"
import { startRecorder } from "./recorder.js"
import { clientFor, loadBolt, loadSocketMode, platformError, silent } from "./webClient.js"

// Socket Mode end to end against the real @slack/socket-mode 3 client (undici WebSocket):
// apps.connections.open, hello, envelopes and acks, pings both ways, disconnect and reconnect.

interface SocketEvent {
  readonly ack: (response?: Record<string, unknown>) => Promise<void>
  readonly envelope_id: string
  readonly body: Record<string, unknown>
  readonly accepts_response_payload?: boolean
}
interface SocketModeClient {
  start(): Promise<unknown>
  disconnect(): Promise<void>
  on(event: string, listener: (event: SocketEvent) => void): void
  once(event: "connected", listener: () => void): void
}
const { SocketModeClient } = loadSocketMode() as {
  SocketModeClient: new (options: Record<string, unknown>) => SocketModeClient
}

let slack: SlackEmulator
let clients: Array<SocketModeClient>

beforeEach(async () => {
  slack = await startSlackEmulator({ rateLimit: false, now: () => 1_700_000_000_000 })
  clients = []
})
afterEach(async () => {
  for (const client of clients) await client.disconnect()
  await slack.close()
})

/** A real SocketModeClient against the emulator; `clientPingTimeout` also sets its reconnect delay. */
const connect = async (options: Record<string, unknown> = {}) => {
  const client = new SocketModeClient({
    appToken: slack.appToken,
    logger: silent,
    clientPingTimeout: 1_000,
    clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 }, timeout: 5_000 },
    ...options
  })
  clients.push(client)
  await client.start()
  return client
}

/** A bare WebSocket (the `ws` client) on a fresh apps.connections.open URL, with its messages. */
const rawConnect = async (url?: string) => {
  const target = url ?? String((await clientFor(slack.apiUrl, slack.appToken).apiCall("apps.connections.open")).url)
  const ws = new WebSocket(target)
  const messages: Array<Record<string, unknown>> = []
  ws.on("message", (data) => messages.push(JSON.parse(String(data)) as Record<string, unknown>))
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve())
    ws.once("error", reject)
  })
  return { ws, messages }
}

const post = async (text: string) => {
  const res = await clientFor(slack.apiUrl, slack.botToken).chat.postMessage({
    channel: "C0ALERTS",
    text,
    blocks: [
      {
        type: "section",
        block_id: "job:j-1",
        text: { type: "mrkdwn", text: `*${text}*` },
        accessory: { type: "button", action_id: "repeat_job", text: { type: "plain_text", text: "Repeat" }, value: "101:j-1" }
      }
    ]
  })
  return String(res["ts"])
}

describe("apps.connections.open", () => {
  it("answers a one-time ws:// URL for the app-level token sent as Bearer", async () => {
    const res = await clientFor(slack.apiUrl, slack.appToken).apiCall("apps.connections.open")
    expect(res.ok).toBe(true)
    expect(res["url"]).toMatch(new RegExp(`^ws://127\\.0\\.0\\.1:${slack.port}/link/\\?ticket=[0-9a-f]{32}&app_id=${slack.appId}$`))
    expect(slack.callsTo("apps.connections.open")).toMatchObject([{ ok: true, bearer: true }])
  })

  it("refuses other tokens like Slack: bot token, app token as a form field, none, unknown", async () => {
    const open = (token: string | undefined) => platformError(clientFor(slack.apiUrl, token).apiCall("apps.connections.open"))
    expect((await open(slack.botToken)).data["error"]).toBe("not_allowed_token_type")
    expect((await open("xapp-wrong")).data["error"]).toBe("invalid_auth")
    expect((await open(undefined)).data["error"]).toBe("not_authed")
    const form = await fetch(`${slack.apiUrl}apps.connections.open`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: `token=${slack.appToken}`
    })
    expect(await form.json()).toEqual({ ok: false, error: "invalid_auth" })
  })

  it("an app-level token cannot call bot methods (not_allowed_token_type)", async () => {
    const app = clientFor(slack.apiUrl, slack.appToken)
    expect((await platformError(app.chat.postMessage({ channel: "C0OPS", text: "hi" }))).data["error"]).toBe("not_allowed_token_type")
    expect((await platformError(app.auth.test())).data["error"]).toBe("not_allowed_token_type")
  })
})

describe("the WebSocket", () => {
  it("greets with hello, then refuses a reused ticket and unknown paths", async () => {
    const url = String((await clientFor(slack.apiUrl, slack.appToken).apiCall("apps.connections.open")).url)
    const { ws, messages } = await rawConnect(url)
    await slack.waitFor(() => messages.length > 0)
    expect(messages[0]).toEqual({
      type: "hello",
      num_connections: 1,
      debug_info: { host: "applink-emulator", build_number: 1, approximate_connection_time: 18060 },
      connection_info: { app_id: slack.appId }
    })
    const refused = (target: string) =>
      new Promise<number>((resolve, reject) => {
        const again = new WebSocket(target)
        again.on("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0))
        again.on("open", () => reject(new Error("connected")))
        again.on("error", () => undefined)
      })
    expect(await refused(url)).toBe(401)
    expect(await refused(`ws://127.0.0.1:${slack.port}/elsewhere`)).toBe(404)
    ws.close()
    await slack.waitFor(() => slack.socketConnections()[0]?.closedAt !== undefined)
    expect(slack.socketConnections()[0]).toMatchObject({ id: 1, closeCode: 1005 })
  })

  it("num_connections counts open links; past maxConnections the link is told too_many_websockets", async () => {
    await slack.close()
    slack = await startSlackEmulator({ socketMode: { maxConnections: 2 } })
    const first = await rawConnect()
    const second = await rawConnect()
    await slack.waitFor(() => second.messages.length > 0)
    expect(second.messages[0]).toMatchObject({ type: "hello", num_connections: 2 })
    const third = await rawConnect()
    await slack.waitFor(() => third.messages.length > 0 && slack.socketConnections()[2]?.closedAt !== undefined)
    expect(third.messages).toEqual([{ type: "disconnect", reason: "too_many_websockets", debug_info: { host: "applink-emulator" } }])
    first.ws.close()
    second.ws.close()
  })

  it("an envelope nobody acknowledges rejects after the bounded wait, and is recorded as failed", async () => {
    const { ws } = await rawConnect()
    await expect(slack.socketSlashCommand({ text: "help", userId: "U0ALICE", channelId: "C0OPS", timeoutMs: 200 })).rejects.toThrow(/did not acknowledge/)
    expect(slack.socketEnvelopes()).toMatchObject([{ type: "slash_commands", failed: "no ack within 200 ms" }])
    ws.close()
  })

  it("with no connection open, a socket delivery fails at once", async () => {
    await expect(slack.socketClickButton({ channel: "C0ALERTS", ts: await post("x"), userId: "U0BOB" })).rejects.toThrow(/no Socket Mode connection/)
  })
})

describe("a real @slack/socket-mode client", () => {
  it("connects, receives a slash_commands envelope, acks, and the ack is recorded", async () => {
    const client = await connect()
    const received: Array<SocketEvent> = []
    client.on("slash_commands", (event) => {
      received.push(event)
      void event.ack()
    })
    const result = await slack.socketSlashCommand({ text: "failures 101", userId: "U0ALICE", channelId: "C0OPS" })
    expect(received).toHaveLength(1)
    expect(received[0]!.accepts_response_payload).toBe(true)
    expect(received[0]!.envelope_id).toBe(result.envelopeId)
    // The payload is the HTTP form as a JSON object: same fields, same order, all strings.
    expect(received[0]!.body).toEqual(result.fields)
    expect(Object.keys(result.fields)).toEqual([
      "token", "team_id", "team_domain", "channel_id", "channel_name", "user_id", "user_name",
      "command", "text", "api_app_id", "is_enterprise_install", "response_url", "trigger_id"
    ])
    expect(result.fields).toMatchObject({ command: "/workato", text: "failures 101", user_id: "U0ALICE", channel_id: "C0OPS", is_enterprise_install: "false" })
    expect(result.ackPayload).toEqual({}) // the SDK's empty ack: {"envelope_id":…,"payload":{}}
    expect(JSON.parse(result.ackFrame)).toEqual({ envelope_id: result.envelopeId, payload: {} })
    expect(result.ack).toBeUndefined()
    expect(slack.socketEnvelopes()).toMatchObject([{ envelopeId: result.envelopeId, type: "slash_commands", connection: 1, ack: { payload: {} } }])
    expect(slack.socketEnvelopes()[0]!.envelope).toEqual({ payload: result.fields, envelope_id: result.envelopeId, type: "slash_commands", accepts_response_payload: true })
    // The response_url in the payload works like over HTTP.
    await fetch(result.responseUrl, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ text: "later" }) })
    expect(slack.ephemerals("C0OPS").at(-1)).toMatchObject({ user: "U0ALICE", text: "later", via: "response_url" })
  })

  it("an ack with a payload is shown to the user like an HTTP ack body", async () => {
    const client = await connect()
    client.on("slash_commands", (event) => void event.ack({ response_type: "ephemeral", text: "usage: /workato help" }))
    const result = await slack.socketSlashCommand({ text: "bad", userId: "U0BOB", channelId: "C0OPS" })
    expect(result.ackPayload).toEqual({ response_type: "ephemeral", text: "usage: /workato help" })
    expect(result.ack).toMatchObject({ outcome: "posted_ephemeral" })
    expect(slack.ephemerals("C0OPS").at(-1)).toMatchObject({ user: "U0BOB", text: "usage: /workato help", via: "ack" })
  })

  it("a click arrives as an interactive envelope with the same block_actions payload as over HTTP", async () => {
    const client = await connect()
    const bodies: Array<Record<string, unknown>> = []
    client.on("interactive", (event) => {
      bodies.push(event.body)
      void event.ack()
    })
    const ts = await post("Sync failed")
    const click = await slack.socketClickButton({ channel: "C0ALERTS", ts, actionId: "repeat_job", userId: "U0BOB" })
    expect(bodies).toEqual([click.payload])
    expect(click.payload).toMatchObject({
      type: "block_actions",
      user: { id: "U0BOB" },
      container: { type: "message", message_ts: ts, channel_id: "C0ALERTS", is_ephemeral: false },
      actions: [{ action_id: "repeat_job", block_id: "job:j-1", value: "101:j-1", type: "button" }]
    })
    expect(click.type).toBe("interactive")

    // The HTTP path sends the same payload shape (ids and URLs differ per delivery).
    const recorder = await startRecorder()
    const viaHttp = await slack.clickButton(recorder.url, { channel: "C0ALERTS", ts, actionId: "repeat_job", userId: "U0BOB" })
    await recorder.close()
    const shape = (p: Record<string, unknown>) => ({ ...p, trigger_id: "", response_url: "" })
    expect(shape(viaHttp.payload)).toEqual(shape(click.payload))
  })

  it("answers the app's pings with pongs, and the app answers the emulator's pings", async () => {
    await connect()
    // The client pings every clientPingTimeout / 3 and disconnects if no pong comes back.
    await slack.waitFor(() => (slack.socketConnections()[0]?.pingsReceived ?? 0) >= 2)
    expect(slack.socketPing()).toBe(1)
    const [connection] = await slack.waitFor(() => (slack.socketConnections()[0]?.pongsReceived ?? 0) >= 1 && slack.socketConnections())
    expect(connection).toMatchObject({ pingsSent: 1, pongsReceived: 1 })
    expect(connection!.closedAt).toBeUndefined()
  })

  it("with pingIntervalMs the emulator keeps pinging, like Slack, and the client keeps answering", async () => {
    await slack.close()
    slack = await startSlackEmulator({ socketMode: { pingIntervalMs: 50 } })
    await connect()
    const [connection] = await slack.waitFor(() => (slack.socketConnections()[0]?.pongsReceived ?? 0) >= 3 && slack.socketConnections())
    expect(connection!.pingsSent).toBeGreaterThanOrEqual(3)
  })

  it("on a disconnect message the client closes and reconnects with a new apps.connections.open", async () => {
    const client = await connect()
    client.on("slash_commands", (event) => void event.ack())
    expect(slack.socketDisconnect("refresh_requested")).toBe(1)
    const connections = await slack.waitFor(() => slack.socketConnections().length === 2 && slack.socketConnections())
    expect(connections[0]).toMatchObject({ closeCode: 1000, disconnects: ["refresh_requested"] })
    expect(slack.callsTo("apps.connections.open")).toHaveLength(2)
    // Deliveries go to the new link.
    await slack.waitFor(() => slack.socketConnections()[1] !== undefined)
    const result = await slack.socketSlashCommand({ text: "help", userId: "U0ALICE", channelId: "C0OPS" })
    expect(result.connection).toBe(2)
  })

  it("after a cut link (no close handshake) the client reconnects too", async () => {
    const client = await connect()
    // Disconnecting while the client is still reconnecting makes @slack/socket-mode 3.1 reject
    // an un-awaited promise: wait until it says it is connected again.
    const reconnected = new Promise<void>((resolve) => client.once("connected", resolve))
    expect(slack.socketDrop()).toBe(1)
    await reconnected
    const connections = slack.socketConnections()
    expect(connections).toHaveLength(2)
    expect(connections[0]!.closeCode).toBe(1006)
    expect(connections[1]!.closedAt).toBeUndefined()
  })
})

interface BoltArgs {
  ack: (response?: unknown) => Promise<void>
  respond: (message: unknown) => Promise<unknown>
  command: { text: string }
  body: { channel: { id: string }; message: { ts: string }; actions: Array<{ value: string }> }
  client: { chat: { update(args: Record<string, unknown>): Promise<unknown> } }
}
interface BoltApp {
  command(name: string, listener: (args: BoltArgs) => Promise<void>): void
  action(id: string, listener: (args: BoltArgs) => Promise<void>): void
  start(): Promise<unknown>
  stop(): Promise<unknown>
}

describe("a real Bolt App in Socket Mode (SocketModeReceiver)", () => {
  it("connects with appToken; commands and clicks arrive over the socket, answers go through the Web API", async () => {
    const { App } = loadBolt() as { App: new (options: Record<string, unknown>) => BoltApp }
    const app = new App({
      token: slack.botToken,
      appToken: slack.appToken,
      socketMode: true,
      botId: slack.botId,
      botUserId: slack.botUserId,
      logger: silent,
      clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 }, timeout: 5_000 }
    })
    app.command("/workato", async ({ ack, respond, command }) => {
      if (command.text === "help") return ack({ text: "usage" })
      await ack()
      await respond({ text: `you said ${command.text}` })
    })
    app.action("repeat_job", async ({ ack, body, client }) => {
      await ack()
      await client.chat.update({ channel: body.channel.id, ts: body.message.ts, text: `repeated ${body.actions[0]!.value}`, blocks: [] })
    })
    await app.start()
    try {
      const help = await slack.socketSlashCommand({ text: "help", userId: "U0ALICE", channelId: "C0OPS" })
      expect(help.ackPayload).toEqual({ text: "usage" })
      expect(help.ack).toMatchObject({ outcome: "posted_ephemeral" })
      await slack.socketSlashCommand({ text: "failures 1", userId: "U0ALICE", channelId: "C0OPS" })
      await slack.waitFor(() => slack.ephemerals("C0OPS").some((e) => e.text === "you said failures 1"))
      const ts = await post("Sync failed")
      await slack.socketClickButton({ channel: "C0ALERTS", ts, actionId: "repeat_job", userId: "U0BOB" })
      const updated = await slack.waitFor(() => slack.message("C0ALERTS", ts)?.text === "repeated 101:j-1" && slack.message("C0ALERTS", ts))
      expect(updated.updates.map((u) => u.via)).toEqual(["chat.update"])
    } finally {
      await app.stop()
    }
    await slack.waitFor(() => slack.socketConnections()[0]?.closedAt !== undefined)
  })
})
