/**
 * SlackWeb: the few Slack calls the bot makes, as Effects with a typed error.
 * Posts and updates to one channel are serialised (Slack allows about one message per
 * second per channel; the client waits out 429s, and serialising keeps bursts from forming).
 */
import type { webApi } from "@slack/bolt"
import { webApi as web } from "@slack/bolt"
import { HttpClient, HttpClientRequest } from "@effect/platform"
import { Data, Duration, Effect, Option, Schema } from "effect"
import { makeKeyedLock } from "../keyedLock.js"
import { describeSlackError, SlackApp } from "./SlackApp.js"

/** A Slack Web API call (or response_url post) that did not succeed. */
export class SlackCallError extends Schema.TaggedError<SlackCallError>()("SlackCallError", {
  method: Schema.String,
  code: Schema.String
}) {
  override get message() {
    return `Slack ${this.method} failed: ${this.code}`
  }
}

/** Blocks as our renderers produce them; Slack's own types are stricter than needed here. */
export type Blocks = ReadonlyArray<unknown>

export interface ResponseBody {
  readonly text: string
  readonly blocks?: Blocks
  readonly response_type?: "ephemeral" | "in_channel"
  readonly replace_original?: boolean
  readonly delete_original?: boolean
}

type SlackBlocks = Array<webApi.KnownBlock | webApi.Block>

/** Message metadata (docs.slack.dev "Using message metadata"): how a message names itself. */
export interface MessageMetadata {
  readonly event_type: string
  readonly event_payload: Record<string, string | number | boolean>
}

/**
 * What one chat.postMessage attempt did, as far as the bot can know:
 * - Posted: Slack answered with the message's ts;
 * - Refused: Slack answered and did not post (ok:false, or 429 with Retry-After);
 * - Uncertain: no usable answer (timeout, dropped connection, 5xx, Slack's own internal
 *   error): the message may or may not be in the channel.
 */
export type PostOutcome = Data.TaggedEnum<{
  Posted: { readonly ts: string }
  Refused: { readonly code: string; readonly retryAfterMs: Option.Option<number> }
  Uncertain: { readonly reason: string }
}>
export const PostOutcome = Data.taggedEnum<PostOutcome>()

const RESPOND_TIMEOUT = Duration.seconds(15)

// ok:false codes that Slack documents as "something went wrong on our side": it may have applied.
const UNCERTAIN_CODES = new Set(["internal_error", "fatal_error", "request_timeout", "service_unavailable"])

const outcomeOfError = (error: unknown): PostOutcome => {
  const e = error as { code?: unknown; data?: { error?: unknown }; retryAfter?: unknown; statusCode?: unknown }
  if (e?.code === web.ErrorCode.RateLimitedError) {
    const seconds = typeof e.retryAfter === "number" ? e.retryAfter : 1
    return PostOutcome.Refused({ code: "ratelimited", retryAfterMs: Option.some(seconds * 1_000) })
  }
  if (e?.code === web.ErrorCode.PlatformError && typeof e.data?.error === "string" && !UNCERTAIN_CODES.has(e.data.error)) {
    return PostOutcome.Refused({ code: e.data.error, retryAfterMs: Option.none() })
  }
  return PostOutcome.Uncertain({ reason: describeSlackError(error) })
}

export class SlackWeb extends Effect.Service<SlackWeb>()("@workato-jobs/slackbot/SlackWeb", {
  effect: Effect.gen(function*() {
    const { app, singleAttemptClient } = yield* SlackApp
    const http = HttpClient.filterStatusOk(yield* HttpClient.HttpClient)
    const client = app.client

    const inChannel = makeKeyedLock()

    const call = <A>(method: string, run: () => Promise<A>) =>
      Effect.tryPromise({
        try: run,
        catch: (error) => new SlackCallError({ method, code: describeSlackError(error) })
      })

    const postMessage = (args: { readonly channel: string; readonly text: string; readonly blocks?: Blocks }) =>
      call("chat.postMessage", () =>
        client.chat.postMessage({
          channel: args.channel,
          text: args.text,
          ...(args.blocks ? { blocks: args.blocks as SlackBlocks } : {}),
          unfurl_links: false,
          unfurl_media: false
        })).pipe(
          Effect.flatMap((r) =>
            typeof r.ts === "string"
              ? Effect.succeed({ ts: r.ts, channel: r.channel ?? args.channel })
              : Effect.fail(new SlackCallError({ method: "chat.postMessage", code: "no ts in the response" }))
          ),
          inChannel(args.channel)
        )

    const update = (args: { readonly channel: string; readonly ts: string; readonly text: string; readonly blocks: Blocks }) =>
      call("chat.update", () =>
        client.chat.update({
          channel: args.channel,
          ts: args.ts,
          text: args.text,
          blocks: args.blocks as SlackBlocks
        })).pipe(Effect.asVoid, inChannel(args.channel))

    const postEphemeral = (args: {
      readonly channel: string
      readonly user: string
      readonly text: string
      readonly blocks?: Blocks
    }) =>
      call("chat.postEphemeral", () =>
        client.chat.postEphemeral({
          channel: args.channel,
          user: args.user,
          text: args.text,
          ...(args.blocks ? { blocks: args.blocks as SlackBlocks } : {})
        })).pipe(Effect.asVoid)

    /**
     * POSTs to a response_url (JSON, no token: the URL itself is the credential, so no error
     * repeats it).
     */
    const respond = (responseUrl: string, body: ResponseBody) =>
      HttpClientRequest.post(responseUrl).pipe(
        HttpClientRequest.bodyUnsafeJson(body),
        http.execute,
        Effect.flatMap((response) => response.arrayBuffer),
        Effect.timeout(RESPOND_TIMEOUT),
        Effect.mapError((error) =>
          new SlackCallError({
            method: "response_url",
            code: error._tag === "TimeoutException"
              ? `no answer within ${Duration.format(RESPOND_TIMEOUT)}`
              : error._tag === "ResponseError"
              ? `HTTP ${error.response.status}`
              : error.reason
          })
        ),
        Effect.asVoid
      )

    /**
     * One chat.postMessage, never retried by the client (a retry after a dropped connection
     * would post the message twice): the caller decides what an uncertain outcome means.
     */
    const postOnce = (args: {
      readonly channel: string
      readonly text: string
      readonly blocks: Blocks
      readonly metadata: MessageMetadata
    }): Effect.Effect<PostOutcome> =>
      Effect.promise(() =>
        singleAttemptClient.chat.postMessage({
          channel: args.channel,
          text: args.text,
          blocks: args.blocks as SlackBlocks,
          metadata: args.metadata,
          unfurl_links: false,
          unfurl_media: false
        } as webApi.ChatPostMessageArguments).then(
          (r) =>
            typeof r.ts === "string"
              ? PostOutcome.Posted({ ts: r.ts })
              : PostOutcome.Uncertain({ reason: "Slack answered without a ts" }),
          outcomeOfError
        )
      ).pipe(inChannel(args.channel))

    /**
     * The ts of a message in `channel`, posted at or after `oldestMs`, whose metadata has
     * `eventType` and a payload `matches` accepts (conversations.history, newest first, paged).
     */
    const findByMetadata = (args: {
      readonly channel: string
      readonly oldestMs: number
      readonly eventType: string
      readonly matches: (payload: Record<string, unknown>) => boolean
    }) =>
      Effect.gen(function*() {
        let cursor: string | undefined = undefined
        do {
          const page = yield* call("conversations.history", () =>
            client.conversations.history({
              channel: args.channel,
              oldest: (Math.max(0, args.oldestMs) / 1_000).toFixed(6),
              include_all_metadata: true,
              limit: 200,
              ...(cursor === undefined ? {} : { cursor })
            }))
          const found = (page.messages ?? []).find((m) =>
            m.metadata?.event_type === args.eventType &&
            args.matches((m.metadata.event_payload ?? {}) as Record<string, unknown>)
          )
          if (found?.ts !== undefined) return Option.some(found.ts)
          cursor = page.has_more === true ? page.response_metadata?.next_cursor : undefined
        } while (cursor !== undefined && cursor !== "")
        return Option.none<string>()
      })

    return { postMessage, postOnce, findByMetadata, update, postEphemeral, respond } as const
  })
}) {}
