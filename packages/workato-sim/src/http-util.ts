// Small node:http helpers: read a body, write a reply.
import type { IncomingMessage, ServerResponse } from "node:http"
import type { Body } from "./batch.js"

/** Documented resume payload limit is 50 MB; anything larger is refused with 413 (assumption). */
export const MAX_BODY_BYTES = 50 * 1024 * 1024 + 64 * 1024

export type ReadBody = Body | { readonly kind: "tooLarge" }

/**
 * Reads the whole body. JSON is parsed only when Content-Type says JSON (as a Rails API does);
 * any other body is treated as absent, so a client that forgets the header sees the missing-param 400.
 */
export const readBody = (req: IncomingMessage): Promise<ReadBody> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let tooLarge = false
    req.on("data", (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) tooLarge = true
      else chunks.push(chunk)
    })
    req.on("error", reject)
    req.on("end", () => {
      if (tooLarge) return resolve({ kind: "tooLarge" })
      const text = Buffer.concat(chunks).toString("utf8")
      const isJson = (req.headers["content-type"] ?? "").toLowerCase().includes("json")
      if (text.trim() === "" || !isJson) return resolve({ kind: "absent" })
      try {
        resolve({ kind: "json", value: JSON.parse(text) as unknown })
      } catch {
        resolve({ kind: "invalid" })
      }
    })
  })

/** What a handler answers; the server writes it (or drops it, for faults). */
export interface Reply {
  readonly status: number
  readonly json?: unknown
  /** Raw body (used for non-JSON or deliberately broken answers). */
  readonly text?: string
  readonly contentType?: string
  readonly headers?: Readonly<Record<string, string>>
}

export const jsonReply = (status: number, json: unknown, headers?: Record<string, string>): Reply =>
  headers ? { status, json, headers } : { status, json }

export const messageReply = (status: number, message: string, headers?: Record<string, string>): Reply =>
  jsonReply(status, { message }, headers)

export const writeReply = (res: ServerResponse, reply: Reply): void => {
  if (res.destroyed || res.headersSent) return
  const headers: Record<string, string> = { ...reply.headers }
  let payload: string | undefined
  if (reply.text !== undefined) {
    payload = reply.text
    headers["content-type"] = reply.contentType ?? "text/plain; charset=utf-8"
  } else if (reply.json !== undefined) {
    payload = JSON.stringify(reply.json)
    headers["content-type"] = "application/json; charset=utf-8"
  }
  if (payload !== undefined) headers["content-length"] = String(Buffer.byteLength(payload))
  res.writeHead(reply.status, headers)
  res.end(payload)
}
