import { describe, expect, it } from "vitest"
import { formEncode, isValidSlackSignature, signatureBaseString, signSlackRequest } from "../src/index.js"

// Slack's worked example (docs.slack.dev/authentication/verifying-requests-from-slack), as in
// shared/reference/slack-samples/signing-known-answer.json and slash-command.signing-example.*.
const vector = {
  secret: "8f742231b10e8888abcd99yyyzzz85a5",
  timestamp: "1531420618",
  rawBody:
    "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c",
  signature: "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
}
const decodedFields: Array<[string, string]> = [
  ["token", "xyzz0WbapA4vBCDEFasx0q6G"],
  ["team_id", "T1DC2JH3J"],
  ["team_domain", "testteamnow"],
  ["channel_id", "G8PSS9T3V"],
  ["channel_name", "foobar"],
  ["user_id", "U2CERLKJA"],
  ["user_name", "roadrunner"],
  ["command", "/webhook-collect"],
  ["text", ""],
  ["response_url", "https://hooks.slack.com/commands/T1DC2JH3J/397700885554/96rGlfmibIGlgcZRskXaIFfN"],
  ["trigger_id", "398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"]
]

describe("v0 request signing", () => {
  it("matches Slack's known-answer vector", () => {
    expect(signatureBaseString(vector.timestamp, vector.rawBody)).toBe(`v0:${vector.timestamp}:${vector.rawBody}`)
    expect(signSlackRequest(vector.secret, vector.timestamp, vector.rawBody)).toBe(vector.signature)
    expect(signSlackRequest(vector.secret, Number(vector.timestamp), vector.rawBody)).toBe(vector.signature)
  })

  it("verifies in constant time and rejects any change", () => {
    expect(isValidSlackSignature(vector.secret, vector.timestamp, vector.rawBody, vector.signature)).toBe(true)
    expect(isValidSlackSignature(vector.secret, Number(vector.timestamp) + 1, vector.rawBody, vector.signature)).toBe(false)
    expect(isValidSlackSignature(vector.secret, vector.timestamp, `${vector.rawBody}x`, vector.signature)).toBe(false)
    expect(isValidSlackSignature("other", vector.timestamp, vector.rawBody, vector.signature)).toBe(false)
    expect(isValidSlackSignature(vector.secret, vector.timestamp, vector.rawBody, "v0=short")).toBe(false)
  })

  it("encodes a slash-command form byte-for-byte like Slack's example", () => {
    expect(formEncode(decodedFields)).toBe(vector.rawBody)
  })
})
