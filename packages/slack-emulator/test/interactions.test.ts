import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { isValidSlackSignature, startSlackEmulator, type SlackEmulator } from "../src/index.js"
import { startRecorder, type Received } from "./recorder.js"
import { clientFor, type WebClient } from "./webClient.js"

let slack: SlackEmulator
let client: WebClient
let bot: Awaited<ReturnType<typeof startRecorder>>

beforeEach(async () => {
  slack = await startSlackEmulator({ rateLimit: false, now: () => 1_700_000_000_000 })
  client = clientFor(slack.apiUrl, slack.botToken)
  bot = await startRecorder()
})
afterEach(async () => {
  await bot.close()
  await slack.close()
})

const digestBlocks = [
  { type: "header", text: { type: "plain_text", text: "2 failed jobs" } },
  {
    type: "section",
    block_id: "job:j-1",
    text: { type: "mrkdwn", text: "*Sync orders* — timeout" },
    accessory: { type: "button", action_id: "repeat_job", text: { type: "plain_text", text: "Repeat" }, value: "101:j-1" }
  },
  {
    type: "actions",
    block_id: "all",
    elements: [
      {
        type: "button",
        action_id: "repeat_all",
        style: "danger",
        text: { type: "plain_text", text: "Repeat all 2" },
        value: "101:all",
        confirm: {
          title: { type: "plain_text", text: "Repeat 2 jobs?" },
          text: { type: "mrkdwn", text: "This re-runs them." },
          confirm: { type: "plain_text", text: "Repeat" },
          deny: { type: "plain_text", text: "Cancel" }
        }
      },
      { type: "button", action_id: "open", text: { type: "plain_text", text: "Open" }, url: "https://example.com" }
    ]
  }
]

const signatureOk = (r: Received): boolean =>
  isValidSlackSignature(slack.signingSecret, String(r.headers["x-slack-request-timestamp"]), r.body, String(r.headers["x-slack-signature"]))

const payloadOf = (r: Received): Record<string, unknown> => {
  const form = new URLSearchParams(r.body)
  expect([...form.keys()]).toEqual(["payload"])
  return JSON.parse(form.get("payload")!) as Record<string, unknown>
}

describe("slashCommand", () => {
  it("POSTs a signed form with every slash-command field, in Slack's order", async () => {
    const result = await slack.slashCommand(bot.url, { text: "failures 101 5", userId: "U0ALICE", channelId: "C0OPS" })
    expect(result.status).toBe(200)
    const [req] = bot.received
    expect(req!.headers["content-type"]).toBe("application/x-www-form-urlencoded")
    expect(signatureOk(req!)).toBe(true)
    expect(Math.abs(Number(req!.headers["x-slack-request-timestamp"]) - Date.now() / 1000)).toBeLessThan(300)
    const form = new URLSearchParams(req!.body)
    expect([...form.keys()]).toEqual([
      "token", "team_id", "team_domain", "channel_id", "channel_name", "user_id", "user_name",
      "command", "text", "api_app_id", "is_enterprise_install", "response_url", "trigger_id"
    ])
    expect(Object.fromEntries(form)).toMatchObject({
      team_id: slack.teamId,
      channel_id: "C0OPS",
      channel_name: "ops",
      user_id: "U0ALICE",
      user_name: "alice",
      command: "/workato",
      text: "failures 101 5",
      api_app_id: slack.appId,
      is_enterprise_install: "false",
      response_url: result.responseUrl
    })
    expect(req!.body).toContain("text=failures+101+5")
    expect(result.responseUrl.startsWith(`${slack.url}/response/`)).toBe(true)
  })

  it("shows a non-empty ack like Slack (plain text → ephemeral to the user)", async () => {
    await bot.close()
    bot = await startRecorder(() => ({ body: "Usage: /workato help" }))
    const result = await slack.slashCommand(bot.url, { text: "bogus", userId: "U0BOB", channelId: "C0OPS" })
    expect(result.ack).toMatchObject({ outcome: "posted_ephemeral" })
    expect(slack.ephemerals("C0OPS")).toMatchObject([{ user: "U0BOB", text: "Usage: /workato help", via: "ack" }])
  })

  it("a JSON ack with response_type in_channel is posted in the channel", async () => {
    await bot.close()
    bot = await startRecorder(() => ({ body: JSON.stringify({ response_type: "in_channel", text: "on it" }), contentType: "application/json" }))
    const result = await slack.slashCommand(bot.url, { text: "digest", userId: "U0BOB", channelId: "C0OPS" })
    expect(result.ack).toMatchObject({ outcome: "posted_in_channel", status: 200 })
    expect(slack.messages("C0OPS")).toMatchObject([{ text: "on it", via: "ack", bot_id: slack.botId }])
  })

  it("stamps requests from the signing clock (real time by default), not the virtual `now`", async () => {
    await slack.slashCommand(bot.url, { text: "x", userId: "U0ALICE", channelId: "C0OPS", timestamp: 1_600_000_000 })
    expect(bot.received[0]!.headers["x-slack-request-timestamp"]).toBe("1600000000")
    expect(signatureOk(bot.received[0]!)).toBe(true)
    await slack.close()
    slack = await startSlackEmulator({ signingClock: () => 1_000_000_000_000 })
    await slack.clickButton(bot.url, { channel: "C0OPS", ts: slack.postAsUser("C0OPS", { user: "U0BOB", text: "t", blocks: digestBlocks }).ts, actionId: "repeat_job", userId: "U0ALICE" })
    expect(bot.received[1]!.headers["x-slack-request-timestamp"]).toBe("1000000000")
  })

  it("a channel or user seen in a command becomes known", async () => {
    await slack.slashCommand(bot.url, { text: "help", userId: "U0NEW", channelId: "C0NEWCHAN", channelName: "new" })
    expect((await client.chat.postEphemeral({ channel: "C0NEWCHAN", user: "U0NEW", text: "hi" })).ok).toBe(true)
  })
})

describe("response_url", () => {
  it("ephemeral by default, in_channel on request, replace_original on the last reply", async () => {
    const { responseUrl } = await slack.slashCommand(bot.url, { text: "failures 101", userId: "U0ALICE", channelId: "C0OPS" })
    const post = (body: unknown) =>
      fetch(responseUrl, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })

    expect((await post({ text: "working…" })).status).toBe(200)
    const [first] = slack.ephemerals("C0OPS")
    expect(first).toMatchObject({ user: "U0ALICE", text: "working…", via: "response_url" })

    await post({ replace_original: true, text: "3 failures", blocks: [{ type: "section", text: { type: "mrkdwn", text: "*3*" } }] })
    expect(slack.ephemerals("C0OPS")).toHaveLength(1)
    expect(slack.ephemeral("C0OPS", first!.ts)).toMatchObject({ text: "3 failures", updates: [{ via: "response_url", text: "3 failures" }] })

    await post({ response_type: "in_channel", text: "digest posted" })
    expect(slack.messages("C0OPS")).toMatchObject([{ text: "digest posted", user: slack.botUserId, via: "response_url" }])
    expect(slack.responses(responseUrl).map((r) => r.outcome)).toEqual(["posted_ephemeral", "replaced", "posted_in_channel"])
    expect(slack.responses(responseUrl)[0]!.body).toEqual({ text: "working…" })
  })

  it("replace_original / delete_original act on the clicked message", async () => {
    const ts = (await client.chat.postMessage({ channel: "C0OPS", text: "digest", blocks: digestBlocks }))["ts"] as string
    const click = await slack.clickButton(bot.url, { channel: "C0OPS", ts, actionId: "repeat_job", userId: "U0BOB" })
    const post = (body: unknown) =>
      fetch(click.responseUrl, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })

    await post({ replace_original: false, text: "you may not repeat" })
    expect(slack.ephemerals("C0OPS")).toMatchObject([{ user: "U0BOB", text: "you may not repeat" }])
    await post({ replace_original: true, text: "repeated", blocks: [{ type: "section", text: { type: "mrkdwn", text: "repeated by <@U0BOB>" } }] })
    expect(slack.message("C0OPS", ts)).toMatchObject({ text: "repeated", updates: [{ via: "response_url" }] })
    expect(slack.buttons("C0OPS", ts)).toHaveLength(0)
    await post({ delete_original: true })
    expect(slack.message("C0OPS", ts)).toMatchObject({ deleted: true })
  })

  it("rejects bad bodies, and URLs used 5 times or older than 30 minutes", async () => {
    let now = 1_700_000_000_000
    await slack.close()
    slack = await startSlackEmulator({ rateLimit: false, now: () => now })
    const post = (url: string, body: unknown) =>
      fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })

    const a = await slack.slashCommand(bot.url, { text: "x", userId: "U0ALICE", channelId: "C0OPS" })
    expect((await post(a.responseUrl, {})).status).toBe(400) // no_text
    const bad = await post(a.responseUrl, { blocks: [{ type: "header", text: { type: "mrkdwn", text: "h" } }] })
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ ok: false, error: "invalid_blocks" })
    for (let i = 0; i < 5; i++) expect((await post(a.responseUrl, { text: `r${i}` })).status).toBe(200)
    const used = await post(a.responseUrl, { text: "sixth" })
    expect(used.status).toBe(404)
    expect(await used.json()).toEqual({ ok: false, error: "used_url" })

    const b = await slack.slashCommand(bot.url, { text: "x", userId: "U0ALICE", channelId: "C0OPS" })
    now += 30 * 60 * 1000 + 1
    expect(await (await post(b.responseUrl, { text: "late" })).json()).toEqual({ ok: false, error: "expired_url" })
    expect((await post(`${slack.url}/response/nope`, { text: "x" })).status).toBe(404)
  })
})

describe("clickButton", () => {
  it("clickBody is the body clickButton sends, but for the per-click ids", async () => {
    const posted = await client.chat.postMessage({ channel: "C0ALERTS", text: "2 failed jobs", blocks: digestBlocks })
    const click = { channel: "C0ALERTS", ts: posted["ts"] as string, value: "101:j-1", userId: "U0ALICE" }
    const body = slack.clickBody(click)
    const sent = await slack.clickButton(bot.url, click)
    const fresh = (raw: string) => {
      const { trigger_id, response_url, actions, ...rest } = JSON.parse(new URLSearchParams(raw).get("payload")!)
      expect([typeof trigger_id, typeof response_url]).toEqual(["string", "string"])
      return { ...rest, actions: actions.map(({ action_ts, ...action }: { action_ts: string }) => action) }
    }
    expect(body).toMatch(/^payload=%7B%22type%22%3A%22block_actions%22/)
    expect(fresh(body)).toEqual(fresh(sent.rawBody))
  })

  it("sends a signed block_actions payload shaped like Slack's, with the message's real blocks", async () => {
    const posted = await client.chat.postMessage({ channel: "C0ALERTS", text: "2 failed jobs", blocks: digestBlocks })
    const ts = posted["ts"] as string
    const result = await slack.clickButton(bot.url, { channel: "C0ALERTS", ts, value: "101:j-1", userId: "U0ALICE" })
    expect(result.status).toBe(200)
    const [req] = bot.received
    expect(req!.headers["content-type"]).toBe("application/x-www-form-urlencoded")
    expect(signatureOk(req!)).toBe(true)
    expect(req!.body).toMatch(/^payload=%7B%22type%22%3A%22block_actions%22/)
    // Slack escapes "/" in its JSON.
    expect(new URLSearchParams(req!.body).get("payload")).toContain("\\/response\\/")

    const payload = payloadOf(req!)
    expect(Object.keys(payload)).toEqual([
      "type", "user", "api_app_id", "token", "container", "trigger_id", "team", "enterprise",
      "is_enterprise_install", "channel", "message", "state", "response_url", "actions"
    ])
    expect(payload).toMatchObject({
      type: "block_actions",
      user: { id: "U0ALICE", username: "alice", team_id: slack.teamId },
      api_app_id: slack.appId,
      container: { type: "message", message_ts: ts, channel_id: "C0ALERTS", is_ephemeral: false },
      trigger_id: result.triggerId,
      team: { id: slack.teamId },
      channel: { id: "C0ALERTS", name: "workato-alerts" },
      state: { values: {} },
      response_url: result.responseUrl
    })
    const message = payload["message"] as Record<string, unknown>
    expect(message).toMatchObject({ type: "message", ts, text: "2 failed jobs", bot_id: slack.botId, user: slack.botUserId })
    expect(message["blocks"]).toEqual(slack.message("C0ALERTS", ts)!.blocks)
    expect(payload["actions"]).toEqual([
      {
        action_id: "repeat_job",
        block_id: "job:j-1",
        text: { type: "plain_text", text: "Repeat", emoji: true },
        value: "101:j-1",
        type: "button",
        action_ts: "1700000000.000000"
      }
    ])
    expect(result.payload).toEqual(payload)
  })

  it("echoes style and confirm of the clicked button", async () => {
    const ts = (await client.chat.postMessage({ channel: "C0OPS", text: "d", blocks: digestBlocks }))["ts"] as string
    await slack.clickButton(bot.url, { channel: "C0OPS", ts, actionId: "repeat_all", userId: "U0ALICE" })
    const action = (payloadOf(bot.received[0]!)["actions"] as Array<Record<string, unknown>>)[0]!
    expect(action).toMatchObject({ action_id: "repeat_all", block_id: "all", style: "danger", value: "101:all" })
    expect(action["confirm"]).toEqual({
      title: { type: "plain_text", text: "Repeat 2 jobs?", emoji: true },
      text: { type: "mrkdwn", text: "This re-runs them.", verbatim: false }
    })
  })

  it("uses the CURRENT blocks: a button removed by chat.update cannot be clicked", async () => {
    const ts = (await client.chat.postMessage({ channel: "C0OPS", text: "d", blocks: digestBlocks }))["ts"] as string
    await client.chat.update({ channel: "C0OPS", ts, text: "done", blocks: [{ type: "section", text: { type: "mrkdwn", text: "repeated" } }] })
    await expect(slack.clickButton(bot.url, { channel: "C0OPS", ts, actionId: "repeat_job", userId: "U0ALICE" })).rejects.toThrow(
      /No button matching .*repeat_job.* it has no buttons/s
    )
    expect(bot.received).toHaveLength(0)
  })

  it("explains missing and ambiguous buttons and unknown messages", async () => {
    const ts = (await client.chat.postMessage({ channel: "C0OPS", text: "d", blocks: digestBlocks }))["ts"] as string
    await expect(slack.clickButton(bot.url, { channel: "C0OPS", ts, actionId: "nope", userId: "U0ALICE" })).rejects.toThrow(
      /\[Repeat\] action_id="repeat_job" block_id="job:j-1" value="101:j-1"/
    )
    await expect(slack.clickButton(bot.url, { channel: "C0OPS", ts, userId: "U0ALICE" })).rejects.toThrow(/3 buttons match/)
    await expect(slack.clickButton(bot.url, { channel: "C0OPS", ts: "1.000000", actionId: "x", userId: "U0ALICE" })).rejects.toThrow(/no message C0OPS\/1\.000000/)
  })

  it("clicks on an ephemeral: is_ephemeral true, no message, response_url replaces the ephemeral", async () => {
    const res = await client.chat.postEphemeral({ channel: "C0OPS", user: "U0ALICE", text: "e", blocks: digestBlocks })
    const ts = res["message_ts"] as string
    await expect(slack.clickButton(bot.url, { channel: "C0OPS", ts, actionId: "repeat_job", userId: "U0BOB" })).rejects.toThrow(/only visible to U0ALICE/)
    const click = await slack.clickButton(bot.url, { channel: "C0OPS", ts, actionId: "repeat_job", userId: "U0ALICE" })
    const payload = payloadOf(bot.received[0]!)
    expect(payload["container"]).toEqual({ type: "message", message_ts: ts, channel_id: "C0OPS", is_ephemeral: true })
    expect(payload["message"]).toBeUndefined()
    await fetch(click.responseUrl, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ replace_original: true, text: "done" }) })
    expect(slack.ephemeral("C0OPS", ts)).toMatchObject({ text: "done", blocks: [] })
  })
})

describe("send", () => {
  it("signs raw bodies, or sends forged/stale signatures as asked", async () => {
    await slack.send(bot.url, "ssl_check=1")
    expect(signatureOk(bot.received[0]!)).toBe(true)
    const forged = await slack.send(bot.url, "a=b", { signature: "v0=deadbeef", timestamp: 1 })
    expect(forged.signature).toBe("v0=deadbeef")
    expect(bot.received[1]!.headers["x-slack-signature"]).toBe("v0=deadbeef")
    expect(bot.received[1]!.headers["x-slack-request-timestamp"]).toBe("1")
  })
})
