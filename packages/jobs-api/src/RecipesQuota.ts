/**
 * The quota of the Recipes endpoints, a class of its own: Workato publishes
 * "All other Recipes endpoints: 60 requests per minute", separate from the
 * Jobs quotas.
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"

/**
 * Requests per minute `RecipesClient` allows itself (default 60).
 *
 * @example
 * ```ts
 * import { RecipesQuota } from "@workato-jobs/jobs-api"
 *
 * // two processes share the workspace: 30 each
 * const half = RecipesQuota.layer(30)
 * ```
 *
 * @since 0.1.0
 * @category config
 */
export class RecipesQuota extends Context.Tag("@workato-jobs/jobs-api/RecipesQuota")<
  RecipesQuota,
  { readonly perMinute: number }
>() {
  /** Workato's published quota for the Recipes endpoints. */
  static readonly defaultPerMinute = 60

  /** An explicit quota; anything but a positive number is refused with the reason. */
  static readonly layer = (perMinute: number = RecipesQuota.defaultPerMinute): Layer.Layer<RecipesQuota, ConfigError.ConfigError> =>
    Layer.effect(RecipesQuota, Effect.map(check(perMinute), (n) => ({ perMinute: n })))

  /** The quota from a `Config` the application names. */
  static readonly layerConfig = (perMinute: Config.Config<number>): Layer.Layer<RecipesQuota, ConfigError.ConfigError> =>
    Layer.effect(RecipesQuota, Effect.map(Effect.flatMap(perMinute, check), (n) => ({ perMinute: n })))
}

const check = (n: number): Either.Either<number, ConfigError.ConfigError> =>
  Number.isFinite(n) && n > 0
    ? Either.right(n)
    : Either.left(ConfigError.InvalidData(["recipesPerMinute"], `Expected a positive number of requests per minute (e.g. 60) but received ${String(n)}`))
