import type { IncomingMessage } from "node:http"
import { isObject, type Json } from "./json.js"

/** Request bodies are small; cap them so a runaway client cannot exhaust memory. */
const MAX_BODY_BYTES = 8 * 1024 * 1024

export const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = []
    let size = 0
    req.on("data", (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        reject(new Error("request body too large"))
        req.destroy()
        return
      }
      chunks.push(chunk)
    })
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
    req.on("error", reject)
  })

/** "application/json; charset=utf-8" → "application/json". */
export const mediaType = (contentType: string | undefined): string =>
  (contentType ?? "").split(";")[0]!.trim().toLowerCase()

export type ParsedArgs =
  | { readonly ok: true; readonly args: Record<string, Json>; readonly warnings: ReadonlyArray<string> }
  | { readonly ok: false; readonly error: string }

// Fields the SDK sends as JSON strings inside a form (shared/reference/slack-bolt.md §1.6).
const JSON_FIELDS = ["blocks", "attachments", "metadata"] as const
const BOOLEAN_FIELDS = ["reply_broadcast", "unfurl_links", "unfurl_media", "mrkdwn", "as_user", "link_names", "parse"]

/**
 * Web API arguments from the query string plus a form or JSON body, as Slack reads them.
 * JSON-in-form fields are decoded when they parse; otherwise the raw string stays so the
 * method can answer `invalid_blocks_format` etc. JSON bodies without a charset get Slack's
 * `missing_charset` warning.
 */
export const parseArgs = (query: URLSearchParams, contentType: string | undefined, body: string): ParsedArgs => {
  const args: Record<string, Json> = {}
  for (const [k, v] of query) args[k] = v
  const warnings: Array<string> = []
  const type = mediaType(contentType)
  if (body.length > 0) {
    if (type === "application/json") {
      let parsed: unknown
      try {
        parsed = JSON.parse(body)
      } catch {
        return { ok: false, error: "invalid_json" }
      }
      if (!isObject(parsed)) return { ok: false, error: "invalid_json" }
      Object.assign(args, parsed)
      if (!/charset=/i.test(contentType ?? "")) warnings.push("missing_charset")
    } else if (type === "application/x-www-form-urlencoded" || type === "") {
      for (const [k, v] of new URLSearchParams(body)) args[k] = v
      for (const k of BOOLEAN_FIELDS) if (args[k] === "true" || args[k] === "false") args[k] = args[k] === "true"
    } else if (type === "multipart/form-data") {
      return { ok: false, error: "invalid_form_data" }
    } else {
      return { ok: false, error: "invalid_form_data" }
    }
  }
  for (const k of JSON_FIELDS) {
    const v = args[k]
    if (typeof v === "string" && v !== "") {
      try {
        args[k] = JSON.parse(v) as Json
      } catch {
        // left as a string: the method reports the field-specific error
      }
    }
  }
  return { ok: true, args, warnings }
}
