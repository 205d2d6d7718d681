import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { startSlackEmulator, type SlackEmulator } from "../src/index.js"
import { clientFor, platformError, type WebClient } from "./webClient.js"

let slack: SlackEmulator
let client: WebClient

beforeEach(async () => {
  slack = await startSlackEmulator({ rateLimit: false })
  client = clientFor(slack.apiUrl, slack.botToken)
})
afterEach(() => slack.close())

const section = (text: string, extra: Record<string, unknown> = {}) => ({ type: "section", text: { type: "mrkdwn", text }, ...extra })

describe("auth", () => {
  it("auth.test answers the bot identity", async () => {
    const res = await client.auth.test()
    expect(res).toMatchObject({ ok: true, team_id: slack.teamId, user_id: slack.botUserId, bot_id: slack.botId })
    expect(res["url"]).toMatch(/^https:\/\/.+\.slack\.com\/$/)
  })

  it("bad token → invalid_auth, missing token → not_authed (HTTP 200)", async () => {
    expect((await platformError(clientFor(slack.apiUrl, "xoxb-wrong").auth.test())).data["error"]).toBe("invalid_auth")
    expect((await platformError(clientFor(slack.apiUrl, undefined).auth.test())).data["error"]).toBe("not_authed")
    const raw = await fetch(`${slack.apiUrl}auth.test`, { method: "POST" })
    expect(raw.status).toBe(200)
    expect(await raw.json()).toEqual({ ok: false, error: "not_authed" })
  })

  it("accepts the token as a form field, and JSON bodies with a Bearer header", async () => {
    const form = await fetch(`${slack.apiUrl}auth.test`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: `token=${slack.botToken}`
    })
    expect(await form.json()).toMatchObject({ ok: true })
    const json = await fetch(`${slack.apiUrl}chat.postMessage`, {
      method: "POST",
      headers: { "Content-Type": "application/json; charset=utf-8", Authorization: `Bearer ${slack.botToken}` },
      body: JSON.stringify({ channel: "C0OPS", text: "hi", blocks: [section("*hi*")] })
    })
    expect(await json.json()).toMatchObject({ ok: true, channel: "C0OPS" })
    // In a JSON body, Slack ignores a `token` field: the header is required.
    const jsonToken = await fetch(`${slack.apiUrl}auth.test`, {
      method: "POST",
      headers: { "Content-Type": "application/json; charset=utf-8" },
      body: JSON.stringify({ token: slack.botToken })
    })
    expect(await jsonToken.json()).toEqual({ ok: false, error: "not_authed" })
  })

  it("unknown methods → unknown_method", async () => {
    const error = await platformError(client.apiCall("conversations.frobnicate", {}))
    expect(error.data["error"]).toBe("unknown_method")
  })
})

describe("chat.postMessage", () => {
  it("stores the message and answers channel, ts and message like Slack", async () => {
    const blocks = [section("Job *failed*", { block_id: "b1" })]
    const res = await client.chat.postMessage({ channel: "C0ALERTS", text: "1 failure", blocks })
    expect(res).toMatchObject({ ok: true, channel: "C0ALERTS" })
    expect(res["ts"]).toMatch(/^\d{10}\.\d{6}$/)
    const message = res["message"] as Record<string, unknown>
    expect(message).toMatchObject({ type: "message", text: "1 failure", user: slack.botUserId, bot_id: slack.botId, ts: res["ts"] })
    // Slack echoes normalized blocks (mrkdwn gets verbatim:false).
    expect(message["blocks"]).toEqual([{ type: "section", block_id: "b1", text: { type: "mrkdwn", text: "Job *failed*", verbatim: false } }])

    const stored = slack.message("C0ALERTS", res["ts"] as string)
    expect(stored).toMatchObject({ channel: "C0ALERTS", text: "1 failure", user: slack.botUserId, deleted: false, updates: [] })
    expect(slack.messages("C0ALERTS")).toHaveLength(1)
    // The call log has the decoded form arguments (blocks arrived as a JSON string).
    const call = slack.callsTo("chat.postMessage")[0]!
    expect(call).toMatchObject({ ok: true, status: 200, bearer: true })
    expect(call.contentType).toBe("application/x-www-form-urlencoded")
    expect(call.args["blocks"]).toEqual(blocks)
    expect(call.args["token"]).toBeUndefined()
  })

  it("gives unique, increasing ts even with a frozen clock", async () => {
    await slack.close()
    slack = await startSlackEmulator({ now: () => 1_700_000_000_000, rateLimit: false })
    client = clientFor(slack.apiUrl, slack.botToken)
    const ts: Array<string> = []
    for (let i = 0; i < 5; i++) ts.push((await client.chat.postMessage({ channel: "C0OPS", text: `m${i}` }))["ts"] as string)
    expect(ts[0]).toBe("1700000000.000000")
    expect(new Set(ts).size).toBe(5)
    expect([...ts].sort()).toEqual(ts)
  })

  it("assigns block_ids and action_ids where missing", async () => {
    const res = await client.chat.postMessage({
      channel: "C0OPS",
      text: "t",
      blocks: [section("a"), { type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: "Go" } }] }]
    })
    const blocks = (res["message"] as { blocks: Array<Record<string, unknown>> }).blocks
    expect(blocks[0]!["block_id"]).toEqual(expect.any(String))
    expect(blocks[1]!["block_id"]).not.toBe(blocks[0]!["block_id"])
    const button = (blocks[1]!["elements"] as Array<Record<string, unknown>>)[0]!
    expect(button["action_id"]).toEqual(expect.any(String))
    expect(button["text"]).toEqual({ type: "plain_text", text: "Go", emoji: true })
  })

  it("unknown channel → channel_not_found; no text and no blocks → no_text", async () => {
    expect((await platformError(client.chat.postMessage({ channel: "C0NOPE", text: "x" }))).data["error"]).toBe("channel_not_found")
    expect((await platformError(client.chat.postMessage({ channel: "C0OPS" }))).data["error"]).toBe("no_text")
    expect((await platformError(client.chat.postMessage({ channel: "C0OPS", text: "", blocks: [] }))).data["error"]).toBe("no_text")
    expect(slack.messages()).toHaveLength(0)
    expect(slack.callsTo("chat.postMessage").map((c) => c.error)).toEqual(["channel_not_found", "no_text", "no_text"])
  })

  it("text over 40,000 characters → msg_too_long (or truncated with a warning on request)", async () => {
    const long = "x".repeat(40_001)
    expect((await platformError(client.chat.postMessage({ channel: "C0OPS", text: long }))).data["error"]).toBe("msg_too_long")
    expect((await client.chat.postMessage({ channel: "C0OPS", text: "x".repeat(40_000) })).ok).toBe(true)

    await slack.close()
    slack = await startSlackEmulator({ rateLimit: false, longText: "truncate" })
    const res = await clientFor(slack.apiUrl, slack.botToken).chat.postMessage({ channel: "C0OPS", text: long })
    expect(res).toMatchObject({ ok: true, warning: "message_truncated" })
    expect(slack.messages()[0]!.text).toHaveLength(40_000)
  })

  it("malformed blocks JSON → invalid_blocks_format", async () => {
    const res = await fetch(`${slack.apiUrl}chat.postMessage`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Authorization: `Bearer ${slack.botToken}` },
      body: new URLSearchParams({ channel: "C0OPS", text: "t", blocks: "[{not json" }).toString()
    })
    expect(await res.json()).toEqual({ ok: false, error: "invalid_blocks_format" })
  })

  it("answers JSON bodies without charset with Slack's missing_charset warning", async () => {
    const res = await fetch(`${slack.apiUrl}chat.postMessage`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${slack.botToken}` },
      body: JSON.stringify({ channel: "C0OPS", text: "hi" })
    })
    expect(await res.json()).toMatchObject({ ok: true, warning: "missing_charset", response_metadata: { warnings: ["missing_charset"] } })
  })
})

describe("chat.update", () => {
  const post = async (blocks: Array<unknown> = [section("v1", { block_id: "b1" })]) =>
    (await client.chat.postMessage({ channel: "C0OPS", text: "v1", blocks }))["ts"] as string

  it("replaces text/blocks and keeps the history", async () => {
    const ts = await post()
    const res = await client.chat.update({ channel: "C0OPS", ts, text: "v2", blocks: [section("v2", { block_id: "b2" })] })
    expect(res).toMatchObject({ ok: true, channel: "C0OPS", ts, text: "v2" })
    expect((res["message"] as Record<string, unknown>)["text"]).toBe("v2")
    const stored = slack.message("C0OPS", ts)!
    expect(stored.text).toBe("v2")
    expect(stored.blocks[0]!.block_id).toBe("b2")
    expect(stored.updates).toHaveLength(1)
    expect(stored.updates[0]).toMatchObject({ via: "chat.update", text: "v2" })
  })

  it("omitted blocks are kept; omitted text is kept", async () => {
    const ts = await post()
    await client.chat.update({ channel: "C0OPS", ts, text: "only text" })
    expect(slack.message("C0OPS", ts)!.blocks[0]!.block_id).toBe("b1")
    await client.chat.update({ channel: "C0OPS", ts, blocks: [section("new")] })
    expect(slack.message("C0OPS", ts)!.text).toBe("only text")
  })

  it("unknown ts → message_not_found; a person's message → cant_update_message; unknown channel → channel_not_found", async () => {
    expect((await platformError(client.chat.update({ channel: "C0OPS", ts: "1.000001", text: "x" }))).data["error"]).toBe("message_not_found")
    const human = slack.postAsUser("C0OPS", { user: "U0ALICE", text: "hello" })
    expect((await platformError(client.chat.update({ channel: "C0OPS", ts: human.ts, text: "x" }))).data["error"]).toBe("cant_update_message")
    expect((await platformError(client.chat.update({ channel: "C0NOPE", ts: human.ts, text: "x" }))).data["error"]).toBe("channel_not_found")
  })

  it("validates the new blocks like chat.postMessage", async () => {
    const ts = await post()
    const error = await platformError(client.chat.update({ channel: "C0OPS", ts, text: "x", blocks: [section("y".repeat(3001))] }))
    expect(error.data["error"]).toBe("invalid_blocks")
    expect(slack.message("C0OPS", ts)!.text).toBe("v1")
  })

  it("blocks: [] removes the blocks; nothing left at all → no_text", async () => {
    const ts = await post()
    await client.chat.update({ channel: "C0OPS", ts, text: "plain now", blocks: [] })
    expect(slack.message("C0OPS", ts)).toMatchObject({ text: "plain now", blocks: [] })
    expect((await platformError(client.chat.update({ channel: "C0OPS", ts, text: "" }))).data["error"]).toBe("no_text")
    expect((await platformError(client.chat.update({ channel: "C0OPS", ts }))).data["error"]).toBe("no_text")
  })

  it("cannot update ephemerals (message_not_found)", async () => {
    const res = await client.chat.postEphemeral({ channel: "C0OPS", user: "U0ALICE", text: "psst" })
    const error = await platformError(client.chat.update({ channel: "C0OPS", ts: res["message_ts"], text: "x" }))
    expect(error.data["error"]).toBe("message_not_found")
  })
})

describe("chat.postEphemeral and chat.delete", () => {
  it("records ephemerals and answers message_ts", async () => {
    const res = await client.chat.postEphemeral({ channel: "C0OPS", user: "U0BOB", text: "only you", blocks: [section("only *you*")] })
    expect(res).toMatchObject({ ok: true })
    expect(res["message_ts"]).toMatch(/^\d+\.\d{6}$/)
    expect(slack.ephemerals("C0OPS")).toMatchObject([{ channel: "C0OPS", user: "U0BOB", text: "only you", ts: res["message_ts"], via: "chat.postEphemeral" }])
    expect(slack.messages("C0OPS")).toHaveLength(0)
  })

  it("unknown user → user_not_in_channel; unknown channel → channel_not_found", async () => {
    expect((await platformError(client.chat.postEphemeral({ channel: "C0OPS", user: "U0NOBODY", text: "x" }))).data["error"]).toBe("user_not_in_channel")
    expect((await platformError(client.chat.postEphemeral({ channel: "C0NOPE", user: "U0BOB", text: "x" }))).data["error"]).toBe("channel_not_found")
  })

  it("chat.delete marks the message deleted", async () => {
    const ts = (await client.chat.postMessage({ channel: "C0OPS", text: "bye" }))["ts"] as string
    expect(await client.chat.delete({ channel: "C0OPS", ts })).toMatchObject({ ok: true, channel: "C0OPS", ts })
    expect(slack.message("C0OPS", ts)).toMatchObject({ deleted: true })
    expect((await platformError(client.chat.delete({ channel: "C0OPS", ts }))).data["error"]).toBe("message_not_found")
  })
})

describe("lookups", () => {
  it("chat.getPermalink and users.info", async () => {
    const ts = (await client.chat.postMessage({ channel: "C0OPS", text: "x" }))["ts"] as string
    const link = await client.apiCall("chat.getPermalink", { channel: "C0OPS", message_ts: ts })
    expect(link["permalink"]).toBe(`https://emulator.slack.com/archives/C0OPS/p${ts.replace(".", "")}`)
    expect(await client.apiCall("users.info", { user: "U0BOB" })).toMatchObject({ ok: true, user: { id: "U0BOB", name: "bob" } })
    expect((await platformError(client.apiCall("users.info", { user: "U0NOPE" }))).data["error"]).toBe("user_not_found")
  })
})

describe("channels", () => {
  it("knows the configured channels, by id or #name, and can auto-create", async () => {
    await slack.close()
    slack = await startSlackEmulator({ rateLimit: false, channels: [{ id: "C1", name: "alerts" }] })
    client = clientFor(slack.apiUrl, slack.botToken)
    expect(await client.chat.postMessage({ channel: "#alerts", text: "x" })).toMatchObject({ ok: true, channel: "C1" })
    expect((await platformError(client.chat.postMessage({ channel: "C0OPS", text: "x" }))).data["error"]).toBe("channel_not_found")
    slack.addChannel("C0OPS")
    expect((await client.chat.postMessage({ channel: "C0OPS", text: "x" })).ok).toBe(true)

    await slack.close()
    slack = await startSlackEmulator({ rateLimit: false, autoCreateChannels: true })
    expect((await clientFor(slack.apiUrl, slack.botToken).chat.postMessage({ channel: "CANY", text: "x" })).ok).toBe(true)
  })
})

describe("records", () => {
  it("exposes a JSON snapshot for out-of-process users and forgets everything on reset()", async () => {
    await client.chat.postMessage({ channel: "C0OPS", text: "hello" })
    const state = (await (await fetch(`${slack.url}/_emulator/state`)).json()) as { messages: Array<{ text: string }>; calls: Array<{ method: string }> }
    expect(state.messages.map((m) => m.text)).toEqual(["hello"])
    expect(state.calls.map((c) => c.method)).toEqual(["chat.postMessage"])
    expect(Object.isFrozen(slack.calls[0])).toBe(true)
    slack.reset()
    expect(slack.calls).toHaveLength(0)
    expect(slack.messages()).toHaveLength(0)
  })

  it("hands out copies: changing a returned message does not change the record", async () => {
    const ts = (await client.chat.postMessage({ channel: "C0OPS", text: "hello" }))["ts"] as string
    const copy = slack.message("C0OPS", ts)! as { text: string }
    copy.text = "changed"
    expect(slack.message("C0OPS", ts)!.text).toBe("hello")
  })
})
