/**
 * SlackServer: starts the Bolt app once every feature has registered its listeners, and
 * stops it when the bot's scope closes. In HTTP mode one endpoint, /slack/events, takes
 * commands and interactions, each verified with the signing secret (a bad or stale signature
 * is answered 401 before any listener runs; see FastAckReceiver). In Socket Mode there is no
 * endpoint.
 */
import { type App, SocketModeReceiver } from "@slack/bolt"
import { Effect, Option } from "effect"
import type { AddressInfo } from "node:net"
import { SlackConfig } from "./SlackConfig.js"
import { SlackApp, SlackStartError } from "./SlackApp.js"

export class SlackServer extends Effect.Service<SlackServer>()("@workato-jobs/slackbot/SlackServer", {
  scoped: Effect.gen(function*() {
    const slack = yield* SlackConfig
    const { app, socketMode, afterBurst } = yield* SlackApp
    const eventsUrl = yield* Effect.acquireRelease(
      Effect.tryPromise({
        try: async () => {
          if (socketMode) {
            await app.start()
            return Option.none<string>()
          }
          const host = slack.host
          const server = await app.start({ port: slack.port, ...(host === undefined ? {} : { host }) })
          const address = server.address() as AddressInfo
          const shown = host === undefined || host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host
          return Option.some(`http://${shown}:${address.port}/slack/events`)
        },
        catch: (error) =>
          new SlackStartError({
            reason: socketMode
              ? `Socket Mode did not connect (${error instanceof Error ? error.message : String(error)}); check SLACK_APP_TOKEN.`
              : `could not listen on port ${slack.port} (${error instanceof Error ? error.message : String(error)}); set PORT to a free port.`
          })
      }),
      () =>
        Effect.promise(() => stopApp(app)).pipe(
          Effect.ignore,
          // Acked requests not yet processed: the services they need are closing too.
          Effect.zipRight(Effect.suspend(() => {
            const dropped = afterBurst.clear()
            return dropped > 0 ? Effect.logWarning(`${dropped} acknowledged Slack request(s) not processed: the bot stopped`) : Effect.void
          }))
        )
    )
    yield* Effect.logInfo(Option.match(eventsUrl, {
      onNone: () => "Slack app connected in Socket Mode",
      onSome: (url) => `Slack app listening on ${url}`
    }))
    return { eventsUrl } as const
  })
}) {}

/**
 * Stops the app. In Socket Mode, Bolt's stop() only starts the client's disconnect; this waits
 * for the close handshake (at most 5 s), so the socket does not outlive the bot's scope and
 * is not cut mid-handshake by whatever closes next.
 */
const stopApp = async (app: App): Promise<void> => {
  const receiver = (app as unknown as { readonly receiver?: unknown }).receiver
  if (!(receiver instanceof SocketModeReceiver)) return void (await app.stop())
  let timer: ReturnType<typeof setTimeout> | undefined
  const disconnected = new Promise<void>((resolve) => {
    receiver.client.once("disconnected", () => resolve())
    timer = setTimeout(resolve, 5_000)
  })
  await app.stop()
  await disconnected
  clearTimeout(timer)
}
