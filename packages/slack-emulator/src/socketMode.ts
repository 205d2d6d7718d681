import { randomBytes, randomUUID } from "node:crypto"
import type { IncomingMessage } from "node:http"
import type { Duplex } from "node:stream"
import { WebSocketServer, type WebSocket } from "ws"
import { isObject, type JsonObject } from "./json.js"
import type { EmulatorConfig } from "./options.js"

/** Envelope types Slack sends over Socket Mode (the emulator sends the first two). */
export type EnvelopeType = "slash_commands" | "interactive" | "events_api"

/** `reason` of Slack's `{"type":"disconnect"}` message. */
export type DisconnectReason = "refresh_requested" | "warning" | "link_disabled" | "too_many_websockets"

/** One WebSocket connection an app opened with a URL from apps.connections.open. */
export interface SocketConnectionRecord {
  /** 1, 2, … in the order the connections were opened. */
  readonly id: number
  readonly openedAt: number
  readonly closedAt?: number
  /** Close code: 1000 when the app closed normally, 1006 when the link was cut. */
  readonly closeCode?: number
  /** The `hello` message Slack sent first. */
  readonly hello: JsonObject
  /** Ping frames the app sent (answered with pongs, as Slack does). */
  readonly pingsReceived: number
  /** Ping frames the emulator sent (`socketPing`) and the pongs the app answered. */
  readonly pingsSent: number
  readonly pongsReceived: number
  /** `disconnect` messages sent on this connection, oldest first. */
  readonly disconnects: ReadonlyArray<DisconnectReason>
}

/** One envelope delivered to the app, and its acknowledgement. */
export interface SocketEnvelopeRecord {
  readonly envelopeId: string
  readonly type: EnvelopeType
  readonly connection: number
  /** The message as sent: `{ payload, envelope_id, type, accepts_response_payload }`. */
  readonly envelope: JsonObject
  readonly sentAt: number
  /** Set once the app answered `{"envelope_id": …}` on the socket. */
  readonly ack?: SocketAck
  /** Set when the connection closed or the wait ran out before an ack. */
  readonly failed?: string
}

export interface SocketAck {
  /** The ack's `payload` ({} when the app acknowledged without one; undefined when absent). */
  readonly payload: JsonObject | undefined
  /** The exact text frame the app sent. */
  readonly frame: string
  readonly at: number
}

export interface SocketModeOptions {
  /** Send a WebSocket ping to every connection this often (ms); false (default) sends none unless asked. */
  readonly pingIntervalMs?: number | false
  /** Open connections allowed per app (Slack: 10); one more gets `disconnect` `too_many_websockets`. */
  readonly maxConnections?: number
}

interface Pending {
  readonly record: Mutable<SocketEnvelopeRecord>
  readonly resolve: (ack: SocketAck) => void
  readonly reject: (error: Error) => void
  readonly timer: ReturnType<typeof setTimeout>
}

interface Live {
  readonly record: Mutable<SocketConnectionRecord> & { disconnects: Array<DisconnectReason> }
  readonly ws: WebSocket
  readonly pending: Map<string, Pending>
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/** Reported by the emulator's own Socket Mode host name, like Slack's "applink-…". */
const HOST = "applink-emulator"

/**
 * Slack's Socket Mode, server side: `apps.connections.open` hands out a one-time
 * `ws://…/link/?ticket=…&app_id=…` URL; a connection to it gets `hello`, then envelopes
 * (`slash_commands`, `interactive`) that the app must acknowledge with
 * `{"envelope_id": …, "payload"?: …}`. Pings from the app are answered with pongs (ws does it);
 * `ping()` and `disconnect()` drive the app's keep-alive and reconnect logic.
 * Wire shapes: docs.slack.dev "Using Socket Mode" (shared/reference/slack-bolt.md §1.3).
 */
export class SocketMode {
  private readonly server = new WebSocketServer({ noServer: true, autoPong: true })
  private readonly tickets = new Set<string>()
  private readonly live: Array<Live> = []
  private readonly connections: Array<Live["record"]> = []
  private readonly envelopes: Array<Mutable<SocketEnvelopeRecord>> = []
  private readonly maxConnections: number
  private readonly pinger: ReturnType<typeof setInterval> | undefined

  constructor(
    private readonly config: EmulatorConfig,
    private readonly wsBaseUrl: () => string,
    private readonly changed: () => void,
    options: SocketModeOptions = {}
  ) {
    this.maxConnections = options.maxConnections ?? 10
    const every = options.pingIntervalMs ?? false
    this.pinger = every === false ? undefined : setInterval(() => this.ping(), every)
    this.pinger?.unref()
  }

  /** apps.connections.open: a fresh single-use URL. */
  openUrl(): string {
    const ticket = randomBytes(16).toString("hex")
    this.tickets.add(ticket)
    return `${this.wsBaseUrl()}/link/?ticket=${ticket}&app_id=${this.config.appId}`
  }

  /** The HTTP server's `upgrade` event. Unknown path or ticket → 401/404 without upgrading. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? "/", "http://emulator")
    const refuse = (status: string) => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
    }
    if (url.pathname !== "/link/" && url.pathname !== "/link") return refuse("404 Not Found")
    const ticket = url.searchParams.get("ticket") ?? ""
    // A ticket opens one connection: reconnecting needs a new apps.connections.open.
    if (!this.tickets.delete(ticket)) return refuse("401 Unauthorized")
    const debugReconnects = url.searchParams.get("debug_reconnects") === "true"
    this.server.handleUpgrade(req, socket, head, (ws) => this.accept(ws, debugReconnects))
  }

  private accept(ws: WebSocket, debugReconnects: boolean): void {
    const open = this.live.length + 1
    const hello: JsonObject = {
      type: "hello",
      num_connections: open,
      debug_info: {
        host: HOST,
        build_number: 1,
        // Seconds until Slack would refresh the connection; the documented debug value with debug_reconnects.
        approximate_connection_time: debugReconnects ? 360 : 18060
      },
      connection_info: { app_id: this.config.appId }
    }
    const record: Live["record"] = {
      id: this.connections.length + 1,
      openedAt: this.config.now(),
      hello,
      pingsReceived: 0,
      pingsSent: 0,
      pongsReceived: 0,
      disconnects: []
    }
    this.connections.push(record)
    const live: Live = { record, ws, pending: new Map() }
    ws.on("ping", () => this.touch(() => record.pingsReceived++))
    ws.on("pong", () => this.touch(() => record.pongsReceived++))
    ws.on("message", (data, isBinary) => {
      if (!isBinary) this.onFrame(live, String(data))
    })
    ws.on("close", (code) => this.onClose(live, code))
    ws.on("error", () => undefined) // a reset link ends in "close" too
    if (open > this.maxConnections) {
      // Over the limit the link opens and is told to go away.
      this.sendDisconnect(live, "too_many_websockets")
      ws.close(1000)
      this.changed()
      return
    }
    this.live.push(live)
    ws.send(JSON.stringify(hello))
    this.changed()
  }

  private touch(update: () => void): void {
    update()
    this.changed()
  }

  /** An app frame: an ack `{"envelope_id": …, "payload"?: …}`; anything else is ignored, like Slack. */
  private onFrame(live: Live, frame: string): void {
    let parsed: unknown
    try {
      parsed = JSON.parse(frame)
    } catch {
      return
    }
    if (!isObject(parsed) || typeof parsed["envelope_id"] !== "string") return
    const envelopeId = parsed["envelope_id"]
    const pending = live.pending.get(envelopeId)
    // Acks of unknown or already acknowledged envelopes are ignored.
    if (pending === undefined) return
    const payload = parsed["payload"]
    const ack: SocketAck = { payload: isObject(payload) ? payload : undefined, frame, at: this.config.now() }
    pending.record.ack = ack
    live.pending.delete(envelopeId)
    clearTimeout(pending.timer)
    pending.resolve(ack)
    this.changed()
  }

  private onClose(live: Live, code: number): void {
    live.record.closedAt = this.config.now()
    live.record.closeCode = code
    const index = this.live.indexOf(live)
    if (index >= 0) this.live.splice(index, 1)
    for (const [envelopeId, pending] of live.pending) {
      clearTimeout(pending.timer)
      pending.record.failed = "the connection closed before the app acknowledged"
      pending.reject(new Error(`slack-emulator: connection ${live.record.id} closed before envelope ${envelopeId} was acknowledged`))
    }
    live.pending.clear()
    this.changed()
  }

  /**
   * Sends an envelope on the newest open connection and resolves with the app's ack.
   * Rejects when no connection is open, when it closes first, or after `timeoutMs`.
   */
  deliver(type: EnvelopeType, payload: JsonObject, timeoutMs = 10_000): Promise<{ readonly record: SocketEnvelopeRecord; readonly ack: SocketAck }> {
    const live = this.live.at(-1)
    if (live === undefined) {
      return Promise.reject(new Error("slack-emulator: no Socket Mode connection is open (start the app in Socket Mode with the emulator's appToken first)"))
    }
    const envelopeId = randomUUID()
    // Field order of Slack's documented examples.
    const envelope: JsonObject = { payload, envelope_id: envelopeId, type, accepts_response_payload: true }
    const record: Mutable<SocketEnvelopeRecord> = { envelopeId, type, connection: live.record.id, envelope, sentAt: this.config.now() }
    this.envelopes.push(record)
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        live.pending.delete(envelopeId)
        record.failed = `no ack within ${timeoutMs} ms`
        this.changed()
        reject(new Error(`slack-emulator: the app did not acknowledge ${type} envelope ${envelopeId} within ${timeoutMs} ms`))
      }, timeoutMs)
      live.pending.set(envelopeId, { record, resolve: (ack) => resolve({ record, ack }), reject, timer })
      live.ws.send(JSON.stringify(envelope), (error) => {
        if (error === undefined || error === null) return
        clearTimeout(timer)
        live.pending.delete(envelopeId)
        record.failed = `send failed: ${error.message}`
        reject(error)
      })
      this.changed()
    })
  }

  /** Sends a WebSocket ping to every open connection; returns how many were pinged. */
  ping(): number {
    for (const live of this.live) {
      live.record.pingsSent++
      live.ws.ping(Buffer.from(`ping-${live.record.pingsSent}`))
    }
    if (this.live.length > 0) this.changed()
    return this.live.length
  }

  /**
   * Sends Slack's `{"type":"disconnect","reason":…}` to every open connection (or one, by
   * id). The app is expected to close it and reconnect with a new apps.connections.open.
   */
  disconnect(reason: DisconnectReason = "refresh_requested", connection?: number): number {
    const targets = this.live.filter((l) => connection === undefined || l.record.id === connection)
    for (const live of targets) this.sendDisconnect(live, reason)
    if (targets.length > 0) this.changed()
    return targets.length
  }

  private sendDisconnect(live: Live, reason: DisconnectReason): void {
    live.record.disconnects.push(reason)
    live.ws.send(JSON.stringify({ type: "disconnect", reason, debug_info: { host: HOST } }))
  }

  /** Cuts every open connection without a close handshake (a network failure). */
  drop(): number {
    const count = this.live.length
    for (const live of [...this.live]) live.ws.terminate()
    return count
  }

  /** Number of connections open now. */
  get openConnections(): number {
    return this.live.length
  }

  connectionRecords(): ReadonlyArray<SocketConnectionRecord> {
    return this.connections
  }

  envelopeRecords(): ReadonlyArray<SocketEnvelopeRecord> {
    return this.envelopes
  }

  clear(): void {
    this.envelopes.length = 0
  }

  close(): void {
    if (this.pinger !== undefined) clearInterval(this.pinger)
    for (const live of [...this.live]) live.ws.terminate()
    this.tickets.clear()
    this.server.close()
  }
}
