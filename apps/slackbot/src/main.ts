/**
 * `pnpm start`. With Slack and Workato credentials in the environment: the bot, for real.
 * With none: the embedded demo (see embedded.ts). With some but not all: an error naming
 * what is missing. Start-up problems are printed as one plain sentence, never a stack trace.
 */
import { NodeHttpClient, NodeRuntime } from "@effect/platform-node"
import { JobsClient, RecipesClient } from "@workato-jobs/jobs-api"
import { Cause, Console, Effect, Layer, Logger, LogLevel } from "effect"
import { botLayer } from "./bot.js"
import { BotConfig, describeSettings, loadBotConfig } from "./config.js"
import { runEmbedded } from "./embedded.js"
import { detectMode, IncompleteCredentials } from "./mode.js"

const real = Effect.gen(function*() {
  const settings = yield* loadBotConfig
  yield* Effect.logInfo(`starting: ${describeSettings(settings)}`)
  const workato = Layer.merge(JobsClient.Default, RecipesClient.Default).pipe(Layer.provide(NodeHttpClient.layerUndici))
  return yield* Layer.launch(botLayer(workato).pipe(Layer.provide(BotConfig.layer(settings))))
})

const program = Effect.gen(function*() {
  const mode = detectMode(process.env)
  switch (mode._tag) {
    case "Incomplete":
      return yield* new IncompleteCredentials({ missing: mode.missing, present: mode.present })
    case "Real":
      return yield* real
    case "Embedded":
      return yield* Effect.scoped(runEmbedded({ once: process.argv.includes("--once") })).pipe(
        Logger.withMinimumLogLevel(LogLevel.Warning)
      )
  }
})

const main = program.pipe(
  Effect.catchAllCause((cause) =>
    Cause.isInterruptedOnly(cause)
      ? Effect.void
      : Effect.zipRight(
        Console.error(`slackbot could not start or stopped: ${Cause.squash(cause) instanceof Error ? (Cause.squash(cause) as Error).message : String(Cause.squash(cause))}`),
        Effect.sync(() => {
          process.exitCode = 1
        })
      )
  )
)

NodeRuntime.runMain(main)
