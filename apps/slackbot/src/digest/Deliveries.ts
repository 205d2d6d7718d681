/**
 * Deliveries: getting a recorded digest into its channel exactly once.
 *
 * chat.postMessage has no idempotency key, so the digest's own id is the key: it travels as
 * the message's metadata (`workato_digest`, `{digest_id}`), the post is a single attempt
 * (no client retries), and an attempt whose outcome is unknown (timeout, dropped
 * connection, 5xx, a crash or a failed database write after the call) leaves the digest
 * "sending". Before such a digest is posted again, the channel's history since shortly
 * before it was recorded is searched for its id: found → its ts is recorded, nothing is
 * posted; not found → it is posted now. A definite refusal (ok:false, 429) leaves it
 * "pending" until Retry-After has passed.
 */
import { Clock, Data, Effect, Option } from "effect"
import { SlackWeb } from "../slack/SlackWeb.js"
import { PostedMessages } from "../store/index.js"

export const DIGEST_EVENT_TYPE = "workato_digest"

/**
 * How much earlier than its record a digest's message may carry a ts (Slack's clock
 * behind the bot's): the history search starts this long before the digest was recorded.
 */
export const HISTORY_SLACK_MS = 15 * 60_000

export type Delivered = Data.TaggedEnum<{
  Posted: { readonly ts: string }
  Refused: { readonly code: string }
  Unconfirmed: { readonly reason: string }
}>
export const Delivered = Data.taggedEnum<Delivered>()

export class Deliveries extends Effect.Service<Deliveries>()("@workato-jobs/slackbot/Deliveries", {
  effect: Effect.gen(function*() {
    const messages = yield* PostedMessages
    const slack = yield* SlackWeb

    /** One attempt at posting a recorded digest, and its outcome recorded. Uninterruptible. */
    const post = (digest: { readonly id: string; readonly channel: string; readonly text: string; readonly blocks: ReadonlyArray<unknown> }) =>
      Effect.gen(function*() {
        // From here on the outcome is unknown until recorded (a crash leaves it "sending").
        yield* messages.markSending(digest.id)
        const outcome = yield* slack.postOnce({
          channel: digest.channel,
          text: digest.text,
          blocks: digest.blocks,
          metadata: { event_type: DIGEST_EVENT_TYPE, event_payload: { digest_id: digest.id } }
        })
        switch (outcome._tag) {
          case "Posted":
            yield* messages.markPosted(digest.id, outcome.ts)
            return Delivered.Posted({ ts: outcome.ts })
          case "Refused": {
            const now = yield* Clock.currentTimeMillis
            yield* messages.markPending(digest.id, now + Option.getOrElse(outcome.retryAfterMs, () => 0))
            yield* Effect.logWarning(`digest ${digest.id} refused by Slack in ${digest.channel} (${outcome.code}); retried later`)
            return Delivered.Refused({ code: outcome.code })
          }
          case "Uncertain":
            yield* Effect.logWarning(`digest ${digest.id} in ${digest.channel}: no answer from Slack (${outcome.reason}); checked before any re-post`)
            return Delivered.Unconfirmed({ reason: outcome.reason })
        }
      }).pipe(Effect.uninterruptible)

    /** A digest left "sending": is it in the channel already? (None: certainly not, post it.) */
    const lookUp = (digest: { readonly id: string; readonly channel: string; readonly createdAt: number }) =>
      slack.findByMetadata({
        channel: digest.channel,
        oldestMs: digest.createdAt - HISTORY_SLACK_MS,
        eventType: DIGEST_EVENT_TYPE,
        matches: (payload) => payload["digest_id"] === digest.id
      })

    /**
     * Delivers the channel's digests that are not known to be posted, oldest first: the ts
     * of those now out, and (`blocked`) the first one still not out (the rest wait behind it).
     */
    const flush = (channel: string) =>
      Effect.gen(function*() {
        const posted: Array<string> = []
        const blocked = (delivered: Delivered) => ({ posted, blocked: Option.some(delivered) })
        for (const digest of yield* messages.outbox(channel)) {
          if (digest.state === "pending") {
            const now = yield* Clock.currentTimeMillis
            if (digest.retryAt !== null && digest.retryAt > now) {
              return blocked(Delivered.Refused({ code: "ratelimited" }))
            }
          } else {
            const found = yield* Effect.either(lookUp(digest))
            if (found._tag === "Left") {
              yield* Effect.logError(
                `digest ${digest.id} in ${channel} may have been posted, and the channel's history cannot be read ` +
                  `(${found.left.code}); it is not posted again until it can (invite the bot to the channel)`
              )
              return blocked(Delivered.Unconfirmed({ reason: `history not readable: ${found.left.code}` }))
            }
            if (Option.isSome(found.right)) {
              yield* messages.markPosted(digest.id, found.right.value)
              yield* Effect.logInfo(`digest ${digest.id} was already in ${channel}; recorded, not posted again`)
              posted.push(found.right.value)
              continue
            }
          }
          const delivered = yield* post({ id: digest.id, channel, text: digest.text, blocks: digest.blocks })
          if (delivered._tag !== "Posted") return blocked(delivered)
          posted.push(delivered.ts)
        }
        return { posted, blocked: Option.none<Delivered>() }
      })

    return { post, flush } as const
  })
}) {}
