/**
 * BotConfig: everything the bot reads from the environment, validated once at start-up.
 * A missing or invalid variable stops start-up with a ConfigProblem that names the variable
 * and says how to fix it (never its value: several of them are secrets).
 * The WORKATO_* variables are read by @workato-jobs/jobs-api itself (JobsClient.Default).
 */
import { Config, ConfigError, Context, Duration, Effect, Either, Layer, Option, Redacted, Schema } from "effect"
import { formatInterval, parseInterval, DURATION_SYNTAX } from "./duration.js"
import type { SlackSettings } from "./slack/SlackConfig.js"

/** An initial watch from WORKATO_WATCH: post digests of `recipeId` into `channel`. */
export interface WatchSpec {
  readonly recipeId: number
  readonly channel: string
}

export interface BotSettings {
  readonly slack: SlackSettings
  readonly digestInterval: Duration.Duration
  readonly initialWatches: ReadonlyArray<WatchSpec>
  /** None → everyone may repeat; Some(set) → only these Slack user ids. */
  readonly repeatAllowedUsers: Option.Option<ReadonlySet<string>>
  /** SQLite file name (or ":memory:") parsed from DATABASE_URL. */
  readonly databaseFile: string
}

export class BotConfig extends Context.Tag("@workato-jobs/slackbot/BotConfig")<BotConfig, BotSettings>() {
  /** From the environment (or whatever ConfigProvider is current). */
  static readonly fromEnv: Layer.Layer<BotConfig, ConfigProblem> = Layer.effect(
    BotConfig,
    Effect.suspend(() => loadBotConfig)
  )
  /** Explicit settings: embedded mode and tests. */
  static readonly layer = (settings: BotSettings): Layer.Layer<BotConfig> => Layer.succeed(BotConfig, settings)
}

/** A start-up configuration error that says which variable is wrong and what to do. */
export class ConfigProblem extends Schema.TaggedError<ConfigProblem>()("ConfigProblem", {
  variable: Schema.String,
  problem: Schema.String,
  fix: Schema.String
}) {
  override get message() {
    return `${this.variable}: ${this.problem}. ${this.fix}`
  }
}

export const DEFAULT_DATABASE_URL = "sqlite:./data/slackbot.db"
export const DEFAULT_DIGEST_INTERVAL = "15 minutes"

/** Reads one variable; turns Effect's ConfigError into a ConfigProblem with the fix. */
const read = <A>(variable: string, config: Config.Config<A>, fix: string) =>
  Effect.mapError(config, (error) => new ConfigProblem({ variable, problem: describe(error), fix }))

const describe = (error: ConfigError.ConfigError): string =>
  ConfigError.isMissingData(error)
    ? "is not set"
    : ConfigError.isInvalidData(error) || ConfigError.isSourceUnavailable(error) || ConfigError.isUnsupported(error)
    ? `is invalid (${error.message})`
    : "is missing or invalid"

const optionalString = (name: string) =>
  Config.string(name).pipe(
    Config.option,
    Config.map(Option.filter((s) => s.trim() !== ""))
  )
const optionalSecret = (name: string) =>
  Config.redacted(name).pipe(
    Config.option,
    Config.map(Option.filter((s) => Redacted.value(s).trim() !== ""))
  )

const BOT_TOKEN_FIX =
  "Set it to the Bot User OAuth Token (xoxb-…) from your Slack app's \"OAuth & Permissions\" page."

const problem = (variable: string, text: string, fix: string) =>
  new ConfigProblem({ variable, problem: text, fix })

export const loadBotConfig: Effect.Effect<BotSettings, ConfigProblem> = Effect.gen(function*() {
  const botToken = yield* read("SLACK_BOT_TOKEN", optionalSecret("SLACK_BOT_TOKEN"), BOT_TOKEN_FIX).pipe(
    Effect.flatMap(Option.match({
      onNone: () => Effect.fail(problem("SLACK_BOT_TOKEN", "is not set", BOT_TOKEN_FIX)),
      onSome: Effect.succeed
    }))
  )
  const appToken = yield* read(
    "SLACK_APP_TOKEN",
    optionalSecret("SLACK_APP_TOKEN"),
    "Leave it unset for HTTP mode, or set an app-level token (xapp-…, scope connections:write) for Socket Mode."
  )
  if (Option.isSome(appToken) && !Redacted.value(appToken.value).startsWith("xapp-")) {
    return yield* problem(
      "SLACK_APP_TOKEN",
      "does not look like an app-level token (it must start with xapp-)",
      "Create one under \"Basic Information → App-Level Tokens\" with the connections:write scope, or unset it for HTTP mode."
    )
  }
  const signingSecret = yield* read(
    "SLACK_SIGNING_SECRET",
    optionalSecret("SLACK_SIGNING_SECRET"),
    "Set it to the Signing Secret from your Slack app's \"Basic Information\" page."
  )
  if (Option.isNone(signingSecret) && Option.isNone(appToken)) {
    return yield* problem(
      "SLACK_SIGNING_SECRET",
      "is not set (HTTP mode verifies every request with it)",
      "Set it to the Signing Secret from your Slack app's \"Basic Information\" page, or set SLACK_APP_TOKEN for Socket Mode."
    )
  }
  const apiUrl = yield* read(
    "SLACK_API_URL",
    optionalString("SLACK_API_URL").pipe(Config.validate({
      message: "expected an http(s) URL such as https://slack.com/api/",
      validation: Option.match({ onNone: () => true, onSome: isHttpUrl })
    })),
    "Leave it unset for real Slack, or set the Web API base URL of an emulator, e.g. http://127.0.0.1:3001/api/."
  )
  const port = yield* read(
    "PORT",
    Config.port("PORT").pipe(Config.withDefault(3000)),
    "Set it to a TCP port number (1-65535) for the /slack/events endpoint, or leave it unset for 3000."
  )
  const intervalText = yield* read(
    "DIGEST_INTERVAL",
    Config.string("DIGEST_INTERVAL").pipe(Config.withDefault(DEFAULT_DIGEST_INTERVAL)),
    `Use ${DURATION_SYNTAX}.`
  )
  const digestInterval = yield* Either.match(parseInterval(intervalText), {
    onLeft: (text) => Effect.fail(problem("DIGEST_INTERVAL", text, `Or leave it unset for ${DEFAULT_DIGEST_INTERVAL}.`)),
    onRight: Effect.succeed
  })
  const watchText = yield* read(
    "WORKATO_WATCH",
    optionalString("WORKATO_WATCH"),
    "Use recipeId=channelId pairs separated by commas."
  )
  const initialWatches = yield* Option.match(watchText, {
    onNone: () => Effect.succeed([] as ReadonlyArray<WatchSpec>),
    onSome: (text) =>
      Either.match(parseWatchList(text), {
        onLeft: (why) =>
          Effect.fail(problem(
            "WORKATO_WATCH",
            why,
            "Use recipeId=channelId pairs separated by commas, e.g. WORKATO_WATCH=123=C0123456,456=C0789ABC."
          )),
        onRight: Effect.succeed
      })
  })
  const allowed = yield* read(
    "REPEAT_ALLOWED_USERS",
    optionalString("REPEAT_ALLOWED_USERS"),
    "Use Slack user ids separated by commas, e.g. U0123ABC,U0456DEF."
  )
  const repeatAllowedUsers = yield* Option.match(allowed, {
    onNone: () => Effect.succeed(Option.none<ReadonlySet<string>>()),
    onSome: (text) =>
      Either.match(parseUserList(text), {
        onLeft: (why) =>
          Effect.fail(problem(
            "REPEAT_ALLOWED_USERS",
            why,
            "Use Slack user ids (U… or W…) separated by commas, or unset it to let everyone repeat."
          )),
        onRight: (users) => Effect.succeed(Option.some(users))
      })
  })
  const databaseUrl = yield* read(
    "DATABASE_URL",
    Config.string("DATABASE_URL").pipe(Config.withDefault(DEFAULT_DATABASE_URL)),
    `Use sqlite:<file> (e.g. ${DEFAULT_DATABASE_URL}) or sqlite::memory:.`
  )
  const databaseFile = yield* Either.match(parseDatabaseUrl(databaseUrl), {
    onLeft: (why) =>
      Effect.fail(problem("DATABASE_URL", why, `Use sqlite:<file> (e.g. ${DEFAULT_DATABASE_URL}) or sqlite::memory:.`)),
    onRight: Effect.succeed
  })
  return {
    slack: { botToken, signingSecret, appToken, apiUrl, port },
    digestInterval,
    initialWatches,
    repeatAllowedUsers,
    databaseFile
  } satisfies BotSettings
})

const isHttpUrl = (text: string) => {
  try {
    const url = new URL(text)
    return url.protocol === "http:" || url.protocol === "https:"
  } catch {
    return false
  }
}

/** "123=C0123,456=C0456" → watches. Pure, so it is unit tested on its own. */
export const parseWatchList = (text: string): Either.Either<ReadonlyArray<WatchSpec>, string> => {
  const watches: Array<WatchSpec> = []
  for (const raw of text.split(",")) {
    const item = raw.trim()
    if (item === "") continue
    const match = /^(\d+)\s*=\s*([A-Z0-9]+)$/.exec(item)
    if (!match) return Either.left(`"${item}" is not a recipeId=channelId pair`)
    watches.push({ recipeId: Number(match[1]), channel: match[2]! })
  }
  return Either.right(watches)
}

/** "U1,U2" → set of Slack user ids. */
export const parseUserList = (text: string): Either.Either<ReadonlySet<string>, string> => {
  const users = new Set<string>()
  for (const raw of text.split(",")) {
    const id = raw.trim()
    if (id === "") continue
    if (!/^[UW][A-Z0-9]+$/.test(id)) return Either.left(`"${id}" is not a Slack user id`)
    users.add(id)
  }
  return users.size === 0 ? Either.left("lists no user id") : Either.right(users)
}

/** sqlite:<path> | sqlite::memory: | sqlite:///abs/path → a file name for better-sqlite3. */
export const parseDatabaseUrl = (url: string): Either.Either<string, string> => {
  const match = /^sqlite:(.*)$/.exec(url.trim())
  if (!match) return Either.left(`"${url.split(":")[0]}:" databases are not supported, only SQLite`)
  const rest = match[1]!
  if (rest === ":memory:") return Either.right(":memory:")
  const file = rest.startsWith("//") ? rest.slice(2) : rest
  return file === "" ? Either.left("names no file") : Either.right(file)
}

/** For logs at start-up: settings without any secret. */
export const describeSettings = (settings: BotSettings): string =>
  [
    `mode=${Option.isSome(settings.slack.appToken) ? "socket" : `http port ${settings.slack.port}`}`,
    `slack=${Option.getOrElse(settings.slack.apiUrl, () => "https://slack.com/api/")}`,
    `digest every ${formatInterval(settings.digestInterval)}`,
    `${settings.initialWatches.length} initial watch(es)`,
    `repeat allowed for ${Option.match(settings.repeatAllowedUsers, { onNone: () => "everyone", onSome: (s) => `${s.size} user(s)` })}`,
    `database=${settings.databaseFile}`
  ].join(", ")
