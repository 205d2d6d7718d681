import { assert, describe, it } from "@effect/vitest"
import { Duration, Effect, Either, Option, Redacted } from "effect"
import { readFileSync } from "node:fs"
import { homedir } from "node:os"
import {
  type BotSettings,
  type ConfigProblem,
  Database,
  describeSettings,
  environment,
  environmentProvider,
  FIXES,
  parseDatabaseUrl,
  toConfigProblem
} from "../src/config.js"
import { detectMode, IncompleteCredentials, RunMode } from "../src/mode.js"
import { parseRecipeId } from "../src/workato/recipeId.js"
import type { RecipesClientOptions } from "@workato-jobs/jobs-api"

const SECRET_TOKEN = "xoxb-very-secret-token"
const SECRET_SIGNING = "signing-secret-value"
const SECRET_WORKATO = "wrk-secret-workato-token"
const SECRET_DB = "pg-secret-password"
const SECRETS = [SECRET_TOKEN, SECRET_SIGNING, SECRET_WORKATO, SECRET_DB]
const base = { SLACK_BOT_TOKEN: SECRET_TOKEN, SLACK_SIGNING_SECRET: SECRET_SIGNING, WORKATO_API_TOKEN: SECRET_WORKATO }

/** The environment read as main.ts reads it, then the run mode. */
const read = (env: Record<string, string>) =>
  environment.pipe(
    Effect.mapError(toConfigProblem),
    Effect.map(detectMode),
    Effect.withConfigProvider(environmentProvider(env)),
    Effect.either
  )

const real = (env: Record<string, string>) =>
  Effect.map(read(env), (result): { settings: BotSettings; workato: RecipesClientOptions } => {
    if (Either.isLeft(result)) assert.fail(`expected ${JSON.stringify(Object.keys(env))} to load: ${result.left.message}`)
    if (result.right._tag !== "Real") assert.fail(`expected a real run, got ${result.right._tag}`)
    return result.right
  })

const problem = (env: Record<string, string>) =>
  Effect.map(read(env), (result): ConfigProblem => {
    if (Either.isRight(result)) assert.fail(`expected ${JSON.stringify(env)} to be refused`)
    for (const secret of SECRETS) assert.notInclude(result.left.message, secret)
    return result.left
  })

describe("the bot's configuration (one Config, read once)", () => {
  it.effect("defaults", () =>
    Effect.gen(function*() {
      const { settings, workato } = yield* real(base)
      assert.strictEqual(Redacted.value(settings.slack.botToken), SECRET_TOKEN)
      assert.strictEqual(settings.slack.port, 3000)
      assert.isTrue(Option.isNone(settings.slack.appToken))
      assert.isTrue(Duration.equals(settings.digestInterval, Duration.minutes(15)))
      assert.deepStrictEqual(settings.initialWatches, [])
      assert.isTrue(Option.isNone(settings.repeatAllowedUsers))
      assert.isTrue(Option.isNone(settings.watchAllowedUsers))
      assert.isTrue(Duration.equals(settings.retention, Duration.days(30)))
      assert.isTrue(Duration.equals(settings.auditRetention, Duration.days(365)))
      assert.deepStrictEqual(settings.database, Database.Sqlite({ filename: "./data/slackbot.db" }))
      assert.strictEqual(Redacted.value(workato.token), SECRET_WORKATO)
      assert.strictEqual(workato.dataCenter, undefined)
      assert.strictEqual(workato.adaptiveQuotas, false)
      const described = describeSettings(settings)
      for (const secret of SECRETS) assert.notInclude(described, secret)
      assert.notInclude(String(settings.slack.botToken), SECRET_TOKEN) // Redacted prints as <redacted>
    }))

  it.effect("every variable", () =>
    Effect.gen(function*() {
      const { settings, workato } = yield* real({
        ...base,
        SLACK_APP_TOKEN: "xapp-1-abc",
        SLACK_API_URL: "http://127.0.0.1:3100/api/",
        PORT: "8080",
        DIGEST_INTERVAL: "1h",
        WORKATO_WATCH: "123=C0123, 456=C0456, folder:7001=C0456",
        REPEAT_ALLOWED_USERS: "U1ABC,W2DEF",
        WATCH_ALLOWED_USERS: "U9XYZ",
        RETENTION: "12 hours",
        AUDIT_RETENTION: "90 days",
        DATABASE_URL: `postgres://bot:${SECRET_DB}@db.internal:5432/slackbot`,
        WORKATO_DATA_CENTER: " EU ",
        WORKATO_BASE_URL: "http://127.0.0.1:4000",
        WORKATO_UI_URL: "https://ui.example.com",
        WORKATO_TIMEOUT: "5 seconds",
        WORKATO_RATE_REPEAT_PER_SECOND: "0.5",
        WORKATO_RATE_CANCEL_PER_SECOND: "2",
        WORKATO_RATE_OTHER_PER_MINUTE: "30",
        WORKATO_RATE_RECIPES_PER_MINUTE: "20",
        WORKATO_RATE_ADAPTIVE: "true"
      })
      assert.strictEqual(settings.slack.port, 8080)
      assert.deepStrictEqual(settings.slack.apiUrl, Option.some("http://127.0.0.1:3100/api/"))
      assert.isTrue(Duration.equals(settings.digestInterval, Duration.hours(1)))
      assert.deepStrictEqual(settings.initialWatches, [
        { recipeId: 123, channel: "C0123" },
        { recipeId: 456, channel: "C0456" },
        { folderId: 7001, channel: "C0456" }
      ])
      assert.deepStrictEqual(Option.map(settings.repeatAllowedUsers, (s) => [...s]), Option.some(["U1ABC", "W2DEF"]))
      assert.deepStrictEqual(Option.map(settings.watchAllowedUsers, (s) => [...s]), Option.some(["U9XYZ"]))
      assert.isTrue(Duration.equals(settings.retention, Duration.hours(12)))
      assert.isTrue(Duration.equals(settings.auditRetention, Duration.days(90)))
      assert.strictEqual(settings.database._tag, "Postgres")
      assert.notInclude(describeSettings(settings), SECRET_DB)
      assert.strictEqual(workato.dataCenter, "eu")
      assert.strictEqual(String(workato.baseUrl), "http://127.0.0.1:4000/")
      assert.isTrue(Duration.equals(Duration.decode(workato.timeout!), Duration.seconds(5)))
      assert.deepStrictEqual(workato.limits, { repeatPerSecond: 0.5, cancelPerSecond: 2, otherPerMinute: 30 })
      assert.strictEqual(workato.recipesPerMinute, 20)
      assert.strictEqual(workato.adaptiveQuotas, true)
      // Socket Mode needs no signing secret.
      const socket = yield* real({ SLACK_BOT_TOKEN: SECRET_TOKEN, SLACK_APP_TOKEN: "xapp-1-abc", WORKATO_API_TOKEN: SECRET_WORKATO })
      assert.isTrue(Option.isSome(socket.settings.slack.appToken))
    }))

  it.effect("a blank value counts as unset", () =>
    Effect.gen(function*() {
      const { settings, workato } = yield* real({ ...base, PORT: " ", WORKATO_BASE_URL: "", DATABASE_URL: "", WORKATO_RATE_ADAPTIVE: "" })
      assert.strictEqual(settings.slack.port, 3000)
      assert.strictEqual(workato.baseUrl, undefined)
      assert.strictEqual(settings.database._tag, "Sqlite")
    }))

  it.effect("each invalid variable: one sentence naming it, with the fix, no value of a secret", () =>
    Effect.gen(function*() {
      const cases: ReadonlyArray<readonly [Record<string, string>, keyof typeof FIXES, string]> = [
        [{ ...base, SLACK_APP_TOKEN: `xoxb-${SECRET_TOKEN}` }, "SLACK_APP_TOKEN", "connections:write"],
        [{ ...base, SLACK_API_URL: "ftp://x" }, "SLACK_API_URL", "emulator"],
        [{ ...base, PORT: "abc" }, "PORT", "1-65535"],
        [{ ...base, DIGEST_INTERVAL: "soon" }, "DIGEST_INTERVAL", "15 minutes"],
        [{ ...base, DIGEST_INTERVAL: "5 seconds" }, "DIGEST_INTERVAL", "out of range"],
        [{ ...base, WORKATO_WATCH: "123:C0123" }, "WORKATO_WATCH", "recipeId=channelId"],
        [{ ...base, WORKATO_WATCH: "0=C0123" }, "WORKATO_WATCH", "from 1 to 9007199254740991"],
        [{ ...base, WORKATO_WATCH: "9007199254740992=C0123" }, "WORKATO_WATCH", "from 1 to 9007199254740991"],
        [{ ...base, WORKATO_WATCH: "1.5=C0123" }, "WORKATO_WATCH", "whole number"],
        [{ ...base, WORKATO_WATCH: "folder:x=C0123" }, "WORKATO_WATCH", "not a folder id"],
        [{ ...base, WORKATO_WATCH: "folder:0=C0123" }, "WORKATO_WATCH", "folder ids run from 1"],
        [{ ...base, REPEAT_ALLOWED_USERS: "alice" }, "REPEAT_ALLOWED_USERS", "Slack user ids"],
        [{ ...base, WATCH_ALLOWED_USERS: "bob" }, "WATCH_ALLOWED_USERS", "change watches"],
        [{ ...base, RETENTION: "forever" }, "RETENTION", "30 days"],
        [{ ...base, AUDIT_RETENTION: "0 days" }, "AUDIT_RETENTION", "365 days"],
        [{ ...base, DATABASE_URL: `mysql://root:${SECRET_DB}@db/x` }, "DATABASE_URL", "postgres://"],
        [{ ...base, DATABASE_URL: `postgres://bot:${SECRET_DB}@[bad` }, "DATABASE_URL", "postgres://"],
        [{ ...base, WORKATO_DATA_CENTER: "mars" }, "WORKATO_DATA_CENTER", "trial"],
        [{ ...base, WORKATO_BASE_URL: "not a url" }, "WORKATO_BASE_URL", "simulator"],
        [{ ...base, WORKATO_UI_URL: "ftp://x" }, "WORKATO_UI_URL", "web UI"],
        [{ ...base, WORKATO_TIMEOUT: "soon" }, "WORKATO_TIMEOUT", "40 seconds"],
        [{ ...base, WORKATO_RATE_REPEAT_PER_SECOND: "fast" }, "WORKATO_RATE_REPEAT_PER_SECOND", "per second"],
        [{ ...base, WORKATO_RATE_CANCEL_PER_SECOND: "0" }, "WORKATO_RATE_CANCEL_PER_SECOND", "per second"],
        [{ ...base, WORKATO_RATE_OTHER_PER_MINUTE: "-5" }, "WORKATO_RATE_OTHER_PER_MINUTE", "per minute"],
        [{ ...base, WORKATO_RATE_RECIPES_PER_MINUTE: "x" }, "WORKATO_RATE_RECIPES_PER_MINUTE", "per minute"],
        [{ ...base, WORKATO_RATE_ADAPTIVE: "maybe" }, "WORKATO_RATE_ADAPTIVE", "true or false"]
      ]
      for (const [env, variable, fix] of cases) {
        const error = yield* problem(env)
        assert.deepStrictEqual(error.problems.map((p) => p.variable), [variable], JSON.stringify(env))
        assert.match(error.message, new RegExp(`^${variable} is invalid \\(.+\\): .+\\.$`))
        assert.include(error.message, fix, variable)
      }
      // Several at once: one sentence each.
      const both = yield* problem({ ...base, PORT: "abc", RETENTION: "forever" })
      assert.deepStrictEqual(both.problems.map((p) => p.variable), ["PORT", "RETENTION"])
    }))

  it.effect("missing credentials: one sentence per variable saying what to set, never `Missing data at`", () =>
    Effect.gen(function*() {
      const cases: ReadonlyArray<readonly [Record<string, string>, ReadonlyArray<string>]> = [
        [{ SLACK_SIGNING_SECRET: SECRET_SIGNING, WORKATO_API_TOKEN: SECRET_WORKATO }, ["SLACK_BOT_TOKEN"]],
        [{ ...base, SLACK_BOT_TOKEN: "  " }, ["SLACK_BOT_TOKEN"]],
        [{ SLACK_BOT_TOKEN: SECRET_TOKEN, WORKATO_API_TOKEN: SECRET_WORKATO }, ["SLACK_SIGNING_SECRET"]],
        [{ SLACK_BOT_TOKEN: SECRET_TOKEN, SLACK_SIGNING_SECRET: SECRET_SIGNING }, ["WORKATO_API_TOKEN"]],
        [{ WORKATO_API_TOKEN: SECRET_WORKATO }, ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"]]
      ]
      for (const [env, missing] of cases) {
        const mode = Either.getOrThrow(yield* read(env))
        if (mode._tag !== "Incomplete") return assert.fail(`expected Incomplete for ${Object.keys(env)}`)
        assert.deepStrictEqual(mode.missing, missing)
        const message = new IncompleteCredentials(mode).message
        for (const variable of missing) {
          assert.include(message, `${variable} is not set: ${FIXES[variable as keyof typeof FIXES]}.`)
        }
        assert.notInclude(message, "Missing data")
        assert.notInclude(message, "redacted")
        for (const secret of SECRETS) assert.notInclude(message, secret)
      }
      assert.include(new IncompleteCredentials({ missing: ["WORKATO_API_TOKEN"], present: ["SLACK_BOT_TOKEN"] }).message, "API client token")
    }))

  it.effect("no credentials: the embedded demo, with the optional settings as read", () =>
    Effect.gen(function*() {
      const mode = Either.getOrThrow(yield* read({ PORT: "3000", SLACK_BOT_TOKEN: " ", DIGEST_INTERVAL: "2m" }))
      assert.strictEqual(mode._tag, "Embedded")
      assert.isTrue(RunMode.$is("Embedded")(mode) && Option.contains(mode.environment.slack.port, 3000))
    }))
})

describe("DATABASE_URL", () => {
  const sqlite = (filename: string) => Either.right(Database.Sqlite({ filename }))
  it("SQLite forms", () => {
    assert.deepStrictEqual(parseDatabaseUrl("sqlite::memory:"), sqlite(":memory:"))
    assert.deepStrictEqual(parseDatabaseUrl("  sqlite: :memory:  "), sqlite(":memory:"))
    assert.deepStrictEqual(parseDatabaseUrl("SQLITE::memory:"), sqlite(":memory:"))
    assert.deepStrictEqual(parseDatabaseUrl("sqlite:~/x.db"), sqlite(`${homedir()}/x.db`))
    assert.deepStrictEqual(parseDatabaseUrl("sqlite:///var/lib/bot.db"), sqlite("/var/lib/bot.db"))
    assert.deepStrictEqual(parseDatabaseUrl("sqlite:/var/lib/bot.db"), sqlite("/var/lib/bot.db"))
    assert.deepStrictEqual(parseDatabaseUrl("sqlite:./data/slackbot.db"), sqlite("./data/slackbot.db"))
    assert.deepStrictEqual(parseDatabaseUrl("sqlite:bot.db"), sqlite("bot.db"))
  })

  it("PostgreSQL: postgres:// and postgresql://, the URL kept Redacted", () => {
    for (const url of [`postgres://bot:${SECRET_DB}@db:5432/x`, `postgresql://bot:${SECRET_DB}@db/x`]) {
      const parsed = Either.getOrThrow(parseDatabaseUrl(` ${url} `))
      if (parsed._tag !== "Postgres") return assert.fail(url)
      assert.strictEqual(Redacted.value(parsed.url), url)
      assert.notInclude(String(parsed.url), SECRET_DB)
    }
  })

  it("anything odd is refused with the reason, never a strange file name, never a password", () => {
    const refused: ReadonlyArray<readonly [string, string]> = [
      ["sqlite:", "names no file"],
      ["sqlite:  ", "names no file"],
      ["sqlite::memory", "sqlite::memory:"],
      ["sqlite::memroy:", "sqlite::memory:"],
      ["sqlite:memory:", "sqlite::memory:"],
      ["sqlite://bot.db", "names a host"],
      ["sqlite:./bot.db?mode=ro", "query string"],
      ["sqlite:./data/", "folder"],
      ["sqlite:~", "home folder"],
      ["sqlite:~alice/bot.db", "~user"],
      ["./bot.db", "does not start with"],
      ["bot.db", "does not start with"],
      [`mysql://root:${SECRET_DB}@db/x`, "\"mysql:\""],
      [`postgres:bot:${SECRET_DB}@db`, "postgres://"],
      [`postgres://bot:${SECRET_DB}@[::1`, "postgres://"]
    ]
    for (const [url, reason] of refused) {
      const parsed = parseDatabaseUrl(url)
      if (Either.isRight(parsed)) return assert.fail(`${url} was accepted as ${JSON.stringify(parsed.right)}`)
      assert.include(parsed.left, reason, url)
      assert.notInclude(parsed.left, SECRET_DB)
    }
  })
})

describe("recipe ids", () => {
  it("1 … 2^53−1 accepted; 0, larger, non-integers and signs refused with the reason", () => {
    assert.deepStrictEqual(parseRecipeId("1"), Either.right(1))
    assert.deepStrictEqual(parseRecipeId(" 9007199254740991 "), Either.right(Number.MAX_SAFE_INTEGER))
    for (const text of ["0", "000", "9007199254740992", "99999999999999999999"]) {
      assert.include(Either.flip(parseRecipeId(text)).pipe(Either.getOrThrow), "from 1 to 9007199254740991", text)
    }
    for (const text of ["1.5", "1e3", "-4", "+4", "abc", "", "0x10"]) {
      assert.include(Either.flip(parseRecipeId(text)).pipe(Either.getOrThrow), "whole number", text)
    }
  })
})

describe(".env.example", () => {
  it.effect("lists every variable, and its values load", () =>
    Effect.gen(function*() {
      const text = readFileSync(new URL("../.env.example", import.meta.url), "utf8")
      const names = new Set([...text.matchAll(/^#? ?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]!))
      for (const name of Object.keys(FIXES)) assert.isTrue(names.has(name), `${name} is missing from .env.example`)
      // The uncommented lines, as a shell would read them, make a valid configuration.
      const env = Object.fromEntries(
        [...text.matchAll(/^([A-Z][A-Z0-9_]+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!.replace(/^"(.*)"$/, "$1")])
      )
      yield* real(env)
    }))
})
