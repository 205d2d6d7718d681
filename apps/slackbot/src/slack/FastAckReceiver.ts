/**
 * FastAckReceiver: Bolt's HTTPReceiver, except that a correctly signed `block_actions` click
 * is acked (HTTP 200, empty body) as soon as its signature checks out, and processed after.
 *
 * Why: HTTPReceiver acks from inside the listener, after parsing the body twice, building the
 * context and running the middleware chain: about a millisecond of event-loop time per
 * request, so in a burst of 200 clicks the last one waited ~200 ms for its ack. Slack ignores
 * the body of a block_actions ack, so answering first loses nothing; the click then goes
 * through `app.processEvent` as usual, with an `ack` that does nothing, once the burst is over
 * (see afterBurst.ts).
 *
 * Everything else (slash commands, whose ack carries the reply; url_verification; ssl_check;
 * a bad or stale signature, answered 401 with nothing done; a malformed body; /healthz and
 * other custom routes) goes to HTTPReceiver's own request listener unchanged, with the body
 * already read attached as `rawBody` (Bolt reuses a buffered body instead of reading again).
 */
import type { App, BufferedIncomingMessage, CustomRoute, Logger, ReceiverEvent } from "@slack/bolt"
import { HTTPModuleFunctions, HTTPReceiver, isValidSlackRequest } from "@slack/bolt"
import type { IncomingMessage, ServerResponse } from "node:http"
import type { AfterBurst } from "./afterBurst.js"

export interface FastAckReceiverOptions {
  readonly signingSecret: string
  readonly logger: Logger
  /** Where processing waits while a burst of requests is still being acked. */
  readonly afterBurst: AfterBurst
  readonly customRoutes?: ReadonlyArray<CustomRoute>
}

/** The one Request URL the bot serves (Bolt's default). */
const ENDPOINT = "/slack/events"
/** Exactly: Bolt reads any other content type (even with a charset) as JSON. */
const FORM = "application/x-www-form-urlencoded"
/** Slack posts interactions as a form with one field, `payload=<URL-encoded JSON>`. */
const PAYLOAD_FIELD = "payload="
const BLOCK_ACTIONS_PREFIX = PAYLOAD_FIELD + encodeURIComponent(`{"type":"block_actions"`)

/** The listener's ack once the HTTP answer has gone out: nothing left to answer. */
const alreadyAcked = async (): Promise<void> => {}

export class FastAckReceiver extends HTTPReceiver {
  private target: App | undefined

  constructor(private readonly options: FastAckReceiverOptions) {
    super({
      signingSecret: options.signingSecret,
      logger: options.logger,
      endpoints: ENDPOINT,
      customRoutes: [...(options.customRoutes ?? [])]
    })
    const bolt = this.requestListener
    this.requestListener = (req, res) => {
      if (req.method !== "POST" || req.url !== ENDPOINT) return bolt(req, res)
      options.afterBurst.arrived()
      // Only a form can be an interaction; an unknown length (chunked) or a body over Bolt's
      // limit is left for Bolt to read and refuse.
      const length = Number(req.headers["content-length"])
      if (req.headers["content-type"] !== FORM || !(length <= HTTPModuleFunctions.defaultBodyLimit)) return bolt(req, res)
      readBody(req, (raw) => {
        const body = raw.toString()
        if (!isBlockActions(body) || !this.signed(req, body)) {
          // A POST to the endpoint: Bolt answers it asynchronously and never throws here.
          ;(req as BufferedIncomingMessage).rawBody = raw
          return bolt(req, res)
        }
        res.writeHead(200)
        res.end()
        this.processLater(req, res, body)
      }, (error) => {
        // As HTTPReceiver answers a body it could not read.
        options.logger.warn(`Failed to parse and verify the request data: ${error.message}`)
        HTTPModuleFunctions.buildNoBodyResponse(res, 401)
      })
    }
  }

  override init(app: App): void {
    super.init(app)
    this.target = app
  }

  /** Bolt's own check: signed with our secret, and not older than five minutes. */
  private signed(req: IncomingMessage, body: string): boolean {
    const signature = req.headers["x-slack-signature"]
    const timestamp = req.headers["x-slack-request-timestamp"]
    return typeof signature === "string" && typeof timestamp === "string" && isValidSlackRequest({
      signingSecret: this.options.signingSecret,
      body,
      headers: { "x-slack-signature": signature, "x-slack-request-timestamp": Number(timestamp) }
    })
  }

  /**
   * Parses the (already acked) click and runs it through Bolt once the burst is over: decoding
   * a ~20 KB payload on the ack path added ~30 ms to the p99 of a 200-click burst. A failure is
   * logged as Bolt logs one that happens after the ack.
   */
  private processLater(req: IncomingMessage, res: ServerResponse, body: string): void {
    const { afterBurst, logger } = this.options
    // As HTTPReceiver builds the event: X-Slack-Retry-Num reaches listeners as context.retryNum.
    const retryNum = HTTPModuleFunctions.extractRetryNumFromHTTPRequest(req)
    const retryReason = HTTPModuleFunctions.extractRetryReasonFromHTTPRequest(req)
    afterBurst.defer(() => {
      const app = this.target
      if (app === undefined) return
      let payload: Record<string, unknown>
      try {
        payload = payloadOf(body)
      } catch (error) {
        return logger.warn(`Malformed request body: ${error instanceof Error ? error.message : String(error)}`)
      }
      const event: ReceiverEvent = {
        body: payload,
        ack: alreadyAcked,
        ...(retryNum === undefined ? {} : { retryNum }),
        ...(retryReason === undefined ? {} : { retryReason })
      }
      app.processEvent(event).catch((error: Error) =>
        HTTPModuleFunctions.defaultProcessEventErrorHandler({ error, logger, request: req, response: res, storedResponse: undefined })
      )
    })
  }
}

/**
 * A block_actions interaction, recognised without decoding it: Slack writes `type` first, so
 * the form starts `payload={"type":"block_actions"` URL-encoded, and holds no other field.
 * Anything else (another interaction, or keys in another order) takes Bolt's path. Decoding
 * waits until after the burst; a signed body that starts so but does not parse is therefore
 * acked and logged, where HTTPReceiver would answer 400 (only the secret's holder can send one).
 */
const isBlockActions = (body: string): boolean => body.startsWith(BLOCK_ACTIONS_PREFIX) && !body.includes("&")

/** What Bolt's parseHTTPRequestBody (querystring.parse + JSON.parse) makes of a one-field form. */
export const payloadOf = (body: string): Record<string, unknown> =>
  JSON.parse(decodeURIComponent(body.slice(PAYLOAD_FIELD.length).replaceAll("+", " ")))

/** Collects the request body; `failed` if the client goes away first. */
const readBody = (req: IncomingMessage, done: (raw: Buffer) => void, failed: (error: Error) => void) => {
  const chunks: Array<Buffer> = []
  req.on("data", (chunk: Buffer) => chunks.push(chunk))
  req.once("end", () => done(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)))
  req.once("error", failed)
}
