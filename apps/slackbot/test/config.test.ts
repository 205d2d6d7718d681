import { assert, describe, it } from "@effect/vitest"
import { EnvVars } from "@workato-jobs/jobs-api"
import { ConfigProvider, Duration, Effect, Either, Option, Redacted } from "effect"
import { describeSettings, loadBotConfig } from "../src/config.js"
import { detectMode } from "../src/mode.js"
import { readFileSync } from "node:fs"

const SECRET_TOKEN = "xoxb-very-secret-token"
const SECRET_SIGNING = "signing-secret-value"
const base = { SLACK_BOT_TOKEN: SECRET_TOKEN, SLACK_SIGNING_SECRET: SECRET_SIGNING }

const load = (env: Record<string, string>) =>
  loadBotConfig.pipe(Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env)))), Effect.either)

const problem = (env: Record<string, string>) =>
  Effect.map(load(env), (result) => {
    if (Either.isRight(result)) assert.fail(`expected ${JSON.stringify(env)} to be refused`)
    const message = result.left.message
    assert.notInclude(message, SECRET_TOKEN)
    assert.notInclude(message, SECRET_SIGNING)
    return result.left
  })

describe("BotConfig", () => {
  it.effect("defaults", () =>
    Effect.gen(function*() {
      const settings = Either.getOrThrow(yield* load(base))
      assert.strictEqual(Redacted.value(settings.slack.botToken), SECRET_TOKEN)
      assert.strictEqual(settings.slack.port, 3000)
      assert.isTrue(Option.isNone(settings.slack.appToken))
      assert.isTrue(Duration.equals(settings.digestInterval, Duration.minutes(15)))
      assert.deepStrictEqual(settings.initialWatches, [])
      assert.isTrue(Option.isNone(settings.repeatAllowedUsers))
      assert.strictEqual(settings.databaseFile, "./data/slackbot.db")
      const described = describeSettings(settings)
      assert.notInclude(described, SECRET_TOKEN)
      assert.notInclude(String(settings.slack.botToken), SECRET_TOKEN) // Redacted prints as <redacted>
    }))

  it.effect("every variable", () =>
    Effect.gen(function*() {
      const settings = Either.getOrThrow(yield* load({
        ...base,
        SLACK_APP_TOKEN: "xapp-1-abc",
        SLACK_API_URL: "http://127.0.0.1:3100/api",
        PORT: "8080",
        DIGEST_INTERVAL: "1h",
        WORKATO_WATCH: "123=C0123, 456=C0456",
        REPEAT_ALLOWED_USERS: "U1ABC,W2DEF",
        DATABASE_URL: "sqlite::memory:"
      }))
      assert.strictEqual(settings.slack.port, 8080)
      assert.deepStrictEqual(settings.slack.apiUrl, Option.some("http://127.0.0.1:3100/api"))
      assert.isTrue(Duration.equals(settings.digestInterval, Duration.hours(1)))
      assert.deepStrictEqual(settings.initialWatches, [{ recipeId: 123, channel: "C0123" }, { recipeId: 456, channel: "C0456" }])
      assert.deepStrictEqual(Option.map(settings.repeatAllowedUsers, (s) => [...s]), Option.some(["U1ABC", "W2DEF"]))
      assert.strictEqual(settings.databaseFile, ":memory:")
      // Socket Mode needs no signing secret.
      const socket = yield* load({ SLACK_BOT_TOKEN: SECRET_TOKEN, SLACK_APP_TOKEN: "xapp-1-abc" })
      assert.isTrue(Either.isRight(socket))
    }))

  it.effect("a missing or invalid variable is named, with the fix", () =>
    Effect.gen(function*() {
      const cases: ReadonlyArray<readonly [Record<string, string>, string, string]> = [
        [{ SLACK_SIGNING_SECRET: SECRET_SIGNING }, "SLACK_BOT_TOKEN", "OAuth & Permissions"],
        [{ ...base, SLACK_BOT_TOKEN: "  " }, "SLACK_BOT_TOKEN", "xoxb-"],
        [{ SLACK_BOT_TOKEN: SECRET_TOKEN }, "SLACK_SIGNING_SECRET", "Basic Information"],
        [{ ...base, SLACK_APP_TOKEN: "xoxb-wrong" }, "SLACK_APP_TOKEN", "connections:write"],
        [{ ...base, SLACK_API_URL: "ftp://x" }, "SLACK_API_URL", "emulator"],
        [{ ...base, PORT: "abc" }, "PORT", "1-65535"],
        [{ ...base, DIGEST_INTERVAL: "soon" }, "DIGEST_INTERVAL", "15 minutes"],
        [{ ...base, DIGEST_INTERVAL: "5 seconds" }, "DIGEST_INTERVAL", "out of range"],
        [{ ...base, WORKATO_WATCH: "123:C0123" }, "WORKATO_WATCH", "recipeId=channelId"],
        [{ ...base, REPEAT_ALLOWED_USERS: "alice" }, "REPEAT_ALLOWED_USERS", "Slack user ids"],
        [{ ...base, DATABASE_URL: "postgres://db/x" }, "DATABASE_URL", "sqlite:"]
      ]
      for (const [env, variable, fix] of cases) {
        const error = yield* problem(env)
        assert.strictEqual(error.variable, variable, JSON.stringify(env))
        assert.include(error.message, variable)
        assert.include(error.message, fix, variable)
      }
    }))
})

describe("detectMode", () => {
  it("none → embedded demo; all → real; some → what is missing", () => {
    assert.deepStrictEqual(detectMode({}), { _tag: "Embedded" })
    assert.deepStrictEqual(detectMode({ PORT: "3000", SLACK_BOT_TOKEN: " " }), { _tag: "Embedded" })
    assert.deepStrictEqual(detectMode({ SLACK_BOT_TOKEN: "x", SLACK_SIGNING_SECRET: "y", WORKATO_API_TOKEN: "z" }), { _tag: "Real" })
    assert.deepStrictEqual(detectMode({ SLACK_BOT_TOKEN: "x", SLACK_APP_TOKEN: "xapp", WORKATO_API_TOKEN: "z" }), { _tag: "Real" })
    assert.deepStrictEqual(detectMode({ SLACK_BOT_TOKEN: "x" }), {
      _tag: "Incomplete",
      missing: ["SLACK_SIGNING_SECRET", "WORKATO_API_TOKEN"],
      present: ["SLACK_BOT_TOKEN"]
    })
    assert.deepStrictEqual(detectMode({ WORKATO_API_TOKEN: "z" }), {
      _tag: "Incomplete",
      missing: ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"],
      present: ["WORKATO_API_TOKEN"]
    })
  })
})

describe(".env.example", () => {
  it.effect("lists every variable, and its values load", () =>
    Effect.gen(function*() {
      const text = readFileSync(new URL("../.env.example", import.meta.url), "utf8")
      const names = new Set([...text.matchAll(/^#? ?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]!))
      const expected = [
        "SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_API_URL", "PORT",
        "DIGEST_INTERVAL", "WORKATO_WATCH", "REPEAT_ALLOWED_USERS", "DATABASE_URL", ...Object.values(EnvVars)
      ]
      for (const name of expected) assert.isTrue(names.has(name), `${name} is missing from .env.example`)
      // The uncommented lines, as a shell would read them, make a valid configuration.
      const env = Object.fromEntries(
        [...text.matchAll(/^([A-Z][A-Z0-9_]+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!.replace(/^"(.*)"$/, "$1")])
      )
      assert.isTrue(Either.isRight(yield* load(env)))
    }))
})
