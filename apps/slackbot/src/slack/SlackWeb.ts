/**
 * SlackWeb: the few Slack calls the bot makes, as Effects with a typed error.
 * Posts and updates to one channel are serialised (Slack allows about one message per
 * second per channel; the client waits out 429s, and serialising keeps bursts from forming).
 */
import type { webApi } from "@slack/bolt"
import { Effect, Schema } from "effect"
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

export class SlackWeb extends Effect.Service<SlackWeb>()("@workato-jobs/slackbot/SlackWeb", {
  effect: Effect.gen(function*() {
    const { app } = yield* SlackApp
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

    /** POSTs to a response_url (JSON, no token: the URL itself is the credential). */
    const respond = (responseUrl: string, body: ResponseBody) =>
      Effect.tryPromise({
        try: async (signal) => {
          const response = await fetch(responseUrl, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify(body),
            signal: AbortSignal.any([signal, AbortSignal.timeout(15_000)])
          })
          if (!response.ok) throw new Error(`HTTP ${response.status}`)
          await response.arrayBuffer()
        },
        catch: (error) => new SlackCallError({ method: "response_url", code: describeSlackError(error) })
      })

    return { postMessage, update, postEphemeral, respond } as const
  })
}) {}
