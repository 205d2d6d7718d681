import { afterEach, describe, expect, it } from "vitest"
import { startSlackEmulator, type SlackEmulator, type StartOptions } from "../src/index.js"
import { clientFor, platformError, webApi, type WebApiResult, type WebClient } from "./webClient.js"

let slack: SlackEmulator | undefined
afterEach(async () => {
  await slack?.close()
  slack = undefined
})

/** An emulator on a manual clock (1 s between posts unless moved) and a real WebClient. */
const start = async (options: StartOptions = {}) => {
  const clock = { now: 1_700_000_000_000 }
  slack = await startSlackEmulator({ now: () => clock.now, rateLimit: false, ...options })
  const client = clientFor(slack.apiUrl, slack.botToken, { rejectRateLimitedCalls: true })
  return { clock, slack, client }
}

const digestMetadata = (id: string) => ({ event_type: "workato_digest", event_payload: { digest_id: id, recipe_id: 101 } })

const post = async (client: WebClient, clock: { now: number }, channel: string, text: string, extra: Record<string, unknown> = {}) => {
  clock.now += 1000
  return (await client.chat.postMessage({ channel, text, ...extra }))["ts"] as string
}

const texts = (result: WebApiResult): Array<string> => (result["messages"] as Array<{ text: string }>).map((m) => m.text)

describe("message metadata", () => {
  it("chat.postMessage stores {event_type, event_payload} sent as a JSON string in a form (as @slack/web-api sends it)", async () => {
    const { slack, client } = await start()
    const res = await client.chat.postMessage({ channel: "C0ALERTS", text: "digest", metadata: digestMetadata("d-1") })
    expect(slack.callsTo("chat.postMessage")[0]!.contentType).toBe("application/x-www-form-urlencoded")
    expect((res["message"] as Record<string, unknown>)["metadata"]).toEqual(digestMetadata("d-1"))
    expect(slack.message("C0ALERTS", res["ts"] as string)?.metadata).toEqual(digestMetadata("d-1"))
  })

  it("accepts metadata as an object in a JSON body", async () => {
    const { slack } = await start()
    const res = await fetch(`${slack.apiUrl}chat.postMessage`, {
      method: "POST",
      headers: { "Content-Type": "application/json; charset=utf-8", Authorization: `Bearer ${slack.botToken}` },
      body: JSON.stringify({ channel: "C0OPS", text: "x", metadata: digestMetadata("d-2") })
    })
    expect(await res.json()).toMatchObject({ ok: true, message: { metadata: digestMetadata("d-2") } })
    expect(slack.findByMetadata("C0OPS", { payload: { digest_id: "d-2" } })).toHaveLength(1)
  })

  it("refuses malformed metadata like Slack: invalid_metadata_format / invalid_metadata_schema, nothing posted", async () => {
    const { slack } = await start()
    const form = (metadata: string) =>
      fetch(`${slack.apiUrl}chat.postMessage`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Authorization: `Bearer ${slack.botToken}` },
        body: new URLSearchParams({ channel: "C0OPS", text: "x", metadata }).toString()
      }).then((r) => r.json())
    expect(await form("{not json")).toEqual({ ok: false, error: "invalid_metadata_format" })
    expect(await form(JSON.stringify({ event_payload: {} }))).toEqual({ ok: false, error: "invalid_metadata_schema" })
    expect(await form(JSON.stringify({ event_type: "t", event_payload: "no" }))).toEqual({ ok: false, error: "invalid_metadata_schema" })
    expect(slack.messageCount("C0OPS")).toBe(0)
  })

  it("chat.update replaces metadata when given and keeps it when omitted", async () => {
    const { slack, client, clock } = await start()
    const ts = await post(client, clock, "C0ALERTS", "v1", { metadata: digestMetadata("d-1") })
    await client.chat.update({ channel: "C0ALERTS", ts, text: "v2" })
    expect(slack.message("C0ALERTS", ts)?.metadata).toEqual(digestMetadata("d-1"))
    await client.chat.update({ channel: "C0ALERTS", ts, text: "v3", metadata: digestMetadata("d-9") })
    expect(slack.findByMetadata("C0ALERTS", { eventType: "workato_digest", payload: { digest_id: "d-9" } }).map((m) => m.ts)).toEqual([ts])
    expect(slack.findByMetadata("C0ALERTS", { payload: { digest_id: "d-1" } })).toEqual([])
  })
})

describe("conversations.history", () => {
  it("lists a channel newest first; metadata only with include_all_metadata; no replies, deleted messages or other channels", async () => {
    const { slack, client, clock } = await start()
    const first = await post(client, clock, "C0ALERTS", "one", { metadata: digestMetadata("d-1") })
    await post(client, clock, "C0OPS", "elsewhere")
    await post(client, clock, "C0ALERTS", "reply", { thread_ts: first })
    const gone = await post(client, clock, "C0ALERTS", "deleted")
    await client.chat.delete({ channel: "C0ALERTS", ts: gone })
    await post(client, clock, "C0ALERTS", "two")
    slack.postAsUser("C0ALERTS", { user: "U0ALICE", text: "a person" })

    const plain = await client.conversations.history({ channel: "C0ALERTS" })
    expect(texts(plain)).toEqual(["a person", "two", "one"])
    expect(plain).toMatchObject({ ok: true, has_more: false, pin_count: 0 })
    expect(plain["response_metadata"]).toMatchObject({}) // the client adds scopes; no next_cursor
    expect((plain["response_metadata"] as Record<string, unknown>)["next_cursor"]).toBeUndefined()
    expect((plain["messages"] as Array<Record<string, unknown>>)[2]).not.toHaveProperty("metadata")

    const withMetadata = await client.conversations.history({ channel: "C0ALERTS", include_all_metadata: true })
    const one = (withMetadata["messages"] as Array<Record<string, unknown>>)[2]!
    expect(one).toMatchObject({ type: "message", text: "one", ts: first, bot_id: slack.botId, metadata: digestMetadata("d-1") })
    expect(slack.messageCount("C0ALERTS")).toBe(3)
  })

  it("pages with limit and next_cursor, every message once; the real client's paginate() follows the cursor", async () => {
    const { client, clock } = await start()
    for (let i = 1; i <= 7; i++) await post(client, clock, "C0ALERTS", `m${i}`)
    const seen: Array<string> = []
    let cursor: string | undefined
    const pages: Array<boolean> = []
    do {
      const page = await client.conversations.history({ channel: "C0ALERTS", limit: 3, ...(cursor ? { cursor } : {}) })
      seen.push(...texts(page))
      pages.push(page["has_more"] as boolean)
      cursor = (page["response_metadata"] as { next_cursor?: string } | undefined)?.next_cursor
    } while (cursor)
    expect(seen).toEqual(["m7", "m6", "m5", "m4", "m3", "m2", "m1"])
    expect(pages).toEqual([true, true, false])

    const viaPaginate: Array<string> = []
    for await (const page of client.paginate("conversations.history", { channel: "C0ALERTS", limit: 2 })) viaPaginate.push(...texts(page))
    expect(viaPaginate).toEqual(seen)
  })

  it("oldest/latest are exclusive unless inclusive; latest is echoed; has_more within the range", async () => {
    const { client, clock } = await start()
    const ts: Array<string> = []
    for (let i = 1; i <= 5; i++) ts.push(await post(client, clock, "C0OPS", `m${i}`))
    expect(texts(await client.conversations.history({ channel: "C0OPS", oldest: ts[1], latest: ts[3] }))).toEqual(["m3"])
    const inclusive = await client.conversations.history({ channel: "C0OPS", oldest: ts[1], latest: ts[3], inclusive: true })
    expect(texts(inclusive)).toEqual(["m4", "m3", "m2"])
    expect(inclusive["latest"]).toBe(ts[3])
    // Whole seconds work as bounds too (posts are 1 s apart, on whole seconds: m3's own second is excluded).
    expect(texts(await client.conversations.history({ channel: "C0OPS", oldest: ts[2]!.split(".")[0] }))).toEqual(["m5", "m4"])
    const limited = await client.conversations.history({ channel: "C0OPS", oldest: ts[0], limit: 2 })
    expect(texts(limited)).toEqual(["m5", "m4"])
    expect(limited["has_more"]).toBe(true)
  })

  it("limit defaults to 100 and is capped at 999 (Slack: \"Maximum of 999\")", async () => {
    const { slack, client } = await start()
    for (let i = 0; i < 1001; i++) slack.postAsUser("C0GENERAL", { user: "U0BOB", text: `m${i}` })
    expect((await client.conversations.history({ channel: "C0GENERAL" }))["messages"]).toHaveLength(100)
    const big = await client.conversations.history({ channel: "C0GENERAL", limit: 5000 })
    expect(big["messages"]).toHaveLength(999)
    expect(big["has_more"]).toBe(true)
  })

  it("errors as Slack: channel_not_found, not_in_channel, invalid_cursor, invalid_ts_oldest / invalid_ts_latest", async () => {
    const { slack, client } = await start()
    expect((await platformError(client.conversations.history({ channel: "C0NOPE" }))).data["error"]).toBe("channel_not_found")
    slack.setBotMember("C0OPS", false)
    expect((await platformError(client.conversations.history({ channel: "C0OPS" }))).data["error"]).toBe("not_in_channel")
    // The bot can still post there (chat:write.public).
    expect((await client.chat.postMessage({ channel: "C0OPS", text: "x" })).ok).toBe(true)
    slack.setBotMember("C0OPS", true)
    expect((await client.conversations.history({ channel: "C0OPS" })).ok).toBe(true)
    expect((await platformError(client.conversations.history({ channel: "C0OPS", cursor: "bm9wZQ==" }))).data["error"]).toBe("invalid_cursor")
    expect((await platformError(client.conversations.history({ channel: "C0OPS", oldest: "yesterday" }))).data["error"]).toBe("invalid_ts_oldest")
    expect((await platformError(client.conversations.history({ channel: "C0OPS", latest: "1.2.3" }))).data["error"]).toBe("invalid_ts_latest")
  })

  it("is rate limited as Tier 3 (50 per minute) with 429 + Retry-After, on the emulator clock", async () => {
    const { slack, client, clock } = await start()
    for (let i = 0; i < 50; i++) expect((await client.conversations.history({ channel: "C0OPS" })).ok).toBe(true)
    const limited = await client.conversations.history({ channel: "C0OPS" }).then(
      () => undefined,
      (e: { code: string; retryAfter: number }) => e
    )
    expect(limited).toMatchObject({ code: webApi.ErrorCode["RateLimitedError"], retryAfter: 2 })
    // chat.postMessage has its own limit, untouched by history reads.
    expect((await client.chat.postMessage({ channel: "C0OPS", text: "x" })).ok).toBe(true)
    clock.now += 2000
    expect((await client.conversations.history({ channel: "C0OPS" })).ok).toBe(true)
    expect(slack.callsTo("conversations.history").filter((c) => c.status === 429)).toHaveLength(1)
  })

  it("methodRateLimits: false turns the tier limit off", async () => {
    const { client } = await start({ methodRateLimits: false })
    for (let i = 0; i < 60; i++) expect((await client.conversations.history({ channel: "C0OPS" })).ok).toBe(true)
  })
})

describe("one-shot faults around a post (what an exactly-once poster must survive)", () => {
  const postDigest = (client: WebClient, id: string) =>
    client.chat.postMessage({ channel: "C0ALERTS", text: `digest ${id}`, metadata: digestMetadata(id) }).then(
      () => undefined,
      (e: { code: string; statusCode?: number; retryAfter?: number }) => e
    )
  const inHistory = async (client: WebClient, id: string) =>
    ((await client.conversations.history({ channel: "C0ALERTS", include_all_metadata: true }))["messages"] as Array<{
      metadata?: { event_payload: { digest_id: string } }
    }>).filter((m) => m.metadata?.event_payload.digest_id === id).length

  it("applyThenDrop: the client sees a dropped connection, yet the message is in history exactly once", async () => {
    const { slack, client } = await start()
    slack.injectFault({ method: "chat.postMessage", kind: "applyThenDrop" })
    const error = await postDigest(client, "d-1")
    expect(error).toMatchObject({ code: webApi.ErrorCode["RequestError"] })
    expect(await inHistory(client, "d-1")).toBe(1)
    expect(slack.messageCount("C0ALERTS")).toBe(1)
    expect(slack.callsTo("chat.postMessage")[0]).toMatchObject({ ok: true, status: 200, fault: "applyThenDrop" })
  })

  it("applyThenDrop with the WebClient's own retries: the retry posts it a second time (why the bot must not retry blindly)", async () => {
    const { slack } = await start()
    const retrying = clientFor(slack.apiUrl, slack.botToken, { retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 0 } })
    slack.injectFault({ method: "chat.postMessage", kind: "applyThenDrop" })
    expect((await retrying.chat.postMessage({ channel: "C0ALERTS", text: "digest", metadata: digestMetadata("d-1") })).ok).toBe(true)
    expect(slack.findByMetadata("C0ALERTS", { payload: { digest_id: "d-1" } })).toHaveLength(2)
  })

  it("5xx, 429 ratelimited and drop answer without applying anything", async () => {
    const { slack, client } = await start()
    slack.injectFault({ method: "chat.postMessage", kind: "status", status: 503 })
    slack.injectFault({ method: "chat.postMessage", kind: "ratelimited", retryAfter: 7 })
    slack.injectFault({ method: "chat.postMessage", kind: "drop" })
    expect(await postDigest(client, "d-1")).toMatchObject({ code: webApi.ErrorCode["HTTPError"], statusCode: 503 })
    expect(await postDigest(client, "d-2")).toMatchObject({ code: webApi.ErrorCode["RateLimitedError"], retryAfter: 7 })
    expect(await postDigest(client, "d-3")).toMatchObject({ code: webApi.ErrorCode["RequestError"] })
    expect(slack.messageCount("C0ALERTS")).toBe(0)
    expect(await inHistory(client, "d-1")).toBe(0)
    expect(slack.callsTo("chat.postMessage").map((c) => [c.status, c.fault])).toEqual([
      [503, "status"],
      [429, "ratelimited"],
      [0, "drop"]
    ])
    // The next post goes through: faults are one-shot.
    expect(await postDigest(client, "d-4")).toBeUndefined()
    expect(await inHistory(client, "d-4")).toBe(1)
  })

  it("applyThenHang: the client times out, the message was posted", async () => {
    const { slack } = await start()
    const impatient = clientFor(slack.apiUrl, slack.botToken, { timeout: 50 })
    slack.injectFault({ method: "chat.postMessage", kind: "applyThenHang" })
    const error = await impatient.chat.postMessage({ channel: "C0ALERTS", text: "d", metadata: digestMetadata("d-1") }).then(
      () => undefined,
      (e: { code: string }) => e
    )
    expect(error).toMatchObject({ code: webApi.ErrorCode["RequestError"] })
    expect(slack.findByMetadata(undefined, { eventType: "workato_digest" })).toHaveLength(1)
  })
})
