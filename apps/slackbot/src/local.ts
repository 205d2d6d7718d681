/**
 * The bot against local peers (the Workato simulator and the Slack emulator), as a promise
 * API: for benchmarks and scripts that drive the bot from outside Effect. The same layer as
 * production; only the settings point at loopback.
 */
import { NodeHttpClient } from "@effect/platform-node"
import type { JobsApiOptions } from "@workato-jobs/jobs-api"
import { Context, Duration, Effect, Exit, Layer, Logger, LogLevel, Option, Redacted, Scope } from "effect"
import { botLayer, workatoClients } from "./bot.js"
import { BotConfig, type BotSettings, Database, type WatchSpec } from "./config.js"
import { Digests } from "./digest/Digests.js"
import { SlackServer } from "./slack/SlackServer.js"

export interface LocalBotOptions {
  /** The simulator (or any Workato-compatible API). */
  readonly workato: {
    readonly url: string
    readonly token: string
    readonly limits?: JobsApiOptions["limits"]
    /** The Recipes API quota (default 60 a minute). */
    readonly recipesPerMinute?: number
  }
  /** The emulator's Web API and credentials. */
  readonly slack: { readonly apiUrl: string; readonly botToken: string; readonly signingSecret: string }
  /** Default: SQLite in memory. */
  readonly database?: Database
  readonly port?: number
  readonly digestInterval?: Duration.DurationInput
  readonly watches?: ReadonlyArray<WatchSpec>
  readonly repeatAllowedUsers?: ReadonlyArray<string>
  /** Least severe log level printed; default Warning (a benchmark's terminal stays readable). */
  readonly logLevel?: LogLevel.LogLevel
}

export interface LocalBot {
  /** POST signed Slack requests here. */
  readonly eventsUrl: string
  /** The bot's Digests service (run a digest, or subscribe to `events`). */
  readonly digests: Digests
  readonly close: () => Promise<void>
}

export const localSettings = (options: LocalBotOptions): BotSettings => ({
  slack: {
    botToken: Redacted.make(options.slack.botToken),
    signingSecret: Option.some(Redacted.make(options.slack.signingSecret)),
    appToken: Option.none(),
    apiUrl: Option.some(options.slack.apiUrl),
    port: options.port ?? 0,
    host: "127.0.0.1"
  },
  digestInterval: Duration.decode(options.digestInterval ?? "15 minutes"),
  initialWatches: options.watches ?? [],
  repeatAllowedUsers: options.repeatAllowedUsers === undefined ? Option.none() : Option.some(new Set(options.repeatAllowedUsers)),
  watchAllowedUsers: Option.none(),
  retention: Duration.days(30),
  auditRetention: Duration.days(365),
  database: options.database ?? Database.Sqlite({ filename: ":memory:" })
})

/** Starts the bot; `close()` stops it (in-flight work is interrupted, the database closed). */
export const startLocalBot = async (options: LocalBotOptions): Promise<LocalBot> => {
  const workatoOptions = {
    token: Redacted.make(options.workato.token),
    baseUrl: options.workato.url,
    ...(options.workato.limits === undefined ? {} : { limits: options.workato.limits }),
    ...(options.workato.recipesPerMinute === undefined ? {} : { recipesPerMinute: options.workato.recipesPerMinute })
  }
  const workato = workatoClients(workatoOptions).pipe(
    Layer.provide(NodeHttpClient.layerUndici)
  )
  const layer = botLayer(workato).pipe(
    Layer.provide(BotConfig.layer(localSettings(options))),
    Layer.provide(Logger.minimumLogLevel(options.logLevel ?? LogLevel.Warning))
  )
  const scope = Effect.runSync(Scope.make())
  const context = await Effect.runPromise(Layer.buildWithScope(layer, scope)).catch(async (error) => {
    await Effect.runPromise(Scope.close(scope, Exit.void))
    throw error
  })
  return {
    eventsUrl: Option.getOrThrow(Context.get(context, SlackServer).eventsUrl),
    digests: Context.get(context, Digests),
    close: () => Effect.runPromise(Scope.close(scope, Exit.void))
  }
}
