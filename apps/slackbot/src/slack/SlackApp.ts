/**
 * SlackApp: the one Bolt `App` of the process, built (not started) from SlackConfig.
 * Features register their listeners on it; SlackServer starts it once they have.
 *
 * The bot's identity comes from one `auth.test` at start-up (unless configured): it proves
 * the token works before anything else runs, and spares Bolt an auth.test per request.
 *
 * Over HTTP the app receives through FastAckReceiver (Bolt's HTTPReceiver that acks button
 * clicks before processing them; it also serves the probes, see Probes.ts); `afterBurst` is where clicks and handler work wait while a
 * burst of requests is being acked.
 */
import { App, webApi } from "@slack/bolt"
import { Effect, Option, Redacted, Runtime, Schema } from "effect"
import { SlackConfig } from "./SlackConfig.js"
import { makeAfterBurst } from "./afterBurst.js"
import { FastAckReceiver } from "./FastAckReceiver.js"
import { probeRoutes, Readiness } from "./Probes.js"
import { effectLogger } from "./logger.js"

/** Start-up could not reach Slack or Slack refused the token. */
export class SlackStartError extends Schema.TaggedError<SlackStartError>()("SlackStartError", {
  reason: Schema.String
}) {
  override get message() {
    return `Slack start-up failed: ${this.reason}`
  }
}

/** Web API client settings shared by start-up checks and the App's clients. */
export const webClientOptions = (
  apiUrl: Option.Option<string>,
  logger: webApi.WebClientOptions["logger"],
  timeoutMs = 15_000
) => ({
  ...Option.match(apiUrl, { onNone: () => ({}), onSome: (url) => ({ slackApiUrl: url.endsWith("/") ? url : `${url}/` }) }),
  // Digests are retried on the next tick anyway; a long retry chain would only hold up the
  // queue. 429s are waited out by the client (Retry-After) before a retry is counted.
  retryConfig: { retries: 3, factor: 2, minTimeout: 250, maxTimeout: 2_000 },
  timeout: timeoutMs,
  ...(logger === undefined ? {} : { logger })
}) satisfies webApi.WebClientOptions

export class SlackApp extends Effect.Service<SlackApp>()("@workato-jobs/slackbot/SlackApp", {
  effect: Effect.gen(function*() {
    const slack = yield* SlackConfig
    const readiness = yield* Readiness
    const runtime = yield* Effect.runtime<never>()
    const logger = effectLogger(runtime)
    const token = Redacted.value(slack.botToken)
    const clientOptions = webClientOptions(slack.apiUrl, logger, slack.requestTimeoutMs)

    const identity = slack.botId !== undefined && slack.botUserId !== undefined
      ? { botId: slack.botId, botUserId: slack.botUserId }
      : yield* Effect.tryPromise({
        try: () => new webApi.WebClient(token, clientOptions).auth.test(),
        catch: (error) =>
          new SlackStartError({
            reason: describeSlackError(error) === "invalid_auth" || describeSlackError(error) === "not_authed"
              ? "Slack did not accept SLACK_BOT_TOKEN (invalid_auth): copy the Bot User OAuth Token (xoxb-…) again " +
                "from the app's \"OAuth & Permissions\" page, and reinstall the app if it was revoked."
              : `auth.test failed (${describeSlackError(error)}); check the network and SLACK_API_URL.`
          })
      }).pipe(Effect.map((r) => ({ botId: r.bot_id ?? "", botUserId: r.user_id ?? "" })))

    const socketMode = Option.isSome(slack.appToken)
    const afterBurst = makeAfterBurst()
    const app = new App({
      token,
      botId: identity.botId,
      botUserId: identity.botUserId,
      logger,
      clientOptions,
      ...(socketMode
        ? { socketMode: true, appToken: Redacted.value(Option.getOrThrow(slack.appToken)) }
        : {
          receiver: new FastAckReceiver({
            signingSecret: Redacted.value(Option.getOrThrow(slack.signingSecret)),
            logger,
            afterBurst,
            customRoutes: probeRoutes(readiness, runtime)
          })
        })
    })
    // In Socket Mode no receiver of ours sees requests arrive: every event counts as one.
    if (socketMode) {
      app.use(async ({ next }) => {
        afterBurst.arrived()
        await next()
      })
    }
    const runLog = Runtime.runSync(runtime)
    // Listener failures are already handled inside each listener; this only catches Bolt's own.
    app.error(async (error) => {
      runLog(Effect.logError("Bolt error", error.code ?? "", error.message))
    })
    // For calls that must not be repeated behind the caller's back (a digest's post): no
    // retries, and a 429 comes back as an error with its Retry-After instead of being waited out.
    const singleAttemptClient = new webApi.WebClient(token, {
      ...clientOptions,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true
    })
    return { app, botId: identity.botId, botUserId: identity.botUserId, socketMode, afterBurst, singleAttemptClient } as const
  })
}) {}

/** Slack's error code (invalid_auth, channel_not_found…) or the error's message. */
export const describeSlackError = (error: unknown): string => {
  if (typeof error === "object" && error !== null) {
    const data = (error as { data?: { error?: unknown } }).data
    if (data && typeof data.error === "string") return data.error
    const code = (error as { code?: unknown }).code
    if (code === webApi.ErrorCode.RateLimitedError) return "ratelimited"
    if (code === webApi.ErrorCode.HTTPError) return `HTTP ${(error as { statusCode?: unknown }).statusCode ?? "error"}`
    if (error instanceof Error) return error.message
  }
  return String(error)
}
