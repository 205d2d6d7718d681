/**
 * `pnpm start`. With Slack and Workato credentials in the environment: the bot, for real.
 * With none: the embedded demo (see embedded.ts). With some but not all: an error naming
 * what is missing. The environment is read here, once; start-up problems are printed as
 * plain sentences, never a stack trace.
 */
import { NodeHttpClient, NodeRuntime } from "@effect/platform-node"
import type { RecipesClientOptions } from "@workato-jobs/jobs-api"
import { Cause, Console, Effect, Layer, Logger, LogLevel } from "effect"
import { botLayer, workatoClients } from "./bot.js"
import { BotConfig, type BotSettings, describeSettings, environment, environmentProvider, toConfigProblem } from "./config.js"
import { runEmbedded } from "./embedded.js"
import { detectMode, IncompleteCredentials, RunMode } from "./mode.js"

const real = (settings: BotSettings, options: RecipesClientOptions) =>
  Effect.gen(function*() {
    yield* Effect.logInfo(`starting: ${describeSettings(settings)}`)
    const workato = workatoClients(options).pipe(Layer.provide(NodeHttpClient.layerUndici))
    return yield* Layer.launch(botLayer(workato).pipe(Layer.provide(BotConfig.layer(settings))))
  })

const program = Effect.gen(function*() {
  const env = yield* Effect.mapError(environment, toConfigProblem)
  return yield* RunMode.$match(detectMode(env), {
    Incomplete: ({ missing, present }) => new IncompleteCredentials({ missing, present }),
    Real: ({ settings, workato }) => real(settings, workato),
    Embedded: ({ environment }) =>
      Effect.scoped(runEmbedded({ once: process.argv.includes("--once"), environment })).pipe(
        Logger.withMinimumLogLevel(LogLevel.Warning)
      )
  })
}).pipe(Effect.withConfigProvider(environmentProvider(process.env)))

const main = program.pipe(
  Effect.catchAllCause((cause) => {
    if (Cause.isInterruptedOnly(cause)) return Effect.void
    const error = Cause.squash(cause)
    return Effect.zipRight(
      Console.error(`slackbot could not start or stopped: ${error instanceof Error ? error.message : String(error)}`),
      Effect.sync(() => {
        process.exitCode = 1
      })
    )
  })
)

NodeRuntime.runMain(main)
