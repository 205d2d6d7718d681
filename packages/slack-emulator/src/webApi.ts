import { historyPage, parseHistoryArgs } from "./history.js"
import { checkContent, isContentError, type ContentError, type ContentRules } from "./messageContent.js"
import type { Json, JsonObject } from "./json.js"
import { checkMetadata } from "./metadata.js"
import type { EmulatorConfig } from "./options.js"
import type { ChannelRateLimiter, MethodRateLimiter } from "./rateLimit.js"
import { wireMessage } from "./wireMessage.js"
import type { Workspace } from "./workspace.js"

/** An HTTP answer of the Web API: business errors are HTTP 200 with `ok:false`, as on Slack. */
export interface ApiAnswer {
  readonly status: number
  readonly body: JsonObject
  readonly headers?: Readonly<Record<string, string>>
}

export interface ApiRequest {
  readonly method: string
  readonly args: Readonly<Record<string, Json>>
  /** Token from `Authorization: Bearer` (preferred) or the `token` field of a form/query. */
  readonly token: string | undefined
  /** Whether `token` came from the Authorization header. */
  readonly bearer: boolean
  readonly warnings: ReadonlyArray<string>
}

const ok = (body: JsonObject, warnings: ReadonlyArray<string> = []): ApiAnswer => {
  const answer: JsonObject = { ok: true, ...body }
  if (warnings.length > 0) {
    answer["warning"] = warnings.join(",")
    answer["response_metadata"] = { warnings: [...warnings] }
  }
  return { status: 200, body: answer }
}

export const platformError = (error: string, extra: JsonObject = {}): ApiAnswer => ({
  status: 200,
  body: { ok: false, error, ...extra }
})

const contentError = (e: ContentError): ApiAnswer =>
  e.errors === undefined
    ? platformError(e.error)
    : platformError(e.error, {
        errors: [...e.errors],
        response_metadata: { messages: e.errors.map((m) => `[ERROR] ${m}`) }
      })

export const rateLimited = (retryAfterSeconds: number): ApiAnswer => ({
  status: 429,
  body: { ok: false, error: "ratelimited" },
  headers: { "Retry-After": String(retryAfterSeconds) }
})

const str = (value: Json | undefined): string | undefined =>
  typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined

type Handler = (request: ApiRequest) => ApiAnswer

/**
 * The Web API methods the bot uses (shared/reference/slack-bolt.md §4.3), with Slack's
 * argument handling and error codes.
 */
export class WebApi {
  private readonly handlers: Readonly<Record<string, Handler>>
  private readonly rules: ContentRules

  constructor(
    private readonly config: EmulatorConfig,
    private readonly workspace: Workspace,
    private readonly limiter: ChannelRateLimiter | undefined,
    private readonly methodLimiter: MethodRateLimiter | undefined,
    /** apps.connections.open: a new Socket Mode URL. */
    private readonly openSocketUrl: () => string
  ) {
    this.rules = { longText: config.longText, cumulativeBlockText: config.cumulativeBlockTextLimit }
    this.handlers = {
      "api.test": (r) => ok({ args: { ...r.args } }),
      "apps.connections.open": () => ok({ url: this.openSocketUrl() }),
      "auth.test": () => this.authTest(),
      "chat.postMessage": (r) => this.postMessage(r),
      "chat.update": (r) => this.update(r),
      "chat.postEphemeral": (r) => this.postEphemeral(r),
      "chat.delete": (r) => this.delete(r),
      "chat.getPermalink": (r) => this.permalink(r),
      "conversations.history": (r) => this.history(r),
      "users.info": (r) => this.usersInfo(r)
    }
  }

  isKnown(method: string): boolean {
    return Object.hasOwn(this.handlers, method)
  }

  handle(request: ApiRequest): ApiAnswer {
    const handler = this.handlers[request.method]
    if (handler === undefined) return platformError("unknown_method", { req_method: request.method })
    // api.test is the one method Slack answers without a token.
    if (request.method !== "api.test") {
      const refused = this.authError(request)
      if (refused !== undefined) return platformError(refused)
    }
    const answer = handler(request)
    if (!answer.body["ok"] || request.warnings.length === 0) return answer
    return ok({ ...answer.body }, [...request.warnings, ...warningsOf(answer.body)])
  }

  /**
   * Token types as Slack checks them: apps.connections.open wants the app-level token in the
   * Authorization header (a bot token → not_allowed_token_type; the app token as a form field
   * → invalid_auth, python-slack-sdk #1877); every other method here wants the bot token
   * (an app-level token → not_allowed_token_type).
   */
  private authError(request: ApiRequest): string | undefined {
    const { token } = request
    if (token === undefined || token === "") return "not_authed"
    if (request.method === "apps.connections.open") {
      if (token === this.config.botToken) return "not_allowed_token_type"
      return token === this.config.appToken && request.bearer ? undefined : "invalid_auth"
    }
    if (token === this.config.appToken) return "not_allowed_token_type"
    return token === this.config.botToken ? undefined : "invalid_auth"
  }

  private authTest(): ApiAnswer {
    const c = this.config
    return ok({
      url: `https://${c.teamDomain}.slack.com/`,
      team: c.teamName,
      user: "workato-jobs",
      team_id: c.teamId,
      user_id: c.botUserId,
      bot_id: c.botId,
      is_enterprise_install: false
    })
  }

  private postMessage({ args }: ApiRequest): ApiAnswer {
    const channel = this.workspace.channel(str(args["channel"]) ?? "")
    if (channel === undefined) return platformError("channel_not_found")
    const content = checkContent(args, this.rules)
    if (isContentError(content)) return contentError(content)
    const metadata = checkMetadata(args["metadata"])
    if (!metadata.ok) return platformError(metadata.error)
    if (this.limiter !== undefined) {
      const decision = this.limiter.take(channel.id)
      if (!decision.ok) return rateLimited(decision.retryAfterSeconds)
    }
    const message = this.workspace.postMessage({
      channel: channel.id,
      content,
      user: this.config.botUserId,
      bot: true,
      via: "chat.postMessage",
      thread_ts: str(args["thread_ts"]),
      metadata: metadata.metadata
    })
    return ok({ channel: channel.id, ts: message.ts, message: wireMessage(message, this.config) }, content.warnings)
  }

  private update({ args }: ApiRequest): ApiAnswer {
    const channel = this.workspace.channel(str(args["channel"]) ?? "")
    if (channel === undefined) return platformError("channel_not_found")
    const message = this.workspace.findMessage(channel.id, str(args["ts"]) ?? "")
    // Ephemerals are not addressable by chat.update: Slack answers message_not_found.
    if (message === undefined || message.deleted) return platformError("message_not_found")
    if (message.bot_id !== this.config.botId) return platformError("cant_update_message")
    const content = checkContent(args, this.rules, false)
    if (isContentError(content)) return contentError(content)
    const metadata = checkMetadata(args["metadata"])
    if (!metadata.ok) return platformError(metadata.error)
    const text = content.text ?? message.text
    const blocks = content.blocks ?? message.blocks
    if (text === "" && blocks.length === 0 && (content.attachments ?? message.attachments ?? []).length === 0) {
      return platformError("no_text")
    }
    this.workspace.update(message, content, "chat.update")
    // Omitted metadata is kept, like text and blocks.
    if (metadata.metadata !== undefined) message.metadata = metadata.metadata
    return ok(
      { channel: channel.id, ts: message.ts, text: message.text, message: wireMessage(message, this.config) },
      content.warnings
    )
  }

  private postEphemeral({ args }: ApiRequest): ApiAnswer {
    const channel = this.workspace.channel(str(args["channel"]) ?? "")
    if (channel === undefined) return platformError("channel_not_found")
    const userId = str(args["user"])
    if (userId === undefined || userId === "") return platformError("user_not_found")
    if (this.workspace.user(userId) === undefined) return platformError("user_not_in_channel")
    const content = checkContent(args, this.rules)
    if (isContentError(content)) return contentError(content)
    const ephemeral = this.workspace.postEphemeral({
      channel: channel.id,
      user: userId,
      content,
      via: "chat.postEphemeral",
      thread_ts: str(args["thread_ts"])
    })
    return ok({ message_ts: ephemeral.ts }, content.warnings)
  }

  private delete({ args }: ApiRequest): ApiAnswer {
    const channel = this.workspace.channel(str(args["channel"]) ?? "")
    if (channel === undefined) return platformError("channel_not_found")
    const message = this.workspace.findMessage(channel.id, str(args["ts"]) ?? "")
    if (message === undefined || message.deleted) return platformError("message_not_found")
    if (message.bot_id !== this.config.botId) return platformError("cant_delete_message")
    this.workspace.delete(message)
    return ok({ channel: channel.id, ts: message.ts })
  }

  private permalink({ args }: ApiRequest): ApiAnswer {
    const channel = this.workspace.channel(str(args["channel"]) ?? "")
    if (channel === undefined) return platformError("channel_not_found")
    const message = this.workspace.findMessage(channel.id, str(args["message_ts"]) ?? "")
    if (message === undefined || message.deleted) return platformError("message_not_found")
    return ok({
      channel: channel.id,
      permalink: `https://${this.config.teamDomain}.slack.com/archives/${channel.id}/p${message.ts.replace(".", "")}`
    })
  }

  /** docs.slack.dev/reference/methods/conversations.history; paging rules in history.ts. */
  private history({ method, args }: ApiRequest): ApiAnswer {
    // Tier limits count every call of the method, whatever its arguments.
    if (this.methodLimiter !== undefined) {
      const decision = this.methodLimiter.take(method)
      if (!decision.ok) return rateLimited(decision.retryAfterSeconds)
    }
    const channel = this.workspace.channel(str(args["channel"]) ?? "")
    if (channel === undefined) return platformError("channel_not_found")
    // A bot token reads only conversations the bot is a member of.
    if (!this.workspace.isBotMember(channel.id)) return platformError("not_in_channel")
    const parsed = parseHistoryArgs(args)
    if (!parsed.ok) return platformError(parsed.error)
    const visible = this.workspace.allMessages(channel.id).filter(shownInHistory)
    return ok(historyPage(visible, parsed.query, (m) => wireMessage(m, this.config)))
  }

  private usersInfo({ args }: ApiRequest): ApiAnswer {
    const user = this.workspace.user(str(args["user"]) ?? "")
    if (user === undefined) return platformError("user_not_found")
    return ok({
      user: {
        id: user.id,
        team_id: this.config.teamId,
        name: user.name,
        real_name: user.name,
        is_bot: false,
        profile: { display_name: user.name, real_name: user.name }
      }
    })
  }
}

/** In a channel's history: not deleted, not a thread reply (conversations.replies lists those). */
export const shownInHistory = (m: { readonly deleted: boolean; readonly ts: string; readonly thread_ts?: string | undefined }): boolean =>
  !m.deleted && (m.thread_ts === undefined || m.thread_ts === m.ts)

const warningsOf = (body: JsonObject): Array<string> => {
  const meta = body["response_metadata"]
  const list = meta !== null && typeof meta === "object" && !Array.isArray(meta) ? (meta as JsonObject)["warnings"] : undefined
  return Array.isArray(list) ? list.filter((w): w is string => typeof w === "string") : []
}
