import type { Server } from "node:http"
import type { AddressInfo } from "node:net"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startSlackEmulator, type SlackEmulator } from "../src/index.js"
import { loadBolt, silent } from "./webClient.js"

// End to end against a real @slack/bolt 5 App (HTTPReceiver): proves that Bolt accepts the
// emulator's signatures and payloads and that Bolt's WebClient/respond() work against it.

interface ListenerArgs {
  ack: (response?: unknown) => Promise<void>
  respond: (message: unknown) => Promise<unknown>
  command: { text: string; user_id: string; channel_id: string }
  body: { user: { id: string }; channel: { id: string }; message: { ts: string }; actions: Array<{ value: string }> }
  client: { chat: { update(args: Record<string, unknown>): Promise<unknown> } }
}
interface BoltApp {
  command(name: string, listener: (args: ListenerArgs) => Promise<void>): void
  action(id: string, listener: (args: ListenerArgs) => Promise<void>): void
  start(options: { port: number; host: string }): Promise<Server>
  stop(): Promise<unknown>
  readonly client: { chat: { postMessage(args: Record<string, unknown>): Promise<{ ts?: string }> } }
}
const { App } = loadBolt() as { App: new (options: Record<string, unknown>) => BoltApp }

let slack: SlackEmulator
let app: BoltApp
let events: string

beforeAll(async () => {
  slack = await startSlackEmulator({ rateLimit: false })
  app = new App({
    token: slack.botToken,
    signingSecret: slack.signingSecret,
    logger: silent,
    // Holding the HTTP answer until listeners finish makes "POST returned" mean "handled".
    processBeforeResponse: true,
    clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 }, timeout: 5000 }
  })
  app.command("/workato", async ({ ack, respond, command }) => {
    if (command.text === "bad") return ack(`Unknown subcommand: ${command.text}`)
    await ack()
    await respond({ response_type: "ephemeral", text: `you said ${command.text}` })
  })
  app.action("repeat_job", async ({ ack, body, client }) => {
    await ack()
    await client.chat.update({
      channel: body.channel.id,
      ts: body.message.ts,
      text: "repeated",
      blocks: [{ type: "section", text: { type: "mrkdwn", text: `repeated ${body.actions[0]!.value} by <@${body.user.id}>` } }]
    })
  })
  const server = await app.start({ port: 0, host: "127.0.0.1" })
  events = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`
})
afterAll(async () => {
  await app.stop()
  await slack.close()
})

describe("a real Bolt App against the emulator", () => {
  it("looks itself up with auth.test (Bearer header and token field)", async () => {
    const [call] = await slack.waitFor(() => slack.callsTo("auth.test").length > 0 && slack.callsTo("auth.test"))
    expect(call).toMatchObject({ ok: true, bearer: true })
  })

  it("slash command → ack → respond() lands as an ephemeral", async () => {
    const result = await slack.slashCommand(events, { text: "failures 101", userId: "U0ALICE", channelId: "C0OPS" })
    expect(result.status).toBe(200)
    expect(slack.responses(result.responseUrl)).toMatchObject([{ outcome: "posted_ephemeral", body: { text: "you said failures 101" } }])
    expect(slack.ephemerals("C0OPS").at(-1)).toMatchObject({ user: "U0ALICE", text: "you said failures 101" })
  })

  it("ack(text) is shown to the user like Slack does", async () => {
    const result = await slack.slashCommand(events, { text: "bad", userId: "U0BOB", channelId: "C0OPS" })
    expect(result.ack).toMatchObject({ outcome: "posted_ephemeral" })
    expect(slack.ephemerals("C0OPS").at(-1)).toMatchObject({ user: "U0BOB", text: "Unknown subcommand: bad", via: "ack" })
  })

  it("a click on a posted button reaches app.action and chat.update changes the message", async () => {
    const { ts } = await app.client.chat.postMessage({
      channel: "C0ALERTS",
      text: "1 failed job",
      blocks: [
        { type: "section", text: { type: "mrkdwn", text: "*Sync* failed" }, accessory: { type: "button", action_id: "repeat_job", text: { type: "plain_text", text: "Repeat" }, value: "101:j-1" } }
      ]
    })
    const click = await slack.clickButton(events, { channel: "C0ALERTS", ts: ts!, actionId: "repeat_job", userId: "U0BOB" })
    expect(click.status).toBe(200)
    const message = slack.message("C0ALERTS", ts!)!
    expect(message.text).toBe("repeated")
    expect(slack.renderMessage(message)).toBe("repeated 101:j-1 by @U0BOB")
    expect(message.updates).toHaveLength(1)
  })

  it("Bolt rejects forged and stale signatures with 401", async () => {
    const body = new URLSearchParams({ command: "/workato", text: "help" }).toString()
    expect((await slack.send(events, body, { signature: "v0=0000" })).status).toBe(401)
    expect((await slack.send(events, body, { timestamp: Math.floor(Date.now() / 1000) - 301 })).status).toBe(401)
  })
})
