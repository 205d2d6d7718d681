/**
 * Every environment variable the bot reads, as one `Config` read once at start-up (main.ts).
 * The bot owns the WORKATO_* names: it builds the jobs-api client from them with
 * `JobsClient.layer(options)`; the library reads no variable of its own.
 * A missing or invalid variable stops start-up with a ConfigProblem: one sentence per variable
 * that says what to set, never a value (several are secrets).
 */
import { DataCenters, type RecipesClientOptions } from "@workato-jobs/jobs-api"
import { Config, ConfigError, ConfigProvider, Context, Duration, Either, Layer, Option, Redacted, Schema } from "effect"
import { type Database, DEFAULT_DATABASE_URL, parseDatabaseUrl } from "./databaseUrl.js"
import { DURATION_SYNTAX, formatInterval, parseInterval } from "./duration.js"
import type { SlackSettings } from "./slack/SlackConfig.js"
import { parseRecipeId } from "./workato/recipeId.js"

export { Database, DEFAULT_DATABASE_URL, parseDatabaseUrl } from "./databaseUrl.js"

/**
 * An initial watch from WORKATO_WATCH: post digests of `recipeId` (or of every recipe in
 * folder `folderId` and its subfolders) into `channel`.
 */
export type WatchSpec =
  | { readonly recipeId: number; readonly channel: string }
  | { readonly folderId: number; readonly channel: string }

export interface BotSettings {
  readonly slack: SlackSettings
  readonly digestInterval: Duration.Duration
  readonly initialWatches: ReadonlyArray<WatchSpec>
  /** None → everyone may repeat; Some(set) → only these Slack user ids. */
  readonly repeatAllowedUsers: Option.Option<ReadonlySet<string>>
  /** None → everyone may add, change or remove watches; Some(set) → only these. */
  readonly watchAllowedUsers: Option.Option<ReadonlySet<string>>
  /** How long posted digests, seen jobs and repeat locks are kept. */
  readonly retention: Duration.Duration
  /** How long the audit log is kept. */
  readonly auditRetention: Duration.Duration
  readonly database: Database
}

export class BotConfig extends Context.Tag("@workato-jobs/slackbot/BotConfig")<BotConfig, BotSettings>() {
  static readonly layer = (settings: BotSettings): Layer.Layer<BotConfig> => Layer.succeed(BotConfig, settings)
}

export const DEFAULT_DIGEST_INTERVAL = "15 minutes"
export const DEFAULT_RETENTION = "30 days"
export const DEFAULT_AUDIT_RETENTION = "365 days"

/** What to do about each variable, said once: used for missing and invalid values alike. */
export const FIXES = {
  SLACK_BOT_TOKEN: "set it to the Bot User OAuth Token (xoxb-…) from your Slack app's \"OAuth & Permissions\" page",
  SLACK_SIGNING_SECRET:
    "set it to the Signing Secret from your Slack app's \"Basic Information\" page (or set SLACK_APP_TOKEN for Socket Mode)",
  SLACK_APP_TOKEN:
    "leave it unset for HTTP mode, or set an app-level token (xapp-…) made under \"Basic Information → App-Level Tokens\" with the connections:write scope",
  SLACK_API_URL: "leave it unset for real Slack, or set the Web API base URL of an emulator, e.g. http://127.0.0.1:3001/api/",
  PORT: "set it to a TCP port number (1-65535) for the /slack/events endpoint, or leave it unset for 3000",
  DIGEST_INTERVAL: `use ${DURATION_SYNTAX}, or leave it unset for ${DEFAULT_DIGEST_INTERVAL}`,
  WORKATO_WATCH:
    "use recipeId=channelId or folder:folderId=channelId pairs separated by commas, e.g. WORKATO_WATCH=123=C0123456,folder:7001=C0789ABC",
  REPEAT_ALLOWED_USERS: "use Slack user ids (U… or W…) separated by commas, or unset it to let everyone repeat",
  WATCH_ALLOWED_USERS: "use Slack user ids (U… or W…) separated by commas, or unset it to let everyone change watches",
  RETENTION: `use a duration such as "30 days" or "12 hours", or leave it unset for ${DEFAULT_RETENTION}`,
  AUDIT_RETENTION: `use a duration such as "365 days", or leave it unset for ${DEFAULT_AUDIT_RETENTION}`,
  DATABASE_URL: `use sqlite:<file> (e.g. ${DEFAULT_DATABASE_URL}), sqlite::memory:, or postgres://user:password@host:5432/database`,
  WORKATO_API_TOKEN: "set it to an API client token (Workato: Workspace admin → API clients) with the Jobs permissions",
  WORKATO_DATA_CENTER: `use one of ${DataCenters.join(", ")}, or leave it unset for us`,
  WORKATO_BASE_URL: "use the http(s) origin of the Workato API (or of the simulator), or leave it unset for the data center's",
  WORKATO_UI_URL: "use the http(s) origin of Workato's web UI, or leave it unset for the data center's",
  WORKATO_TIMEOUT: "use a duration such as \"40 seconds\", or leave it unset for 40 seconds",
  WORKATO_RATE_REPEAT_PER_SECOND: "use a positive number of requests per second (e.g. 1 or 0.5), or leave it unset for 1",
  WORKATO_RATE_CANCEL_PER_SECOND: "use a positive number of requests per second (e.g. 1 or 0.5), or leave it unset for 1",
  WORKATO_RATE_OTHER_PER_MINUTE: "use a positive number of requests per minute (e.g. 60), or leave it unset for 60",
  WORKATO_RATE_RECIPES_PER_MINUTE: "use a positive number of requests per minute (e.g. 60), or leave it unset for 60",
  WORKATO_RATE_ADAPTIVE: "use true or false, or leave it unset for false"
} as const

export type Variable = keyof typeof FIXES

/** One sentence per variable: which, what is wrong, what to do. */
export class ConfigProblem extends Schema.TaggedError<ConfigProblem>()("ConfigProblem", {
  problems: Schema.Array(Schema.Struct({ variable: Schema.String, problem: Schema.String }))
}) {
  override get message() {
    return this.problems.map(({ problem, variable }) => sentence(variable, problem)).join(" ")
  }
}

export const sentence = (variable: string, problem: string): string => {
  const fix = (FIXES as Record<string, string | undefined>)[variable]
  return `${variable} ${problem}${fix === undefined ? "" : `: ${fix}`}.`
}

const leaves = (error: ConfigError.ConfigError): ReadonlyArray<ConfigError.ConfigError> =>
  error._op === "And" || error._op === "Or" ? [...leaves(error.left), ...leaves(error.right)] : [error]

/** Effect's ConfigError (a tree) → one problem per variable. Values never appear: secrets are Redacted. */
export const toConfigProblem = (error: ConfigError.ConfigError): ConfigProblem => {
  const problems = new Map<string, string>()
  for (const leaf of leaves(error)) {
    if (leaf._op === "And" || leaf._op === "Or") continue
    const variable = leaf.path.at(-1) ?? "the configuration"
    if (problems.has(variable)) continue
    problems.set(variable, leaf._op === "MissingData" ? "is not set" : `is invalid (${leaf.message})`)
  }
  return new ConfigProblem({ problems: [...problems].map(([variable, problem]) => ({ variable, problem })) })
}

/**
 * The environment as the bot's ConfigProvider: a blank value (`WORKATO_BASE_URL=` in a .env file)
 * counts as unset, so every default applies the same way to both.
 */
export const environmentProvider = (env: Readonly<Record<string, string | undefined>>): ConfigProvider.ConfigProvider =>
  ConfigProvider.fromMap(new Map(Object.entries(env).filter((e): e is [string, string] => (e[1] ?? "").trim() !== "")))

const fromEither = <A>(parse: (text: string) => Either.Either<A, string>) => (name: Variable) =>
  Config.nested(Config.string().pipe(Config.mapOrFail((text) => Either.mapLeft(parse(text), (why) => ConfigError.InvalidData([], why)))), name)

// Config.validate reports at the path it runs at: nest the check under the name so the error names it.
const checked = <A>(name: Variable, config: Config.Config<A>, message: string, validation: (a: A) => boolean) =>
  Config.nested(Config.validate(config, { message, validation }), name)

const positiveDuration = (name: Variable) =>
  checked(name, Config.duration(), "expected a positive duration", Duration.greaterThan(Duration.zero))

const positiveNumber = (name: Variable) => checked(name, Config.number(), "expected a positive number", (n) => n > 0)

const httpUrl = (name: Variable) =>
  checked(name, Config.url(), "expected an http(s) URL", (url) => url.protocol === "http:" || url.protocol === "https:")

const unset = <A>(config: Config.Config<A>) => Config.withDefault(config, undefined)

/** "123=C0123,folder:7001=C0456" → watches; every recipe or folder id a positive safe integer. */
export const parseWatchList = (text: string): Either.Either<ReadonlyArray<WatchSpec>, string> => {
  const watches: Array<WatchSpec> = []
  for (const raw of text.split(",")) {
    const item = raw.trim()
    if (item === "") continue
    const match = /^(folder:\s*)?([^=\s]+)\s*=\s*([A-Z0-9]+)$/i.exec(item)
    if (!match) return Either.left(`"${item}" is not a recipeId=channelId or folder:folderId=channelId pair`)
    const folder = match[1] !== undefined
    // Folder ids are whole numbers from 1 up, like recipe ids.
    const id = Either.mapLeft(parseRecipeId(match[2]!), (why) => (folder ? why.replaceAll("recipe id", "folder id") : why))
    if (Either.isLeft(id)) return Either.left(id.left)
    const channel = match[3]!
    watches.push(folder ? { folderId: id.right, channel } : { recipeId: id.right, channel })
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

const userList = fromEither(parseUserList)

/**
 * Everything the bot reads, as read: credentials optional (which of them are set decides the run
 * mode, see mode.ts), per-mode defaults left to the mode. One Config, read once.
 */
export const environment = Config.all({
  slack: Config.all({
    botToken: Config.option(Config.redacted("SLACK_BOT_TOKEN")),
    signingSecret: Config.option(Config.redacted("SLACK_SIGNING_SECRET")),
    appToken: Config.option(checked(
      "SLACK_APP_TOKEN",
      Config.redacted(),
      "it does not look like an app-level token (it must start with xapp-)",
      (token) => Redacted.value(token).startsWith("xapp-")
    )),
    apiUrl: Config.option(Config.map(httpUrl("SLACK_API_URL"), (url) => url.href)),
    port: Config.option(Config.port("PORT"))
  }),
  digestInterval: Config.option(fromEither(parseInterval)("DIGEST_INTERVAL")),
  initialWatches: Config.withDefault(fromEither(parseWatchList)("WORKATO_WATCH"), []),
  repeatAllowedUsers: Config.option(userList("REPEAT_ALLOWED_USERS")),
  watchAllowedUsers: Config.option(userList("WATCH_ALLOWED_USERS")),
  retention: Config.withDefault(positiveDuration("RETENTION"), Duration.decode(DEFAULT_RETENTION)),
  auditRetention: Config.withDefault(positiveDuration("AUDIT_RETENTION"), Duration.decode(DEFAULT_AUDIT_RETENTION)),
  database: Config.option(fromEither(parseDatabaseUrl)("DATABASE_URL")),
  workatoToken: Config.option(Config.redacted("WORKATO_API_TOKEN")),
  workato: Config.all({
    dataCenter: unset(Config.nested(
      Config.string().pipe(
        Config.map((text) => text.trim().toLowerCase()),
        Config.validate({ message: `expected one of ${DataCenters.join(", ")}`, validation: isDataCenter })
      ),
      "WORKATO_DATA_CENTER"
    )),
    baseUrl: unset(httpUrl("WORKATO_BASE_URL")),
    uiUrl: unset(httpUrl("WORKATO_UI_URL")),
    timeout: unset(positiveDuration("WORKATO_TIMEOUT")),
    limits: Config.all({
      repeatPerSecond: unset(positiveNumber("WORKATO_RATE_REPEAT_PER_SECOND")),
      cancelPerSecond: unset(positiveNumber("WORKATO_RATE_CANCEL_PER_SECOND")),
      otherPerMinute: unset(positiveNumber("WORKATO_RATE_OTHER_PER_MINUTE"))
    }),
    recipesPerMinute: unset(positiveNumber("WORKATO_RATE_RECIPES_PER_MINUTE")),
    adaptiveQuotas: Config.withDefault(Config.boolean("WORKATO_RATE_ADAPTIVE"), false)
  })
})

function isDataCenter(text: string): text is typeof DataCenters[number] {
  return (DataCenters as ReadonlyArray<string>).includes(text)
}

export type Environment = Config.Config.Success<typeof environment>

/** The jobs-api options, minus the token (which decides the run mode). */
export type WorkatoOptions = Omit<RecipesClientOptions, "token">

/** For logs at start-up: settings without any secret. */
export const describeSettings = (settings: BotSettings): string =>
  [
    `mode=${Option.isSome(settings.slack.appToken) ? "socket" : `http port ${settings.slack.port}`}`,
    `slack=${Option.getOrElse(settings.slack.apiUrl, () => "https://slack.com/api/")}`,
    `digest every ${formatInterval(settings.digestInterval)}`,
    `${settings.initialWatches.length} initial watch(es)`,
    `repeat allowed for ${Option.match(settings.repeatAllowedUsers, { onNone: () => "everyone", onSome: (s) => `${s.size} user(s)` })}`,
    `watches changed by ${Option.match(settings.watchAllowedUsers, { onNone: () => "everyone", onSome: (s) => `${s.size} user(s)` })}`,
    `database=${settings.database._tag === "Sqlite" ? `sqlite ${settings.database.filename}` : "postgres"}`
  ].join(", ")
