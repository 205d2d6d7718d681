import { afterEach, describe, expect, it } from "vitest"
import { startSlackEmulator, type SlackEmulator } from "../src/index.js"
import { clientFor, webApi } from "./webClient.js"

let slack: SlackEmulator | undefined
afterEach(async () => {
  await slack?.close()
  slack = undefined
})

/** An emulator on a manual clock: tests move time, nothing sleeps. */
const start = async (rateLimit?: { perChannelPerSecond: number; burst?: number }) => {
  const clock = { now: 1_700_000_000_000 }
  slack = await startSlackEmulator({ now: () => clock.now, ...(rateLimit === undefined ? {} : { rateLimit }) })
  const post = (channel: string, text = "m") =>
    fetch(`${slack!.apiUrl}chat.postMessage`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Authorization: `Bearer ${slack!.botToken}` },
      body: new URLSearchParams({ channel, text }).toString()
    })
  return { clock, post, slack }
}

describe("per-channel rate limit of chat.postMessage", () => {
  it("answers a second message within a second with 429, Retry-After and Slack's body", async () => {
    const { clock, post, slack } = await start()
    expect((await post("C0OPS")).status).toBe(200)
    const limited = await post("C0OPS")
    expect(limited.status).toBe(429)
    expect(limited.headers.get("retry-after")).toBe("1")
    expect(await limited.json()).toEqual({ ok: false, error: "ratelimited" })
    // Other channels have their own budget.
    expect((await post("C0ALERTS")).status).toBe(200)
    // After Retry-After (virtual) seconds the channel accepts again.
    clock.now += 999
    expect((await post("C0OPS")).status).toBe(429)
    clock.now += 1
    expect((await post("C0OPS")).status).toBe(200)
    expect(slack.messages("C0OPS")).toHaveLength(2)
    expect(slack.callsTo("chat.postMessage").map((c) => c.status)).toEqual([200, 429, 200, 429, 200])
    expect(slack.callsTo("chat.postMessage")[1]).toMatchObject({ ok: false, error: "ratelimited" })
  })

  it("@slack/web-api sees the 429 as a rate limit with retryAfter", async () => {
    const { slack } = await start()
    const client = clientFor(slack.apiUrl, slack.botToken, { rejectRateLimitedCalls: true })
    await client.chat.postMessage({ channel: "C0OPS", text: "1" })
    const error = await client.chat.postMessage({ channel: "C0OPS", text: "2" }).then(
      () => undefined,
      (e: unknown) => e as { code: string; retryAfter: number }
    )
    expect(error).toMatchObject({ code: webApi.ErrorCode["RateLimitedError"], retryAfter: 1 })
  })

  it("allows configured bursts and computes Retry-After from the refill rate", async () => {
    const { clock, post } = await start({ perChannelPerSecond: 0.2, burst: 3 })
    for (let i = 0; i < 3; i++) expect((await post("C0OPS")).status).toBe(200)
    const limited = await post("C0OPS")
    expect(limited.headers.get("retry-after")).toBe("5")
    clock.now += 5000
    expect((await post("C0OPS")).status).toBe(200)
    expect((await post("C0OPS")).status).toBe(429)
  })

  it("counts only accepted messages, and not chat.update / ephemerals", async () => {
    const { post, slack } = await start()
    const client = clientFor(slack.apiUrl, slack.botToken)
    expect((await post("C0NOPE")).status).toBe(200) // channel_not_found: HTTP 200, no token used
    const ts = (await client.chat.postMessage({ channel: "C0OPS", text: "digest" }))["ts"] as string
    for (let i = 0; i < 5; i++) {
      expect((await client.chat.update({ channel: "C0OPS", ts, text: `progress ${i}` })).ok).toBe(true)
      expect((await client.chat.postEphemeral({ channel: "C0OPS", user: "U0ALICE", text: "e" })).ok).toBe(true)
    }
  })

  it("rateLimit: false never answers 429", async () => {
    slack = await startSlackEmulator({ rateLimit: false })
    const client = clientFor(slack.apiUrl, slack.botToken)
    for (let i = 0; i < 10; i++) expect((await client.chat.postMessage({ channel: "C0OPS", text: `${i}` })).ok).toBe(true)
  })
})

describe("injected faults", () => {
  it("platform errors, HTTP statuses and 429s for the next calls of a method", async () => {
    const { slack } = await start()
    const client = clientFor(slack.apiUrl, slack.botToken, { rejectRateLimitedCalls: true })
    slack.injectFault({ method: "chat.postMessage", kind: "error", error: "internal_error" })
    slack.injectFault({ method: "chat.postMessage", kind: "status", status: 503 })
    slack.injectFault({ method: "chat.postMessage", kind: "ratelimited", retryAfter: 30 })
    const failures = []
    for (let i = 0; i < 3; i++) {
      failures.push(await client.chat.postMessage({ channel: "C0OPS", text: "x" }).then(() => undefined, (e: { code: string; data?: { error: string }; statusCode?: number; retryAfter?: number }) => e))
    }
    expect(failures[0]).toMatchObject({ code: webApi.ErrorCode["PlatformError"], data: { error: "internal_error" } })
    expect(failures[1]).toMatchObject({ code: webApi.ErrorCode["HTTPError"], statusCode: 503 })
    expect(failures[2]).toMatchObject({ code: webApi.ErrorCode["RateLimitedError"], retryAfter: 30 })
    // Faults are used up: the next call goes through.
    expect((await client.chat.postMessage({ channel: "C0OPS", text: "x" })).ok).toBe(true)
    expect(slack.callsTo("chat.postMessage").map((c) => c.status)).toEqual([200, 503, 429, 200])
    expect(slack.messages()).toHaveLength(1)
  })

  it("a hung call is recorded and released by the client (or by close)", async () => {
    const { slack } = await start()
    slack.injectFault({ kind: "hang", method: "chat.update" })
    const abort = new AbortController()
    const pending = fetch(`${slack.apiUrl}chat.update`, { method: "POST", body: "channel=C0OPS", signal: abort.signal }).catch((e: Error) => e.name)
    await slack.waitFor(() => slack.callsTo("chat.update").length === 1)
    abort.abort()
    expect(await pending).toBe("AbortError")
  })

  it("times out waitFor with a clear message", async () => {
    const { slack } = await start()
    await expect(slack.waitFor(() => slack.messages().length > 0, { timeoutMs: 20, description: "a digest" })).rejects.toThrow(
      /a digest not met within 20 ms/
    )
  })
})
