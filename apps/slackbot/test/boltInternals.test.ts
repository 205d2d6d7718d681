// What slack/FastAckReceiver.ts relies on in @slack/bolt, pinned one point at a time, so that
// a Bolt upgrade that changes any of them fails here, by name, instead of somewhere in a
// click's path. The receiver's behaviour end to end is in receiver.test.ts.
import { App, HTTPModuleFunctions, HTTPReceiver, isValidSlackRequest } from "@slack/bolt"
import type { IncomingMessage } from "node:http"
import { createHmac } from "node:crypto"
import { createRequire } from "node:module"
import type { AddressInfo } from "node:net"
import { describe, expect, it } from "vitest"
import { payloadOf } from "../src/slack/FastAckReceiver.js"

const CHECKED_AGAINST = "5.1.0"
const SECRET = "pinned-signing-secret"

const sign = (body: string, timestamp = Math.floor(Date.now() / 1000)) => ({
  "x-slack-request-timestamp": String(timestamp),
  "x-slack-signature": `v0=${createHmac("sha256", SECRET).update(`v0:${timestamp}:${body}`).digest("hex")}`
})

const fakeRequest = (headers: Record<string, string>, rawBody?: Buffer) =>
  ({ headers, ...(rawBody === undefined ? {} : { rawBody }) }) as unknown as IncomingMessage

const click = { type: "block_actions", actions: [{ action_id: "repeat", value: "1:j-a+b c%2B" }], note: "a+b & c=d" }
const clickForm = `payload=${encodeURIComponent(JSON.stringify(click))}`

describe("Bolt internals FastAckReceiver relies on", () => {
  it(`the Bolt version is the one they were checked against (${CHECKED_AGAINST})`, () => {
    const { version } = createRequire(import.meta.url)("@slack/bolt/package.json") as { version: string }
    expect(
      version,
      `FastAckReceiver was checked against @slack/bolt ${CHECKED_AGAINST}: re-read HTTPReceiver and ` +
        "HTTPModuleFunctions of the new version against every point of this file, then update CHECKED_AGAINST"
    ).toBe(CHECKED_AGAINST)
  })

  it("HTTPReceiver serves every request through this.requestListener, read at request time", async () => {
    class Replaced extends HTTPReceiver {
      constructor() {
        super({ signingSecret: SECRET })
        this.requestListener = (_req, res) => {
          res.writeHead(418)
          res.end()
        }
      }
    }
    const receiver = new Replaced()
    new App({ receiver, token: "xoxb-pinned", tokenVerificationEnabled: false }) // calls receiver.init
    const server = await receiver.start(0)
    try {
      const { port } = server.address() as AddressInfo
      const response = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: "POST", body: "{}" })
      expect(response.status, "the replaced requestListener must answer (FastAckReceiver wraps it)").toBe(418)
    } finally {
      await receiver.stop()
    }
  })

  it("a request that carries rawBody is not read again, and is verified from it", async () => {
    const headers = { "content-type": "application/x-www-form-urlencoded", ...sign(clickForm) }
    const req = fakeRequest(headers, Buffer.from(clickForm))
    // No stream to read: if Bolt tried to, this would hang or throw.
    const buffered = await HTTPModuleFunctions.parseAndVerifyHTTPRequest({ signingSecret: SECRET }, req)
    expect(buffered).toBe(req)
    await expect(
      HTTPModuleFunctions.parseAndVerifyHTTPRequest({ signingSecret: "another" }, fakeRequest(headers, Buffer.from(clickForm)))
    ).rejects.toThrow()
  })

  it("only the exact form content type is read as a form (anything else as JSON)", () => {
    const as = (type: string) => () =>
      HTTPModuleFunctions.parseHTTPRequestBody(fakeRequest({ "content-type": type }, Buffer.from(clickForm)) as never)
    expect(as("application/x-www-form-urlencoded")()).toEqual(click)
    expect(as("application/x-www-form-urlencoded; charset=utf-8")).toThrow()
  })

  it("payloadOf decodes a block_actions form exactly as Bolt does", () => {
    const bolt = HTTPModuleFunctions.parseHTTPRequestBody(
      fakeRequest({ "content-type": "application/x-www-form-urlencoded" }, Buffer.from(clickForm)) as never
    )
    expect(payloadOf(clickForm)).toEqual(bolt)
    // Some clients encode spaces as "+": querystring turns them back into spaces; so must we.
    const plus = clickForm.replaceAll("%20", "+")
    expect(payloadOf(plus)).toEqual(HTTPModuleFunctions.parseHTTPRequestBody(
      fakeRequest({ "content-type": "application/x-www-form-urlencoded" }, Buffer.from(plus)) as never
    ))
  })

  it("isValidSlackRequest checks the signature and refuses a request older than five minutes", () => {
    const check = (body: string, signed: Record<string, string>) =>
      isValidSlackRequest({
        signingSecret: SECRET,
        body,
        headers: {
          "x-slack-signature": signed["x-slack-signature"]!,
          "x-slack-request-timestamp": Number(signed["x-slack-request-timestamp"])
        }
      })
    expect(check(clickForm, sign(clickForm))).toBe(true)
    expect(check(`${clickForm}x`, sign(clickForm))).toBe(false)
    expect(check(clickForm, sign(clickForm, Math.floor(Date.now() / 1000) - 6 * 60))).toBe(false)
  })

  it("HTTPModuleFunctions keeps the helpers used on the ack path", () => {
    expect(HTTPModuleFunctions.defaultBodyLimit).toBeTypeOf("number")
    const retried = fakeRequest({ "x-slack-retry-num": "2", "x-slack-retry-reason": "http_timeout" })
    expect(HTTPModuleFunctions.extractRetryNumFromHTTPRequest(retried)).toBe(2)
    expect(HTTPModuleFunctions.extractRetryReasonFromHTTPRequest(retried)).toBe("http_timeout")
    expect(HTTPModuleFunctions.extractRetryNumFromHTTPRequest(fakeRequest({}))).toBeUndefined()
    const written: Array<number> = []
    HTTPModuleFunctions.buildNoBodyResponse({ writeHead: (s: number) => written.push(s), end: () => {} } as never, 401)
    expect(written).toEqual([401])
    expect(HTTPModuleFunctions.defaultProcessEventErrorHandler).toBeTypeOf("function")
  })

  it("App hands its receiver to init() and takes events through processEvent()", () => {
    let initialised: unknown
    class Spy extends HTTPReceiver {
      override init(app: App) {
        super.init(app)
        initialised = app
      }
    }
    const app = new App({ receiver: new Spy({ signingSecret: SECRET }), token: "xoxb-pinned", tokenVerificationEnabled: false })
    expect(initialised).toBe(app)
    expect(app.processEvent).toBeTypeOf("function")
  })
})
