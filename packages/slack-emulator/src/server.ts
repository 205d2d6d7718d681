import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import type { Faults } from "./faults.js"
import type { Json, JsonObject } from "./json.js"
import type { RecordedCall } from "./records.js"
import { mediaType, parseArgs, readBody } from "./requestBody.js"
import type { ResponseUrls } from "./responseUrls.js"
import type { SocketMode } from "./socketMode.js"
import { platformError, rateLimited, type ApiAnswer, type WebApi } from "./webApi.js"

export interface ServerParts {
  readonly webApi: WebApi
  readonly responseUrls: ResponseUrls
  /** Socket Mode: WebSocket upgrades of `/link/?ticket=…`. */
  readonly socketMode: SocketMode
  readonly faults: Faults
  readonly now: () => number
  readonly recordCall: (call: RecordedCall) => void
  readonly changed: () => void
  /** JSON snapshot for out-of-process users (GET /_emulator/state). */
  readonly state: () => JsonObject
}

// Scopes a bot with this manifest has; @slack/web-api copies them into response_metadata.scopes.
const SCOPES = "chat:write,chat:write.public,commands,channels:history,groups:history"

/**
 * The HTTP face of the emulator: `/api/<method>` (Web API), `/response/<id>` (response_url
 * endpoints), `/_emulator/state` (read-only JSON of the records) and WebSocket upgrades of
 * `/link/` (Socket Mode).
 */
export const listen = async (host: string, port: number, parts: ServerParts): Promise<{ server: Server; port: number }> => {
  const server = createServer((req, res) => {
    route(req, res, parts).catch((error: unknown) => {
      if (!res.headersSent) writeJson(res, 500, { ok: false, error: "internal_error", detail: String(error) })
      else res.destroy()
    })
  })
  server.on("upgrade", (req, socket, head) => parts.socketMode.upgrade(req, socket, head))
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(port, host, () => resolve())
  })
  return { server, port: (server.address() as AddressInfo).port }
}

const route = async (req: IncomingMessage, res: ServerResponse, parts: ServerParts): Promise<void> => {
  const url = new URL(req.url ?? "/", "http://emulator")
  const body = await readBody(req)
  if (url.pathname.startsWith("/api/")) return webApiRequest(req, res, url, body, parts)
  if (url.pathname.startsWith("/response/") && req.method === "POST") {
    const answer = parts.responseUrls.post(url.pathname.slice("/response/".length), body)
    parts.changed()
    return writeJson(res, answer.status, answer.body)
  }
  if (url.pathname === "/_emulator/state" && req.method === "GET") return writeJson(res, 200, parts.state())
  writeJson(res, 404, { ok: false, error: "not_found" })
}

const webApiRequest = (req: IncomingMessage, res: ServerResponse, url: URL, body: string, parts: ServerParts): void => {
  const method = decodeURIComponent(url.pathname.slice("/api/".length))
  const contentType = req.headers["content-type"] ?? ""
  const parsed = parseArgs(url.searchParams, contentType, body)
  const args: Record<string, Json> = parsed.ok ? parsed.args : {}
  const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? "")?.[1]?.trim()
  // Slack reads a body `token` only from forms/queries; JSON bodies must use the header.
  const fieldToken = mediaType(contentType) === "application/json" ? undefined : args["token"]
  const token = bearer ?? (typeof fieldToken === "string" ? fieldToken : undefined)
  const { token: _dropped, ...recordedArgs } = args

  const record = (answer: ApiAnswer, fault?: string): void => {
    const error = answer.body["error"]
    parts.recordCall({
      method,
      args: recordedArgs,
      ok: answer.body["ok"] === true,
      ...(typeof error === "string" ? { error } : {}),
      status: answer.status,
      at: parts.now(),
      contentType,
      bearer: bearer !== undefined,
      ...(fault === undefined ? {} : { fault })
    })
    parts.changed()
  }
  const apply = (): ApiAnswer =>
    parsed.ok
      ? parts.webApi.handle({ method, args, token, bearer: bearer !== undefined, warnings: parsed.warnings })
      : platformError(parsed.error)

  const fault = parts.webApi.isKnown(method) ? parts.faults.take(method) : undefined
  switch (fault?.kind) {
    case "hang":
      record({ status: 0, body: { ok: false, error: "hang" } }, fault.kind)
      return // the socket stays open until the client gives up or the emulator closes
    case "applyThenHang":
      record(apply(), fault.kind)
      return
    case "drop":
      record({ status: 0, body: { ok: false, error: "dropped" } }, fault.kind)
      req.socket.destroy()
      return
    case "applyThenDrop":
      // The answer Slack would have sent is recorded (status, ok), but never written.
      record(apply(), fault.kind)
      req.socket.destroy()
      return
    case "status":
      record({ status: fault.status, body: { ok: false, error: `http_${fault.status}` } }, fault.kind)
      res.writeHead(fault.status, { "Content-Type": "text/plain" })
      res.end(fault.body ?? "Service Unavailable")
      return
  }
  const answer: ApiAnswer =
    fault?.kind === "error"
      ? platformError(fault.error)
      : fault?.kind === "ratelimited"
        ? rateLimited(fault.retryAfter ?? 1)
        : apply()
  record(answer, fault?.kind)
  writeJson(res, answer.status, answer.body, { "X-OAuth-Scopes": SCOPES, ...answer.headers })
}

const writeJson = (res: ServerResponse, status: number, body: JsonObject, headers: Readonly<Record<string, string>> = {}): void => {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
    ...headers
  })
  res.end(text)
}
