import { responseUrlId } from "./ids.js"
import { isObject, type Json, type JsonObject } from "./json.js"
import { checkContent, isContentError } from "./messageContent.js"
import type { EmulatorConfig } from "./options.js"
import type { RecordedResponse } from "./records.js"
import type { StoredEphemeral, StoredMessage, Workspace } from "./workspace.js"

type Target = { readonly kind: "message"; readonly message: StoredMessage } | { readonly kind: "ephemeral"; readonly message: StoredEphemeral }

interface Issued {
  readonly id: string
  readonly url: string
  readonly issuedFor: "slash_command" | "block_actions"
  readonly channel: string
  readonly user: string
  readonly createdAt: number
  /** The message `replace_original` / `delete_original` act on. */
  target: Target | undefined
  uses: number
}

export interface ResponseAnswer {
  readonly status: number
  readonly body: JsonObject
}

/**
 * The response_url endpoints the emulator hands out in slash-command and block_actions
 * payloads. A POST is applied the way Slack does (shared/reference/slack-bolt.md §2.3):
 * `delete_original`, `replace_original` (on the message that carried the button, or the
 * previous reply of a slash command), else a new message: ephemeral to the invoking user
 * by default, or `response_type: "in_channel"`. Up to `maxUses` uses within `ttlMillis`.
 */
export class ResponseUrls {
  private readonly issued = new Map<string, Issued>()
  private readonly log: Array<RecordedResponse> = []
  private seq = 0

  constructor(
    private readonly config: EmulatorConfig,
    private readonly workspace: Workspace,
    private readonly baseUrl: () => string
  ) {}

  issue(input: { issuedFor: Issued["issuedFor"]; channel: string; user: string; target?: Target }): string {
    const id = responseUrlId(++this.seq)
    const url = `${this.baseUrl()}/response/${id}`
    this.issued.set(id, {
      id,
      url,
      issuedFor: input.issuedFor,
      channel: input.channel,
      user: input.user,
      createdAt: this.config.now(),
      target: input.target,
      uses: 0
    })
    return url
  }

  /** A POST to `/response/<id>`. */
  post(id: string, rawBody: string): ResponseAnswer {
    const issued = this.issued.get(id)
    if (issued === undefined) return { status: 404, body: { ok: false, error: "invalid_url" } }
    const body = parseBody(rawBody)
    const fail = (status: number, error: string, extra: JsonObject = {}): ResponseAnswer => {
      this.record(issued, body ?? rawBody, status, error)
      return { status, body: { ok: false, error, ...extra } }
    }
    if (this.config.now() - issued.createdAt > this.config.responseUrlTtlMillis) return fail(404, "expired_url")
    if (issued.uses >= this.config.responseUrlMaxUses) return fail(404, "used_url")
    if (body === undefined) return fail(400, "invalid_payload")
    const result = this.apply(issued, body, "response_url")
    if ("error" in result) return fail(result.status, result.error, result.extra)
    issued.uses += 1
    this.record(issued, body, 200, result.outcome, result.ts)
    return { status: 200, body: { ok: true } }
  }

  /**
   * What Slack does with a non-empty HTTP answer to a slash command: shows it like a
   * response_url message (ephemeral unless `response_type: in_channel`), without using up the URL.
   */
  applyAck(url: string, body: JsonObject): RecordedResponse | undefined {
    const issued = [...this.issued.values()].find((i) => i.url === url)
    if (issued === undefined) return undefined
    const result = this.apply(issued, body, "ack")
    return "error" in result
      ? this.record(issued, body, result.status, result.error)
      : this.record(issued, body, 200, result.outcome, result.ts)
  }

  private apply(
    issued: Issued,
    body: JsonObject,
    via: "response_url" | "ack"
  ): { outcome: string; ts: string } | { status: number; error: string; extra?: JsonObject } {
    const target = issued.target
    if (body["delete_original"] === true || body["delete_original"] === "true") {
      if (target === undefined || target.message.deleted) return { status: 404, error: "message_not_found" }
      this.workspace.delete(target.message)
      return { outcome: "deleted", ts: target.message.ts }
    }
    // Slack does not apply the cumulative block-text limit here (bolt-js #2867: respond() accepted blocks chat.postMessage refused).
    const content = checkContent(body, { longText: this.config.longText, cumulativeBlockText: false })
    if (isContentError(content)) {
      const extra: JsonObject | undefined = content.errors === undefined ? undefined : { errors: [...content.errors] }
      return extra === undefined ? { status: 400, error: content.error } : { status: 400, error: content.error, extra }
    }
    const replace = body["replace_original"] === true || body["replace_original"] === "true"
    if (replace && target !== undefined && !target.message.deleted) {
      // Replacing keeps the message where it is: an ephemeral stays ephemeral (it cannot become in_channel).
      this.workspace.update(target.message, { text: content.text ?? "", blocks: content.blocks ?? [], attachments: content.attachments }, via)
      return { outcome: "replaced", ts: target.message.ts }
    }
    const threadTs = typeof body["thread_ts"] === "string" ? body["thread_ts"] : undefined
    let created: Target
    if (body["response_type"] === "in_channel") {
      created = {
        kind: "message",
        message: this.workspace.postMessage({
          channel: issued.channel,
          content,
          user: this.config.botUserId,
          bot: true,
          via,
          thread_ts: threadTs
        })
      }
    } else {
      created = {
        kind: "ephemeral",
        message: this.workspace.postEphemeral({ channel: issued.channel, user: issued.user, content, via, thread_ts: threadTs })
      }
    }
    // A slash command has no original message: its later replace_original acts on its last reply.
    if (issued.issuedFor === "slash_command") issued.target = created
    return { outcome: created.kind === "message" ? "posted_in_channel" : "posted_ephemeral", ts: created.message.ts }
  }

  private record(issued: Issued, body: Json, status: number, outcome: string, ts?: string): RecordedResponse {
    const entry: RecordedResponse = {
      responseUrl: issued.url,
      issuedFor: issued.issuedFor,
      channel: issued.channel,
      user: issued.user,
      body,
      status,
      outcome,
      ...(ts === undefined ? {} : { ts }),
      at: this.config.now()
    }
    this.log.push(entry)
    return entry
  }

  responses(responseUrl?: string): ReadonlyArray<RecordedResponse> {
    return responseUrl === undefined ? this.log : this.log.filter((r) => r.responseUrl === responseUrl)
  }

  clear(): void {
    this.log.length = 0
  }
}

/** Bolt's respond() posts JSON; Slack also takes a form with `payload=<json>`. */
const parseBody = (raw: string): JsonObject | undefined => {
  const tryJson = (text: string): JsonObject | undefined => {
    try {
      const parsed: unknown = JSON.parse(text)
      return isObject(parsed) ? parsed : undefined
    } catch {
      return undefined
    }
  }
  const json = tryJson(raw)
  if (json !== undefined) return json
  const payload = new URLSearchParams(raw).get("payload")
  return payload === null ? undefined : tryJson(payload)
}
