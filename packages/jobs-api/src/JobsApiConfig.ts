/**
 * Configuration of the Jobs API client: token, where Workato lives (data
 * center, or explicit API and UI URLs), timeout, quotas and retry budget.
 * From explicit options ({@link JobsApiConfig.layer}) or from the environment
 * ({@link JobsApiConfig.Default}).
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
 * Explicit options for {@link JobsApiConfig.layer} / `JobsClient.layer`.
 * `baseUrl` overrides the data center's API origin (private hosts, the
 * simulator); it may end in `/api` or not. `uiUrl` overrides the deep-link
 * host.
 *
 * @example
 * ```ts
 * import type { JobsApiOptions } from "@workato-jobs/jobs-api"
 *
 * const options: JobsApiOptions = { token: "sim-token", baseUrl: "http://127.0.0.1:4000" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface JobsApiOptions {
  readonly token: Redacted.Redacted<string> | string
  readonly dataCenter?: DataCenter | undefined
  readonly baseUrl?: string | URL | undefined
  readonly uiUrl?: string | URL | undefined
  readonly timeout?: Duration.DurationInput | undefined
  readonly limits?: Partial<Quotas> | undefined
  /** Probe above `limits` and settle on the highest rate that draws no 429 (Enterprise quotas); default false. */
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

const invalid = (name: string, message: string) => ConfigError.InvalidData([name], message)

const parseUrl = (name: string, raw: string | URL, stripApi: boolean): Either.Either<string, ConfigError.ConfigError> => {
  let url: URL
  try {
    url = new URL(String(raw).trim())
  } catch {
    return Either.left(invalid(name, `Expected an http(s) URL but received ${JSON.stringify(String(raw))}`))
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return Either.left(invalid(name, `Expected an http(s) URL but received ${JSON.stringify(String(raw))}`))
  }
  let path = url.pathname.replace(/\/+$/, "")
  if (stripApi) path = path.replace(/\/api$/, "")
  return Either.right(`${url.origin}${path}`)
}

const parseDataCenter = (name: string, raw: string): Either.Either<DataCenter, ConfigError.ConfigError> => {
  const dc = raw.trim().toLowerCase()
  return (DataCenters as ReadonlyArray<string>).includes(dc)
    ? Either.right(dc as DataCenter)
    : Either.left(invalid(name, `Expected one of ${DataCenters.join(", ")} but received ${JSON.stringify(raw)}`))
}

// A bare number is seconds ("40"); anything else goes through Duration ("40 seconds", "2 minutes").
const parseDuration = (name: string, raw: Duration.DurationInput): Either.Either<Duration.Duration, ConfigError.ConfigError> => {
  const input = typeof raw === "string" && /^\s*\d+(\.\d+)?\s*$/.test(raw) ? Duration.seconds(Number(raw)) : raw
  const decoded = Duration.decodeUnknown(input)
  return Option.match(decoded, {
    onNone: () => Either.left(invalid(name, `Expected a duration such as "40 seconds" but received ${JSON.stringify(String(raw))}`)),
    onSome: (d) =>
      Duration.greaterThan(d, Duration.zero)
        ? Either.right(d)
        : Either.left(invalid(name, `Expected a positive duration but received ${JSON.stringify(String(raw))}`))
  })
}

const positive = (name: string, n: number): Either.Either<number, ConfigError.ConfigError> =>
  Number.isFinite(n) && n > 0 ? Either.right(n) : Either.left(invalid(name, `Expected a positive number but received ${n}`))

const nonNegativeInt = (name: string, n: number): Either.Either<number, ConfigError.ConfigError> =>
  Number.isInteger(n) && n >= 0
    ? Either.right(n)
    : Either.left(invalid(name, `Expected a non-negative integer but received ${n}`))

const resolve = (options: JobsApiOptions, names: {
  readonly token: string
  readonly dataCenter: string
  readonly baseUrl: string
  readonly uiUrl: string
  readonly timeout: string
  readonly repeat: string
  readonly cancel: string
  readonly other: string
  readonly adaptive: string
}): Either.Either<ResolvedConfig, ConfigError.ConfigError> =>
  Either.gen(function*() {
    const token = typeof options.token === "string" ? Redacted.make(options.token) : options.token
    if (Redacted.value(token).trim() === "") {
      return yield* Either.left(invalid(names.token, "Expected a non-empty API token"))
    }
    const dataCenter = yield* parseDataCenter(names.dataCenter, options.dataCenter ?? defaults.dataCenter)
    const hosts = DataCenterHosts[dataCenter]
    const apiUrl = yield* parseUrl(names.baseUrl, options.baseUrl ?? hosts.apiUrl, true)
    const uiUrl = yield* parseUrl(names.uiUrl, options.uiUrl ?? hosts.uiUrl, false)
    const timeout = yield* parseDuration(names.timeout, options.timeout ?? defaults.timeout)
    const limits = options.limits ?? {}
    const quotas: Quotas = {
      repeatPerSecond: yield* positive(names.repeat, limits.repeatPerSecond ?? defaults.quotas.repeatPerSecond),
      cancelPerSecond: yield* positive(names.cancel, limits.cancelPerSecond ?? defaults.quotas.cancelPerSecond),
      otherPerMinute: yield* positive(names.other, limits.otherPerMinute ?? defaults.quotas.otherPerMinute)
    }
    const r = options.retry ?? {}
    const retry: RetryPolicy = {
      times: yield* nonNegativeInt("retry.times", r.times ?? defaults.retry.times),
      maxElapsed: yield* parseDuration("retry.maxElapsed", r.maxElapsed ?? defaults.retry.maxElapsed),
      baseDelay: yield* parseDuration("retry.baseDelay", r.baseDelay ?? defaults.retry.baseDelay),
      maxDelay: yield* parseDuration("retry.maxDelay", r.maxDelay ?? defaults.retry.maxDelay)
    }
    const adaptiveQuotas = options.adaptiveQuotas ?? false
    if (typeof adaptiveQuotas !== "boolean") {
      return yield* Either.left(invalid(names.adaptive, `Expected true or false but received ${JSON.stringify(adaptiveQuotas)}`))
    }
    return { token, dataCenter, apiUrl, uiUrl, timeout, quotas, adaptiveQuotas, retry }
  })

const optionNames = {
  token: "token",
  dataCenter: "dataCenter",
  baseUrl: "baseUrl",
  uiUrl: "uiUrl",
  timeout: "timeout",
  repeat: "limits.repeatPerSecond",
  cancel: "limits.cancelPerSecond",
  other: "limits.otherPerMinute",
  adaptive: "adaptiveQuotas"
}

/**
 * The environment variables read by {@link JobsApiConfig.fromEnv}.
 *
 * @example
 * ```ts
 * import { EnvVars } from "@workato-jobs/jobs-api"
 *
 * EnvVars.token // "WORKATO_API_TOKEN"
 * ```
 *
 * @since 0.1.0
 * @category config
 */
export const EnvVars = {
  token: "WORKATO_API_TOKEN",
  dataCenter: "WORKATO_DATA_CENTER",
  baseUrl: "WORKATO_BASE_URL",
  uiUrl: "WORKATO_UI_URL",
  timeout: "WORKATO_TIMEOUT",
  repeat: "WORKATO_RATE_REPEAT_PER_SECOND",
  cancel: "WORKATO_RATE_CANCEL_PER_SECOND",
  other: "WORKATO_RATE_OTHER_PER_MINUTE",
  adaptive: "WORKATO_RATE_ADAPTIVE"
} as const

// A blank value (`WORKATO_BASE_URL=` in a .env file) counts as unset, not as invalid.
const optionalString = (name: string) =>
  Config.option(Config.string(name)).pipe(
    Config.map((value) => Option.getOrUndefined(Option.filter(value, (s) => s.trim() !== "")))
  )
const optionalNumber = (name: string) =>
  optionalString(name).pipe(Config.mapOrFail((raw) => {
    if (raw === undefined) return Either.right(undefined)
    const n = Number(raw)
    return Number.isNaN(n) ? Either.left(invalid(name, `Expected a number but received ${JSON.stringify(raw)}`)) : Either.right(n)
  }))

const fromEnv: Config.Config<ResolvedConfig> = Config.all({
  token: Config.redacted(EnvVars.token),
  dataCenter: optionalString(EnvVars.dataCenter),
  baseUrl: optionalString(EnvVars.baseUrl),
  uiUrl: optionalString(EnvVars.uiUrl),
  timeout: optionalString(EnvVars.timeout),
  repeat: optionalNumber(EnvVars.repeat),
  cancel: optionalNumber(EnvVars.cancel),
  other: optionalNumber(EnvVars.other),
  adaptive: optionalString(EnvVars.adaptive).pipe(Config.mapOrFail((raw) => {
    if (raw === undefined) return Either.right(undefined)
    const value = raw.trim().toLowerCase()
    return value === "true" ? Either.right(true) : value === "false" ? Either.right(false) :
      Either.left(invalid(EnvVars.adaptive, `Expected true or false but received ${JSON.stringify(raw)}`))
  }))
}).pipe(
  Config.mapOrFail((env) =>
    resolve({
      token: env.token,
      dataCenter: env.dataCenter as DataCenter | undefined,
      baseUrl: env.baseUrl,
      uiUrl: env.uiUrl,
      timeout: env.timeout,
      limits: { repeatPerSecond: env.repeat, cancelPerSecond: env.cancel, otherPerMinute: env.other },
      adaptiveQuotas: env.adaptive
    } as JobsApiOptions, EnvVars)
  )
)

/**
 * The client's configuration as a service.
 *
 * @example
 * ```ts
 * import { JobsApiConfig } from "@workato-jobs/jobs-api"
 *
 * // from explicit options
 * const SimConfig = JobsApiConfig.layer({ token: "sim-token", baseUrl: "http://127.0.0.1:4000" })
 * // from WORKATO_API_TOKEN, WORKATO_DATA_CENTER, WORKATO_BASE_URL, ...
 * const EnvConfig = JobsApiConfig.Default
 * ```
 *
 * @since 0.1.0
 * @category services
 */
export class JobsApiConfig extends Context.Tag("@workato-jobs/jobs-api/JobsApiConfig")<
  JobsApiConfig,
  ResolvedConfig
>() {
  /**
   * Reads `WORKATO_API_TOKEN` (required, redacted), `WORKATO_DATA_CENTER`
   * (default `us`), `WORKATO_BASE_URL`, `WORKATO_UI_URL`, `WORKATO_TIMEOUT`
   * (`"40 seconds"` or a number of seconds), `WORKATO_RATE_REPEAT_PER_SECOND`,
   * `WORKATO_RATE_CANCEL_PER_SECOND`, `WORKATO_RATE_OTHER_PER_MINUTE`,
   * `WORKATO_RATE_ADAPTIVE` (`true`/`false`).
   * An invalid value fails with a `ConfigError` naming the variable.
   */
  static readonly fromEnv: Config.Config<ResolvedConfig> = fromEnv

  /** Resolves explicit options; an invalid one fails with a `ConfigError` naming the option. */
  static readonly make = (options: JobsApiOptions): Effect.Effect<ResolvedConfig, ConfigError.ConfigError> =>
    Effect.suspend(() => resolve(options, optionNames))

  /** A layer from explicit options. */
  static readonly layer = (options: JobsApiOptions): Layer.Layer<JobsApiConfig, ConfigError.ConfigError> =>
    Layer.effect(JobsApiConfig, JobsApiConfig.make(options))

  /** A layer from the environment (the current `ConfigProvider`), see {@link JobsApiConfig.fromEnv}. */
  static readonly Default: Layer.Layer<JobsApiConfig, ConfigError.ConfigError> = Layer.effect(JobsApiConfig, fromEnv)
}
