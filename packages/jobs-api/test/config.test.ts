import { assert, describe, it } from "@effect/vitest"
import { Config, ConfigProvider, Context, Duration, Effect, Either, Inspectable, Layer, Redacted } from "effect"
import { DataCenterHosts, JobsApiConfig, RecipesQuota } from "@workato-jobs/jobs-api"
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"

const TOKEN = "wrk-secret-token-123"
const token = Redacted.make(TOKEN)

const failureText = <A, E>(effect: Effect.Effect<A, E>) =>
  Effect.map(Effect.either(effect), (e) => Either.isLeft(e) ? String(e.left) : "no failure")

// What an application would write: its own variable names, Config combinators.
const appConfig = {
  token: Config.redacted("APP_TOKEN"),
  dataCenter: Config.literal("us", "eu", "jp")("APP_REGION").pipe(Config.withDefault("us" as const)),
  baseUrl: Config.url("APP_BASE_URL").pipe(Config.withDefault(undefined)),
  timeout: Config.duration("APP_TIMEOUT").pipe(Config.withDefault(undefined)),
  limits: { repeatPerSecond: Config.number("APP_REPEAT_PER_SECOND").pipe(Config.withDefault(undefined)) }
}

const fromMap = (env: Record<string, string>) =>
  Layer.build(JobsApiConfig.layerConfig(appConfig)).pipe(
    Effect.map(Context.get(JobsApiConfig)),
    Effect.scoped,
    Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))
  )

describe("JobsApiConfig.layerConfig: one Config per option, names chosen by the application", () => {
  it.effect("defaults: us data center, 40 s timeout, documented quotas", () =>
    Effect.gen(function*() {
      const config = yield* fromMap({ APP_TOKEN: TOKEN })
      assert.strictEqual(config.dataCenter, "us")
      assert.strictEqual(config.apiUrl, "https://www.workato.com")
      assert.strictEqual(config.uiUrl, "https://app.workato.com")
      assert.isTrue(Duration.equals(config.timeout, Duration.seconds(40)))
      assert.deepStrictEqual(config.quotas, { repeatPerSecond: 1, cancelPerSecond: 1, otherPerMinute: 60 })
      assert.strictEqual(Redacted.value(config.token), TOKEN)
    }))

  it.effect("values read through the application's names", () =>
    Effect.gen(function*() {
      const config = yield* fromMap({
        APP_TOKEN: TOKEN,
        APP_REGION: "eu",
        APP_BASE_URL: "http://127.0.0.1:4000/api/",
        APP_TIMEOUT: "5 seconds",
        APP_REPEAT_PER_SECOND: "0.5"
      })
      assert.strictEqual(config.apiUrl, "http://127.0.0.1:4000")
      assert.strictEqual(config.uiUrl, DataCenterHosts.eu.uiUrl)
      assert.isTrue(Duration.equals(config.timeout, Duration.seconds(5)))
      assert.strictEqual(config.quotas.repeatPerSecond, 0.5)
    }))

  it.effect("a missing or invalid value is named by the application's name, never with the token", () =>
    Effect.gen(function*() {
      const cases: Array<[Record<string, string>, string]> = [
        [{}, "APP_TOKEN"],
        [{ APP_TOKEN: TOKEN, APP_REGION: "mars" }, "APP_REGION"],
        [{ APP_TOKEN: TOKEN, APP_BASE_URL: "not a url" }, "APP_BASE_URL"],
        [{ APP_TOKEN: TOKEN, APP_TIMEOUT: "soon" }, "APP_TIMEOUT"],
        [{ APP_TOKEN: TOKEN, APP_REPEAT_PER_SECOND: "fast" }, "APP_REPEAT_PER_SECOND"]
      ]
      for (const [env, name] of cases) {
        const text = yield* failureText(fromMap(env))
        assert.include(text, name, JSON.stringify(env))
        assert.notInclude(text, TOKEN)
      }
      // Read fine but out of range: the option is named.
      assert.include(yield* failureText(fromMap({ APP_TOKEN: TOKEN, APP_REPEAT_PER_SECOND: "0" })), "limits.repeatPerSecond")
    }))

  it.effect("the token never shows when the config is printed, inspected or serialised", () =>
    Effect.gen(function*() {
      const config = yield* fromMap({ APP_TOKEN: TOKEN })
      for (const text of [String(config.token), JSON.stringify(config), Inspectable.format(config), `${config.token}`]) {
        assert.notInclude(text, TOKEN)
      }
    }))
})

describe("JobsApiConfig.layer: explicit options", () => {
  it.effect("every data center maps to its API and UI host; baseUrl with or without /api, uiUrl for links", () =>
    Effect.gen(function*() {
      for (const [dc, hosts] of Object.entries(DataCenterHosts)) {
        const config = yield* JobsApiConfig.make({ token, dataCenter: dc as keyof typeof DataCenterHosts })
        assert.strictEqual(config.apiUrl, hosts.apiUrl)
        assert.strictEqual(config.uiUrl, hosts.uiUrl)
      }
      const local = yield* JobsApiConfig.make({ token, baseUrl: new URL("http://localhost:1234/api") })
      assert.strictEqual(local.apiUrl, "http://localhost:1234")
      const b = yield* JobsApiConfig.make({
        token,
        dataCenter: "jp",
        baseUrl: "https://private.example.com/workato/api/",
        uiUrl: "https://ui.example.com/"
      })
      assert.strictEqual(b.apiUrl, "https://private.example.com/workato")
      assert.strictEqual(b.uiUrl, "https://ui.example.com")
    }))

  it.effect("limits and retry options, partially given, keep the other defaults", () =>
    Effect.gen(function*() {
      const config = yield* JobsApiConfig.make({
        token,
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

  it.effect("invalid options fail naming the option, never with the token", () =>
    Effect.gen(function*() {
      const cases: Array<[Parameters<typeof JobsApiConfig.make>[0], string]> = [
        [{ token, baseUrl: "nope" }, "baseUrl"],
        [{ token, uiUrl: "ftp://x.example.com" }, "uiUrl"],
        [{ token, dataCenter: "mars" as never }, "dataCenter"],
        [{ token, limits: { repeatPerSecond: 0 } }, "repeatPerSecond"],
        [{ token, limits: { otherPerMinute: -5 } }, "otherPerMinute"],
        [{ token, timeout: "soon" as never }, "timeout"],
        [{ token, retry: { times: 1.5 } }, "retry.times"],
        [{ token: Redacted.make(" ") }, "token"],
        [{ token: TOKEN as never }, "token"]
      ]
      for (const [options, name] of cases) {
        const text = yield* failureText(JobsApiConfig.make(options))
        assert.include(text, name)
        assert.notInclude(text, TOKEN)
      }
      const viaLayer = yield* failureText(Layer.build(JobsApiConfig.layer({ token, timeout: -1 })).pipe(Effect.scoped))
      assert.include(viaLayer, "timeout")
    }))
})

describe("RecipesQuota", () => {
  it.effect("layer(n) and layerConfig(Config): positive numbers only", () =>
    Effect.gen(function*() {
      const quota = (layer: Layer.Layer<RecipesQuota, unknown>) =>
        Layer.build(layer).pipe(Effect.map(Context.get(RecipesQuota)), Effect.scoped, Effect.either)
      assert.deepStrictEqual(yield* quota(RecipesQuota.layer()), Either.right({ perMinute: 60 }))
      assert.deepStrictEqual(yield* quota(RecipesQuota.layer(30)), Either.right({ perMinute: 30 }))
      assert.isTrue(Either.isLeft(yield* quota(RecipesQuota.layer(0))))
      const fromMap = (value: string) =>
        quota(RecipesQuota.layerConfig(Config.number("APP_RECIPES"))).pipe(
          Effect.withConfigProvider(ConfigProvider.fromMap(new Map([["APP_RECIPES", value]])))
        )
      assert.deepStrictEqual(yield* fromMap("12"), Either.right({ perMinute: 12 }))
      assert.include(String(Either.flip(yield* fromMap("-1")).pipe(Either.getOrElse(() => ""))), "recipesPerMinute")
    }))
})

describe("the library reads no environment variable of the application", () => {
  it("no WORKATO_ name anywhere in src/", () => {
    const files = (dir: string): Array<string> =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)])
    const src = new URL("../src", import.meta.url).pathname
    const offenders = files(src).filter((file) => readFileSync(file, "utf8").includes("WORKATO_"))
    assert.isAbove(files(src).length, 10)
    assert.deepStrictEqual(offenders, [])
  })
})
