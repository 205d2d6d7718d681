import { randomBytes } from "node:crypto"

// Identifiers Slack generates: random enough to be unique, shaped like the real ones.
const ALPHANUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

const randomString = (length: number, alphabet = ALPHANUM): string => {
  const bytes = randomBytes(length)
  let out = ""
  for (const byte of bytes) out += alphabet[byte % alphabet.length]
  return out
}

/** Slack's auto-assigned block_id / action_id look like "8KR", "=qXel", "lMr". */
export const generatedBlockId = (): string => randomString(4, `${ALPHANUM}+=/`)
export const generatedActionId = (): string => randomString(4, `${ALPHANUM}+=/`)

/** "4916855695380.123456.0a1b2c…" like real trigger ids. */
export const triggerId = (seq: number): string =>
  `${4_900_000_000_000 + seq}.${randomString(6, "0123456789")}.${randomBytes(16).toString("hex")}`

/** Unguessable path part of a response_url. */
export const responseUrlId = (seq: number): string => `${seq}/${randomBytes(12).toString("hex")}`
