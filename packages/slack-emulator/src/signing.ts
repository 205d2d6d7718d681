import { createHmac, timingSafeEqual } from "node:crypto"

/**
 * Slack's v0 request signature: `v0=` + hex HMAC-SHA256(secret, `v0:<timestamp>:<raw body>`).
 * The body must be the exact bytes sent (docs.slack.dev/authentication/verifying-requests-from-slack).
 */
export const signatureBaseString = (timestamp: number | string, rawBody: string): string =>
  `v0:${timestamp}:${rawBody}`

export const signSlackRequest = (signingSecret: string, timestamp: number | string, rawBody: string): string =>
  `v0=${createHmac("sha256", signingSecret).update(signatureBaseString(timestamp, rawBody)).digest("hex")}`

/** Constant-time check of a signature (no staleness check: that is the receiver's clock). */
export const isValidSlackSignature = (
  signingSecret: string,
  timestamp: number | string,
  rawBody: string,
  signature: string
): boolean => {
  const expected = Buffer.from(signSlackRequest(signingSecret, timestamp, rawBody))
  const actual = Buffer.from(signature)
  return expected.length === actual.length && timingSafeEqual(expected, actual)
}

/** The headers Slack sends with every signed request. */
export const signedHeaders = (
  signingSecret: string,
  timestamp: number | string,
  rawBody: string
): Record<string, string> => ({
  "X-Slack-Request-Timestamp": String(timestamp),
  "X-Slack-Signature": signSlackRequest(signingSecret, timestamp, rawBody)
})
