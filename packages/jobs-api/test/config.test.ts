import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Duration, Effect, Either, Inspectable, Layer, Redacted } from "effect"
import { DataCenterHosts, JobsApiConfig } from "@workato-jobs/jobs-api"

const TOKEN = "wrk-secret-token-123"

const fromEnv = (env: Record<string, string>) =>
  Effect.withConfigProvider(JobsApiConfig.fromEnv, ConfigProvider.fromMap(new Map(Object.entries(env))))

const failureText = <A, E>(effect: Effect.Effect<A, E>) =>
  Effect.map(Effect.either(effect), (e) => Either.isLeft(e) ? String(e.left) : "no failure")

describe("JobsApiConfig from the environment", () => {
  it.effect("defaults: us data center, 40 s timeout, documented quotas", () =>
    Effect.gen(function*() {
      const config = yield* fromEnv({ WORKATO_API_TOKEN: TOKEN })
      assert.strictEqual(config.dataCenter, "us")
      assert.strictEqual(config.apiUrl, "https://www.workato.com")
      assert.strictEqual(config.uiUrl, "https://app.workato.com")
      assert.isTrue(Duration.equals(config.timeout, Duration.seconds(40)))
      assert.deepStrictEqual(config.quotas, { repeatPerSecond: 1, cancelPerSecond: 1, otherPerMinute: 60 })
      assert.strictEqual(Redacted.value(config.token), TOKEN)
    }))

  it.effect("every data center maps to its API and UI host", () =>
    Effect.gen(function*() {
      for (const [dc, hosts] of Object.entries(DataCenterHosts)) {
        const config = yield* fromEnv({ WORKATO_API_TOKEN: TOKEN, WORKATO_DATA_CENTER: dc.toUpperCase() })
        assert.strictEqual(config.apiUrl, hosts.apiUrl)
        assert.strictEqual(config.uiUrl, hosts.uiUrl)
      }
      const eu = yield* fromEnv({ WORKATO_API_TOKEN: TOKEN, WORKATO_DATA_CENTER: "eu" })
      assert.strictEqual(eu.apiUrl, "https://app.eu.workato.com")
    }))

  it.effect("WORKATO_BASE_URL overrides the API host (with or without /api), WORKATO_UI_URL the links", () =>
    Effect.gen(function*() {
      const a = yield* fromEnv({ WORKATO_API_TOKEN: TOKEN, WORKATO_BASE_URL: "http://127.0.0.1:4000" })
      assert.strictEqual(a.apiUrl, "http://127.0.0.1:4000")
      assert.strictEqual(a.uiUrl, "https://app.workato.com")
      const b = yield* fromEnv({
        WORKATO_API_TOKEN: TOKEN,
        WORKATO_DATA_CENTER: "jp",
        WORKATO_BASE_URL: "https://private.example.com/workato/api/",
        WORKATO_UI_URL: "https://ui.example.com/"
      })
      assert.strictEqual(b.apiUrl, "https://private.example.com/workato")
      assert.strictEqual(b.uiUrl, "https://ui.example.com")
    }))

  it.effect("timeout and quotas overrides", () =>
    Effect.gen(function*() {
      const config = yield* fromEnv({
        WORKATO_API_TOKEN: TOKEN,
        WORKATO_TIMEOUT: "5 seconds",
        WORKATO_RATE_REPEAT_PER_SECOND: "2",
        WORKATO_RATE_CANCEL_PER_SECOND: "0.5",
        WORKATO_RATE_OTHER_PER_MINUTE: "1000"
      })
      assert.isTrue(Duration.equals(config.timeout, Duration.seconds(5)))
      assert.deepStrictEqual(config.quotas, { repeatPerSecond: 2, cancelPerSecond: 0.5, otherPerMinute: 1000 })
      const bare = yield* fromEnv({ WORKATO_API_TOKEN: TOKEN, WORKATO_TIMEOUT: "90" })
      assert.isTrue(Duration.equals(bare.timeout, Duration.seconds(90)))
    }))

  it.effect("blank optional variables count as unset", () =>
    Effect.gen(function*() {
      const config = yield* fromEnv({
        WORKATO_API_TOKEN: TOKEN,
        WORKATO_DATA_CENTER: "",
        WORKATO_BASE_URL: " ",
        WORKATO_UI_URL: "",
        WORKATO_TIMEOUT: "",
        WORKATO_RATE_REPEAT_PER_SECOND: "",
        WORKATO_RATE_CANCEL_PER_SECOND: " ",
        WORKATO_RATE_OTHER_PER_MINUTE: ""
      })
      assert.strictEqual(config.apiUrl, "https://www.workato.com")
      assert.strictEqual(config.uiUrl, "https://app.workato.com")
      assert.isTrue(Duration.equals(config.timeout, Duration.seconds(40)))
      assert.deepStrictEqual(config.quotas, { repeatPerSecond: 1, cancelPerSecond: 1, otherPerMinute: 60 })
    }))

  it.effect("invalid or missing values fail naming the variable", () =>
    Effect.gen(function*() {
      const cases: Array<[Record<string, string>, string]> = [
        [{}, "WORKATO_API_TOKEN"],
        [{ WORKATO_API_TOKEN: "  " }, "WORKATO_API_TOKEN"],
        [{ WORKATO_API_TOKEN: TOKEN, WORKATO_DATA_CENTER: "mars" }, "WORKATO_DATA_CENTER"],
        [{ WORKATO_API_TOKEN: TOKEN, WORKATO_BASE_URL: "not a url" }, "WORKATO_BASE_URL"],
        [{ WORKATO_API_TOKEN: TOKEN, WORKATO_BASE_URL: "ftp://x.example.com" }, "WORKATO_BASE_URL"],
        [{ WORKATO_API_TOKEN: TOKEN, WORKATO_UI_URL: "::" }, "WORKATO_UI_URL"],
        [{ WORKATO_API_TOKEN: TOKEN, WORKATO_TIMEOUT: "soon" }, "WORKATO_TIMEOUT"],
        [{ WORKATO_API_TOKEN: TOKEN, WORKATO_TIMEOUT: "0" }, "WORKATO_TIMEOUT"],
        [{ WORKATO_API_TOKEN: TOKEN, WORKATO_RATE_REPEAT_PER_SECOND: "fast" }, "WORKATO_RATE_REPEAT_PER_SECOND"],
        [{ WORKATO_API_TOKEN: TOKEN, WORKATO_RATE_CANCEL_PER_SECOND: "0" }, "WORKATO_RATE_CANCEL_PER_SECOND"],
        [{ WORKATO_API_TOKEN: TOKEN, WORKATO_RATE_OTHER_PER_MINUTE: "-5" }, "WORKATO_RATE_OTHER_PER_MINUTE"]
      ]
      for (const [env, name] of cases) {
        const text = yield* failureText(fromEnv(env))
        assert.include(text, name, JSON.stringify(env))
        assert.notInclude(text, TOKEN)
      }
    }))

  it.effect("the token never shows when the config is printed, inspected or serialised", () =>
    Effect.gen(function*() {
      const config = yield* fromEnv({ WORKATO_API_TOKEN: TOKEN })
      for (const text of [String(config.token), JSON.stringify(config), Inspectable.format(config), `${config.token}`]) {
        assert.notInclude(text, TOKEN)
      }
    }))
})

describe("JobsApiConfig from explicit options", () => {
  it.effect("a plain string token is wrapped in Redacted", () =>
    Effect.gen(function*() {
      const config = yield* JobsApiConfig.make({ token: TOKEN, baseUrl: new URL("http://localhost:1234/api") })
      assert.isTrue(Redacted.isRedacted(config.token))
      assert.strictEqual(config.apiUrl, "http://localhost:1234")
    }))

  it.effect("limits and retry options, partially given, keep the other defaults", () =>
    Effect.gen(function*() {
      const config = yield* JobsApiConfig.make({
        token: Redacted.make(TOKEN),
        dataCenter: "trial",
        timeout: "2 seconds",
        limits: { otherPerMinute: 10 },
        retry: { times: 1 }
      })
      assert.strictEqual(config.apiUrl, "https://app.trial.workato.com")
      assert.deepStrictEqual(config.quotas, { repeatPerSecond: 1, cancelPerSecond: 1, otherPerMinute: 10 })
      assert.strictEqual(config.retry.times, 1)
      assert.isTrue(Duration.equals(config.retry.maxElapsed, Duration.minutes(2)))
    }))

  it.effect("invalid options fail naming the option", () =>
    Effect.gen(function*() {
      assert.include(yield* failureText(JobsApiConfig.make({ token: TOKEN, baseUrl: "nope" })), "baseUrl")
      assert.include(yield* failureText(JobsApiConfig.make({ token: TOKEN, limits: { repeatPerSecond: 0 } })), "repeatPerSecond")
      assert.include(yield* failureText(JobsApiConfig.make({ token: "" })), "token")
      const viaLayer = yield* failureText(Layer.build(JobsApiConfig.layer({ token: TOKEN, timeout: -1 })).pipe(Effect.scoped))
      assert.include(viaLayer, "timeout")
    }))
})
