/**
 * Which way `pnpm start` runs, from the environment as read once (config.ts):
 * - none of the credentials set → the embedded demo (simulator + emulator + bot in one process);
 * - all that a real run needs → the real bot, with its settings and the jobs-api options;
 * - some but not all → an error that names what is missing (a half-configured bot would
 *   otherwise fail later, or worse, quietly run the demo against nothing).
 */
import type { RecipesClientOptions } from "@workato-jobs/jobs-api"
import { Data, Duration, Either, Option, Schema } from "effect"
import { type BotSettings, DEFAULT_DIGEST_INTERVAL, type Environment, sentence } from "./config.js"
import { DEFAULT_DATABASE_URL, parseDatabaseUrl } from "./databaseUrl.js"

export type RunMode = Data.TaggedEnum<{
  Embedded: { readonly environment: Environment }
  Real: { readonly settings: BotSettings; readonly workato: RecipesClientOptions }
  Incomplete: { readonly missing: ReadonlyArray<string>; readonly present: ReadonlyArray<string> }
}>
export const RunMode = Data.taggedEnum<RunMode>()

/** The variables that decide the mode; other variables (PORT, WORKATO_WATCH…) apply to both. */
export const CREDENTIALS = ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "WORKATO_API_TOKEN"] as const

export const detectMode = (env: Environment): RunMode => {
  const { appToken, botToken, signingSecret } = env.slack
  const set = { SLACK_BOT_TOKEN: botToken, SLACK_SIGNING_SECRET: signingSecret, SLACK_APP_TOKEN: appToken, WORKATO_API_TOKEN: env.workatoToken }
  const present = CREDENTIALS.filter((name) => Option.isSome(set[name]))
  if (present.length === 0) return RunMode.Embedded({ environment: env })
  const missing = [
    ...(Option.isSome(botToken) ? [] : ["SLACK_BOT_TOKEN"]),
    // Socket Mode (SLACK_APP_TOKEN) needs no signing secret; HTTP mode does.
    ...(Option.isSome(signingSecret) || Option.isSome(appToken) ? [] : ["SLACK_SIGNING_SECRET"]),
    ...(Option.isSome(env.workatoToken) ? [] : ["WORKATO_API_TOKEN"])
  ]
  if (missing.length > 0 || Option.isNone(botToken) || Option.isNone(env.workatoToken)) {
    return RunMode.Incomplete({ missing, present })
  }
  return RunMode.Real({
    settings: {
      slack: {
        botToken: botToken.value,
        signingSecret,
        appToken,
        apiUrl: env.slack.apiUrl,
        port: Option.getOrElse(env.slack.port, () => 3000)
      },
      digestInterval: Option.getOrElse(env.digestInterval, () => Duration.decode(DEFAULT_DIGEST_INTERVAL)),
      initialWatches: env.initialWatches,
      repeatAllowedUsers: env.repeatAllowedUsers,
      watchAllowedUsers: env.watchAllowedUsers,
      retention: env.retention,
      auditRetention: env.auditRetention,
      database: Option.getOrElse(env.database, () => Either.getOrThrow(parseDatabaseUrl(DEFAULT_DATABASE_URL)))
    },
    workato: { token: env.workatoToken.value, ...env.workato }
  })
}

/** Some credentials but not all: start-up stops with one sentence per missing variable. */
export class IncompleteCredentials extends Schema.TaggedError<IncompleteCredentials>()("IncompleteCredentials", {
  missing: Schema.Array(Schema.String),
  present: Schema.Array(Schema.String)
}) {
  override get message() {
    return incompleteMessage(this)
  }
}

export const incompleteMessage = (mode: { readonly missing: ReadonlyArray<string>; readonly present: ReadonlyArray<string> }): string =>
  [
    `Some credentials are set (${mode.present.join(", ")}) but not all.`,
    ...mode.missing.map((variable) => sentence(variable, "is not set")),
    `Or unset ${mode.present.join(", ")} to run the embedded demo (see apps/slackbot/.env.example).`
  ].join(" ")
