import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { cumulativeBlockText, startSlackEmulator, validateBlocks, type SlackEmulator } from "../src/index.js"
import { clientFor, platformError, type WebClient } from "./webClient.js"

let slack: SlackEmulator
let client: WebClient
beforeAll(async () => {
  slack = await startSlackEmulator({ rateLimit: false })
  client = clientFor(slack.apiUrl, slack.botToken)
})
afterAll(() => slack.close())

const plain = (text: string) => ({ type: "plain_text", text })
const mrkdwn = (text: string) => ({ type: "mrkdwn", text })
const section = (text: string, extra: Record<string, unknown> = {}) => ({ type: "section", text: mrkdwn(text), ...extra })
const button = (extra: Record<string, unknown> = {}) => ({ type: "button", action_id: "a", text: plain("Repeat"), value: "v", ...extra })
const actions = (elements: Array<unknown>, extra: Record<string, unknown> = {}) => ({ type: "actions", elements, ...extra })
const confirm = (extra: Record<string, unknown> = {}) => ({
  title: plain("Sure?"),
  text: mrkdwn("Really."),
  confirm: plain("Yes"),
  deny: plain("No"),
  ...extra
})
const x = (n: number) => "x".repeat(n)

// [case, blocks, Slack-style error message expected in `errors`]
const invalid: Array<[string, Array<unknown>, string]> = [
  ["51 blocks", Array.from({ length: 51 }, () => ({ type: "divider" })), "no more than 50 items allowed [json-pointer:/blocks]"],
  ["section text over 3000", [section(x(3001))], "must be less than 3001 characters [json-pointer:/blocks/0/text/text]"],
  ["empty section text", [section("")], "must be more than 0 characters [json-pointer:/blocks/0/text/text]"],
  ["section without text or fields", [{ type: "section" }], "must define either `text` or `fields` [json-pointer:/blocks/0]"],
  ["11 section fields", [{ type: "section", fields: Array.from({ length: 11 }, () => mrkdwn("f")) }], "no more than 10 items allowed [json-pointer:/blocks/0/fields]"],
  ["section field over 2000", [{ type: "section", fields: [mrkdwn(x(2001))] }], "must be less than 2001 characters [json-pointer:/blocks/0/fields/0/text]"],
  ["header over 150", [{ type: "header", text: plain(x(151)) }], "must be less than 151 characters [json-pointer:/blocks/0/text/text]"],
  ["mrkdwn header", [{ type: "header", text: mrkdwn("*h*") }], "must be a valid enum value [json-pointer:/blocks/0/text/type]"],
  ["button text over 75", [actions([button({ text: plain(x(76)) })])], "must be less than 76 characters [json-pointer:/blocks/0/elements/0/text/text]"],
  ["mrkdwn button text", [actions([button({ text: mrkdwn("*Go*") })])], "must be a valid enum value [json-pointer:/blocks/0/elements/0/text/type]"],
  ["button value over 2000", [actions([button({ value: x(2001) })])], "must be less than 2001 characters [json-pointer:/blocks/0/elements/0/value]"],
  ["button url over 3000", [actions([button({ url: `https://e.com/${x(3000)}` })])], "must be less than 3001 characters [json-pointer:/blocks/0/elements/0/url]"],
  ["button style", [actions([button({ style: "warning" })])], "must be a valid enum value [json-pointer:/blocks/0/elements/0/style]"],
  ["action_id over 255", [actions([button({ action_id: x(256) })])], "must be less than 256 characters [json-pointer:/blocks/0/elements/0/action_id]"],
  ["block_id over 255", [section("s", { block_id: x(256) })], "must be less than 256 characters [json-pointer:/blocks/0/block_id]"],
  ["duplicate action_id in a block", [actions([button(), button({ value: "w" })])], "duplicate action_id: a [json-pointer:/blocks/0/elements/1/action_id]"],
  ["duplicate block_id", [section("a", { block_id: "b" }), section("c", { block_id: "b" })], "duplicate block_id: b [json-pointer:/blocks/1/block_id]"],
  ["26 actions elements", [actions(Array.from({ length: 26 }, (_, i) => button({ action_id: `a${i}` })))], "no more than 25 items allowed [json-pointer:/blocks/0/elements]"],
  ["11 context elements", [{ type: "context", elements: Array.from({ length: 11 }, () => mrkdwn("c")) }], "no more than 10 items allowed [json-pointer:/blocks/0/elements]"],
  ["confirm title over 100", [actions([button({ confirm: confirm({ title: plain(x(101)) }) })])], "must be less than 101 characters [json-pointer:/blocks/0/elements/0/confirm/title/text]"],
  ["confirm text over 300", [actions([button({ confirm: confirm({ text: mrkdwn(x(301)) }) })])], "must be less than 301 characters [json-pointer:/blocks/0/elements/0/confirm/text/text]"],
  ["confirm button over 30", [actions([button({ confirm: confirm({ confirm: plain(x(31)) }) })])], "must be less than 31 characters [json-pointer:/blocks/0/elements/0/confirm/confirm/text]"],
  ["confirm deny over 30", [actions([button({ confirm: confirm({ deny: plain(x(31)) }) })])], "must be less than 31 characters [json-pointer:/blocks/0/elements/0/confirm/deny/text]"],
  ["confirm without deny", [actions([button({ confirm: { title: plain("t"), text: plain("t"), confirm: plain("y") } })])], "missing required field: deny [json-pointer:/blocks/0/elements/0/confirm]"],
  ["mrkdwn confirm title", [actions([button({ confirm: confirm({ title: mrkdwn("t") }) })])], "must be a valid enum value [json-pointer:/blocks/0/elements/0/confirm/title/type]"],
  ["unknown property (disabled)", [actions([button({ disabled: true })])], "invalid additional property: disabled [json-pointer:/blocks/0/elements/0/disabled]"],
  ["emoji on mrkdwn", [section("s", { text: { type: "mrkdwn", text: "s", emoji: true } })], "invalid additional property: emoji [json-pointer:/blocks/0/text/emoji]"],
  ["unknown block type", [{ type: "sectoin", text: mrkdwn("s") }], "must be a valid enum value [json-pointer:/blocks/0/type]"],
  ["block that is not an object", ["section"], "must provide an object [json-pointer:/blocks/0]"],
  ["button without text", [actions([{ type: "button", action_id: "a" }])], "missing required field: text [json-pointer:/blocks/0/elements/0]"]
]

describe("Block Kit validation through chat.postMessage", () => {
  it.each(invalid)("%s → invalid_blocks", async (_, blocks, message) => {
    const { data } = await platformError(client.chat.postMessage({ channel: "C0OPS", text: "t", blocks }))
    expect(data["error"]).toBe("invalid_blocks")
    expect(data["errors"]).toContain(message)
    // Slack repeats the errors as [ERROR] lines, which @slack/web-api logs.
    expect((data["response_metadata"] as { messages: Array<string> }).messages).toContain(`[ERROR] ${message}`)
  })

  it("accepts a digest at every limit", async () => {
    const blocks = [
      { type: "header", text: plain(x(150)) },
      section(x(3000), { block_id: x(255), accessory: button({ action_id: x(255), text: plain(x(75)), value: x(2000) }) }),
      { type: "section", fields: Array.from({ length: 10 }, () => mrkdwn("f")) },
      { type: "context", elements: Array.from({ length: 10 }, () => plain("c")) },
      actions(Array.from({ length: 25 }, (_, i) => button({ action_id: `a${i}`, style: i === 0 ? "primary" : "danger" }))),
      actions([button({ confirm: confirm({ title: plain(x(100)), text: plain(x(300)), confirm: plain(x(30)), deny: plain(x(30)), style: "danger" }) })]),
      { type: "divider" },
      // The same action_id is fine in another block.
      actions([button()]),
      ...Array.from({ length: 42 }, () => ({ type: "divider" }))
    ]
    expect(blocks).toHaveLength(50)
    expect(validateBlocks(blocks)).toEqual([])
    expect((await client.chat.postMessage({ channel: "C0OPS", text: "t", blocks })).ok).toBe(true)
  })

  it("too much text across blocks → msg_blocks_too_long", async () => {
    const blocks = Array.from({ length: 5 }, () => section(x(2500)))
    expect(cumulativeBlockText(blocks)).toBe(12_500)
    const { data } = await platformError(client.chat.postMessage({ channel: "C0OPS", text: "t", blocks }))
    expect(data).toMatchObject({ ok: false, error: "msg_blocks_too_long" })
    expect((await client.chat.postMessage({ channel: "C0OPS", text: "t", blocks: blocks.slice(0, 4) })).ok).toBe(true)
  })

  it("validates chat.postEphemeral blocks too", async () => {
    const { data } = await platformError(client.chat.postEphemeral({ channel: "C0OPS", user: "U0ALICE", text: "t", blocks: [section(x(3001))] }))
    expect(data["error"]).toBe("invalid_blocks")
  })
})
