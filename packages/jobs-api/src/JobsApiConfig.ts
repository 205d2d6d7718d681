/**
 * Configuration of the Jobs API client: token, where Workato lives (data
 * center, or explicit API and UI URLs), timeout, quotas and retry budget.
 * The library reads no environment variable: the application passes options
 * ({@link JobsApiConfig.layer}) or says where to read each one
 * ({@link JobsApiConfig.layerConfig}), as the `@effect/sql-*` clients do.
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"

/**
 * Workato data centers with a public API host.
 *
 * @example
 * ```ts
 * import { DataCenters } from "@workato-jobs/jobs-api"
 *
 * DataCenters.includes("eu") // true
 * ```
 *
 * @since 0.1.0
 * @category data centers
 */
export const DataCenters = ["us", "eu", "jp", "sg", "au", "il", "kr", "cn", "uk", "trial"] as const

/**
 * @example
 * ```ts
 * import type { DataCenter } from "@workato-jobs/jobs-api"
 *
 * const dc: DataCenter = "eu"
 * ```
 *
 * @since 0.1.0
 * @category data centers
 */
export type DataCenter = typeof DataCenters[number]

/**
 * API origin and web UI origin per data center. CN's UI host, and both UK
 * hosts, are inferred (not confirmed by Workato's docs).
 *
 * @example
 * ```ts
 * import { DataCenterHosts } from "@workato-jobs/jobs-api"
 *
 * DataCenterHosts.us // { apiUrl: "https://www.workato.com", uiUrl: "https://app.workato.com" }
 * ```
 *
 * @since 0.1.0
 * @category data centers
 */
export const DataCenterHosts: { readonly [dc in DataCenter]: { readonly apiUrl: string; readonly uiUrl: string } } = {
  us: { apiUrl: "https://www.workato.com", uiUrl: "https://app.workato.com" },
  eu: { apiUrl: "https://app.eu.workato.com", uiUrl: "https://app.eu.workato.com" },
  jp: { apiUrl: "https://app.jp.workato.com", uiUrl: "https://app.jp.workato.com" },
  sg: { apiUrl: "https://app.sg.workato.com", uiUrl: "https://app.sg.workato.com" },
  au: { apiUrl: "https://app.au.workato.com", uiUrl: "https://app.au.workato.com" },
  il: { apiUrl: "https://app.il.workato.com", uiUrl: "https://app.il.workato.com" },
  kr: { apiUrl: "https://app.kr.workato.com", uiUrl: "https://app.kr.workato.com" },
  cn: { apiUrl: "https://app.workatoapp.cn", uiUrl: "https://app.workatoapp.cn" },
  uk: { apiUrl: "https://app.uk.workato.com", uiUrl: "https://app.uk.workato.com" },
  trial: { apiUrl: "https://app.trial.workato.com", uiUrl: "https://app.trial.workato.com" }
}

/**
 * Request quotas per endpoint class, as Workato publishes them: repeat and
 * cancel 1 request/second each, every other Jobs endpoint 60/minute.
 * Enterprise workspaces can have them raised; lower them when several
 * processes share one workspace. Fractions are allowed (`0.5` = one request
 * every two seconds).
 *
 * @example
 * ```ts
 * import type { Quotas } from "@workato-jobs/jobs-api"
 *
 * const shared: Quotas = { repeatPerSecond: 0.5, cancelPerSecond: 0.5, otherPerMinute: 30 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Quotas {
  readonly repeatPerSecond: number
  readonly cancelPerSecond: number
  readonly otherPerMinute: number
}

/**
 * Retry budget for retryable failures (see the README for which ones):
 * at most `times` retries, never sleeping past `maxElapsed` since the first
 * attempt, exponential backoff from `baseDelay` (jittered, capped at
 * `maxDelay`) unless Workato sent `Retry-After`.
 *
 * @example
 * ```ts
 * import { Duration } from "effect"
 * import type { RetryPolicy } from "@workato-jobs/jobs-api"
 *
 * const patient: RetryPolicy = {
 *   times: 8, maxElapsed: Duration.minutes(5), baseDelay: Duration.seconds(1), maxDelay: Duration.seconds(60)
 * }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface RetryPolicy {
  readonly times: number
  readonly maxElapsed: Duration.Duration
  readonly baseDelay: Duration.Duration
  readonly maxDelay: Duration.Duration
}

/**
 * Defaults: Workato's published quotas, a 40 s timeout (Workato's own
 * request limit), and up to 5 retries within 2 minutes.
 *
 * @example
 * ```ts
 * import { defaults } from "@workato-jobs/jobs-api"
 *
 * defaults.quotas.repeatPerSecond // 1
 * ```
 *
 * @since 0.1.0
 * @category defaults
 */
export const defaults = {
  dataCenter: "us" as DataCenter,
  timeout: Duration.seconds(40),
  quotas: { repeatPerSecond: 1, cancelPerSecond: 1, otherPerMinute: 60 } satisfies Quotas,
  retry: {
    times: 5,
    maxElapsed: Duration.minutes(2),
    baseDelay: Duration.millis(500),
    maxDelay: Duration.seconds(30)
  } satisfies RetryPolicy
} as const

/**
 * Options for {@link JobsApiConfig.layer} / `JobsClient.layer`. `baseUrl`
 * overrides the data center's API origin (private hosts, the simulator); it
 * may end in `/api` or not. `uiUrl` overrides the deep-link host.
 * `adaptiveQuotas`: probe above `limits` and settle on the highest rate that
 * draws no 429 (Enterprise quotas); default false.
 *
 * @example
 * ```ts
 * import { Redacted } from "effect"
 * import type { JobsApiOptions } from "@workato-jobs/jobs-api"
 *
 * const options: JobsApiOptions = { token: Redacted.make("sim-token"), baseUrl: "http://127.0.0.1:4000" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface JobsApiOptions {
  readonly token: Redacted.Redacted<string>
  readonly dataCenter?: DataCenter | undefined
  readonly baseUrl?: string | URL | undefined
  readonly uiUrl?: string | URL | undefined
  readonly timeout?: Duration.DurationInput | undefined
  readonly limits?: { readonly [K in keyof Quotas]?: Quotas[K] | undefined } | undefined
  readonly adaptiveQuotas?: boolean | undefined
  readonly retry?: {
    readonly times?: number | undefined
    readonly maxElapsed?: Duration.DurationInput | undefined
    readonly baseDelay?: Duration.DurationInput | undefined
    readonly maxDelay?: Duration.DurationInput | undefined
  } | undefined
}

/**
 * The resolved configuration the client runs with. `apiUrl` is the origin
 * (plus any path prefix) that `/api/...` paths are appended to.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { JobsApiConfig } from "@workato-jobs/jobs-api"
 *
 * const where = Effect.map(JobsApiConfig, (config) => config.apiUrl)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface ResolvedConfig {
  readonly token: Redacted.Redacted<string>
  readonly dataCenter: DataCenter
  readonly apiUrl: string
  readonly uiUrl: string
  readonly timeout: Duration.Duration
  readonly quotas: Quotas
  readonly adaptiveQuotas: boolean
  readonly retry: RetryPolicy
}

type Checked<A> = Either.Either<A, ConfigError.ConfigError>

const check = <A>(path: string, value: A, ok: (a: A) => boolean, expected: string, secret = false): Checked<A> =>
  ok(value)
    ? Either.right(value)
    : Either.left(ConfigError.InvalidData(path.split("."), `Expected ${expected}${secret ? "" : ` but received ${String(value)}`}`))

const origin = (path: string, raw: string | URL, stripApi: boolean): Checked<string> => {
  const url = URL.canParse(String(raw).trim()) ? new URL(String(raw).trim()) : undefined
  return Either.map(
    check(path, url, (u) => u?.protocol === "http:" || u?.protocol === "https:", "an http(s) URL"),
    (u) => {
      const path = u!.pathname.replace(/\/+$/, "")
      return `${u!.origin}${stripApi ? path.replace(/\/api$/, "") : path}`
    }
  )
}

const positiveDuration = (path: string, raw: Duration.DurationInput): Checked<Duration.Duration> =>
  Either.map(
    check(path, Duration.decodeUnknown(raw), Option.exists(Duration.greaterThan(Duration.zero)), "a positive duration"),
    Option.getOrThrow
  )

const positive = (path: string, n: number) => check(path, n, (x) => Number.isFinite(x) && x > 0, "a positive number")

const resolve = (options: JobsApiOptions): Checked<ResolvedConfig> =>
  Either.gen(function*() {
    const token = yield* check("token", options.token, (t) => Redacted.isRedacted(t) && Redacted.value(t).trim() !== "", "a non-empty token in a Redacted", true)
    const dataCenter = yield* check("dataCenter", options.dataCenter ?? defaults.dataCenter, (dc) => DataCenters.includes(dc), `one of ${DataCenters.join(", ")}`)
    const limits = options.limits ?? {}
    const retry = options.retry ?? {}
    return {
      token,
      dataCenter,
      apiUrl: yield* origin("baseUrl", options.baseUrl ?? DataCenterHosts[dataCenter].apiUrl, true),
      uiUrl: yield* origin("uiUrl", options.uiUrl ?? DataCenterHosts[dataCenter].uiUrl, false),
      timeout: yield* positiveDuration("timeout", options.timeout ?? defaults.timeout),
      quotas: {
        repeatPerSecond: yield* positive("limits.repeatPerSecond", limits.repeatPerSecond ?? defaults.quotas.repeatPerSecond),
        cancelPerSecond: yield* positive("limits.cancelPerSecond", limits.cancelPerSecond ?? defaults.quotas.cancelPerSecond),
        otherPerMinute: yield* positive("limits.otherPerMinute", limits.otherPerMinute ?? defaults.quotas.otherPerMinute)
      },
      adaptiveQuotas: yield* check("adaptiveQuotas", options.adaptiveQuotas ?? false, (b) => typeof b === "boolean", "true or false"),
      retry: {
        times: yield* check("retry.times", retry.times ?? defaults.retry.times, (n) => Number.isInteger(n) && n >= 0, "a non-negative integer"),
        maxElapsed: yield* positiveDuration("retry.maxElapsed", retry.maxElapsed ?? defaults.retry.maxElapsed),
        baseDelay: yield* positiveDuration("retry.baseDelay", retry.baseDelay ?? defaults.retry.baseDelay),
        maxDelay: yield* positiveDuration("retry.maxDelay", retry.maxDelay ?? defaults.retry.maxDelay)
      }
    }
  })

/**
 * The client's configuration as a service.
 *
 * @example
 * ```ts
 * import { Config, Redacted } from "effect"
 * import { JobsApiConfig } from "@workato-jobs/jobs-api"
 *
 * // from explicit options
 * const SimConfig = JobsApiConfig.layer({ token: Redacted.make("sim-token"), baseUrl: "http://127.0.0.1:4000" })
 * // from configuration the application names (here: its own environment variables)
 * const AppConfig = JobsApiConfig.layerConfig({
 *   token: Config.redacted("MY_APP_API_TOKEN"),
 *   dataCenter: Config.literal("us", "eu")("MY_APP_REGION")
 * })
 * ```
 *
 * @since 0.1.0
 * @category services
 */
export class JobsApiConfig extends Context.Tag("@workato-jobs/jobs-api/JobsApiConfig")<
  JobsApiConfig,
  ResolvedConfig
>() {
  /** Resolves options; an invalid one fails with a `ConfigError` naming the option (e.g. `limits.repeatPerSecond`). */
  static readonly make = (options: JobsApiOptions): Effect.Effect<ResolvedConfig, ConfigError.ConfigError> =>
    Effect.suspend(() => resolve(options))

  /** A layer from explicit options. */
  static readonly layer = (options: JobsApiOptions): Layer.Layer<JobsApiConfig, ConfigError.ConfigError> =>
    Layer.effect(JobsApiConfig, JobsApiConfig.make(options))

  /** A layer from `Config`s, one per option (read from the current `ConfigProvider`). */
  static readonly layerConfig = (config: Config.Config.Wrap<JobsApiOptions>): Layer.Layer<JobsApiConfig, ConfigError.ConfigError> =>
    Layer.effect(JobsApiConfig, Effect.flatMap(Config.unwrap(config), JobsApiConfig.make))
}
