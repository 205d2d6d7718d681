/**
 * The Recipes API client service: one recipe, one page of recipes, or every
 * recipe matching a filter, under the Recipes quota class (separate from the
 * Jobs quotas) with the same configuration, retries and errors as JobsClient.
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Chunk from "effect/Chunk"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { JobsApiConfig, type JobsApiOptions } from "./JobsApiConfig.js"
import type { JobsApiError } from "./JobsApiError.js"
import { Recipe, RecipeList } from "./Recipe.js"
import { InvalidRecipeRequest, RecipeNotFound } from "./RecipesApiError.js"
import { RecipesQuota } from "./RecipesQuota.js"
import * as Exchange from "./internal/exchange.js"
import * as Limiter from "./internal/quota/limiter.js"

/**
 * Which recipes `list` / `stream` return (all optional; Workato's query
 * parameters in brackets).
 *
 * - `folderId` [`folder_id`], with `withSubfolders` [`with_subfolders`] the folders below it too;
 * - `running` [`running`]: only running (`true`) or stopped (`false`) recipes;
 * - `stopCause` [`stop_cause`], `stoppedAfter` [`stopped_after`], `updatedAfter` [`updated_after`];
 * - `adapterNamesAny` / `adapterNamesAll` [`adapter_names_any` / `_all`]: connectors used;
 * - `sinceId` [`since_id`]: ids lower than it; `order` [`order`]: `"default"` (newest id first) or `"activity"`.
 *
 * @example
 * ```ts
 * import type { RecipeFilter } from "@workato-jobs/jobs-api"
 *
 * const stoppedByWorkato: RecipeFilter = { folderId: 7001, withSubfolders: true, running: false, stopCause: "trigger_errors_limit" }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface RecipeFilter {
  readonly folderId?: number | undefined
  readonly withSubfolders?: boolean | undefined
  readonly running?: boolean | undefined
  readonly stopCause?: string | undefined
  readonly stoppedAfter?: Date | string | undefined
  readonly updatedAfter?: Date | string | undefined
  readonly adapterNamesAny?: ReadonlyArray<string> | undefined
  readonly adapterNamesAll?: ReadonlyArray<string> | undefined
  readonly sinceId?: number | undefined
  readonly order?: "default" | "activity" | undefined
}

/**
 * One `list` call: a filter plus the page (`page` from 1, `perPage` 1–100, default 100).
 *
 * @example
 * ```ts
 * import type { RecipePage } from "@workato-jobs/jobs-api"
 *
 * const second: RecipePage = { running: true, page: 2, perPage: 50 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface RecipePage extends RecipeFilter {
  readonly page?: number | undefined
  readonly perPage?: number | undefined
}

/** Workato's documented maximum page size of `GET /api/recipes`. */
const maxPerPage = 100

const isId = (n: unknown): n is number => typeof n === "number" && Number.isSafeInteger(n) && n > 0

/** A checked value, or the reason it was refused. */
type Checked<A> = { readonly ok: A; readonly error?: undefined } | { readonly ok?: undefined; readonly error: string }

const isoTime = (name: string, value: Date | string): Checked<string> => {
  const ms = value instanceof Date ? value.getTime() : Date.parse(value)
  return Number.isFinite(ms)
    ? { ok: new Date(ms).toISOString() }
    : { error: `${name} must be a Date or an ISO 8601 time, got ${JSON.stringify(String(value))}` }
}

const names = (name: string, list: ReadonlyArray<string>): Checked<string> =>
  list.length > 0 && list.every((n) => typeof n === "string" && /^[A-Za-z0-9_]+$/.test(n))
    ? { ok: list.join(",") }
    : { error: `${name} must be connector names such as "salesforce", got ${JSON.stringify(list)}` }

/** The query string of a page, or the reason it cannot be sent. */
const urlParams = (page: RecipePage): Checked<Record<string, string | undefined>> => {
  const params: Record<string, string | undefined> = {}
  const fail = (error: string) => ({ error })
  if (page.folderId !== undefined) {
    if (!isId(page.folderId)) return fail(`folderId must be a positive integer, got ${String(page.folderId)}`)
    params["folder_id"] = String(page.folderId)
  }
  if (page.withSubfolders !== undefined) params["with_subfolders"] = String(page.withSubfolders)
  if (page.running !== undefined) params["running"] = String(page.running)
  if (page.stopCause !== undefined) {
    if (page.stopCause.trim() === "") return fail("stopCause is blank")
    params["stop_cause"] = page.stopCause
  }
  for (const [key, name, value] of [
    ["stopped_after", "stoppedAfter", page.stoppedAfter],
    ["updated_after", "updatedAfter", page.updatedAfter]
  ] as const) {
    if (value === undefined) continue
    const time = isoTime(name, value)
    if (time.error !== undefined) return fail(time.error)
    params[key] = time.ok
  }
  for (const [key, name, value] of [
    ["adapter_names_any", "adapterNamesAny", page.adapterNamesAny],
    ["adapter_names_all", "adapterNamesAll", page.adapterNamesAll]
  ] as const) {
    if (value === undefined) continue
    const list = names(name, value)
    if (list.error !== undefined) return fail(list.error)
    params[key] = list.ok
  }
  if (page.sinceId !== undefined) {
    if (!isId(page.sinceId)) return fail(`sinceId must be a positive integer, got ${String(page.sinceId)}`)
    params["since_id"] = String(page.sinceId)
  }
  if (page.order !== undefined) {
    if (page.order !== "default" && page.order !== "activity") return fail(`order must be "default" or "activity", got ${JSON.stringify(page.order)}`)
    params["order"] = page.order
  }
  const number = page.page ?? 1
  if (!isId(number)) return fail(`page must be an integer from 1, got ${String(page.page)}`)
  params["page"] = String(number)
  const perPage = page.perPage ?? maxPerPage
  if (!Number.isSafeInteger(perPage) || perPage < 1 || perPage > maxPerPage) {
    return fail(`perPage must be an integer from 1 to ${maxPerPage}, got ${String(page.perPage)}`)
  }
  params["per_page"] = String(perPage)
  return { ok: params }
}

const make = Effect.gen(function*() {
  const config = yield* JobsApiConfig
  const quota = yield* RecipesQuota
  const exchange = yield* Exchange.make
  // One limiter per layer, shared by every caller; independent of the Jobs classes.
  const limiter = yield* Limiter.make({
    key: `${config.apiUrl} recipes`,
    perWindow: quota.perMinute,
    window: Duration.minutes(1),
    store: yield* Limiter.storeFromContext
  })

  const get: (recipeId: number) => Effect.Effect<Recipe, JobsApiError | RecipeNotFound | InvalidRecipeRequest> = Effect.fn(
    "RecipesClient.get"
  )(function*(recipeId: number) {
    yield* Effect.annotateCurrentSpan({ recipeId })
    if (!isId(recipeId)) {
      return yield* new InvalidRecipeRequest({ reason: `the recipe id must be a positive integer, got ${String(recipeId)}` })
    }
    const operation = `get recipe ${recipeId}`
    return yield* exchange.send(limiter, operation, HttpClientRequest.get(`/api/recipes/${recipeId}`)).pipe(
      Effect.flatMap((answer) => exchange.decode(Recipe, operation, answer)),
      Effect.catchTag("NotFound", (e) =>
        Effect.fail(new RecipeNotFound({ recipeId, ...(e.serverMessage === undefined ? {} : { serverMessage: e.serverMessage }) })))
    )
  })

  const list: (page?: RecipePage) => Effect.Effect<RecipeList, JobsApiError | InvalidRecipeRequest> = Effect.fn(
    "RecipesClient.list"
  )(function*(page: RecipePage = {}) {
    const params = urlParams(page)
    if (params.error !== undefined) return yield* new InvalidRecipeRequest({ reason: params.error })
    yield* Effect.annotateCurrentSpan({ ...params.ok })
    const operation = `list recipes (page ${params.ok["page"]})`
    const answer = yield* exchange.send(limiter, operation, HttpClientRequest.get("/api/recipes", { urlParams: params.ok }))
    return yield* exchange.decode(RecipeList, operation, answer)
  })

  const stream = (
    filter: RecipeFilter = {},
    options: { readonly perPage?: number } = {}
  ): Stream.Stream<Recipe, JobsApiError | InvalidRecipeRequest> =>
    Stream.suspend(() => {
      const perPage = options.perPage ?? maxPerPage
      const seen = new Set<number>()
      return Stream.paginateChunkEffect(1, (page) =>
        list({ ...filter, page, perPage }).pipe(
          Effect.map(({ items }) => {
            const fresh = items.filter((recipe) => !seen.has(recipe.id))
            for (const recipe of fresh) seen.add(recipe.id)
            // No total is returned: a short page is the last; a page of only known ids means the list moved under us.
            const next = items.length < perPage || fresh.length === 0 ? Option.none() : Option.some(page + 1)
            return [Chunk.fromIterable(fresh), next] as const
          })
        ))
    })

  const recipeUrl = (recipeId: number): string => `${config.uiUrl}/recipes/${encodeURIComponent(String(recipeId))}`

  return { get, list, stream, recipeUrl } as const
})

/**
 * The Recipes API client (Developer API → Recipes, read side).
 *
 * - `get(recipeId)`: one recipe (`Recipe`); an unknown id fails with `RecipeNotFound`.
 * - `list(page?)`: one page of recipes (`RecipeList`), filtered (see `RecipeFilter`).
 * - `stream(filter?, { perPage? })`: every matching recipe across all pages, each once.
 * - `recipeUrl(recipeId)`: the recipe's page in Workato's web UI.
 *
 * Same configuration, HTTP client, timeout, retries and errors as
 * `JobsClient`; its own quota (`RecipesQuota`, 60 requests/minute by
 * default), so recipe reads never wait behind job reads or the other way
 * round. `RecipesClient.layer(options)` takes explicit options (plus
 * `recipesPerMinute`), `RecipesClient.layerConfig` one `Config` per option;
 * `RecipesClient.Default` needs `JobsApiConfig` and `RecipesQuota`.
 *
 * @example
 * ```ts
 * import { NodeHttpClient } from "@effect/platform-node"
 * import { Effect, Redacted, Stream } from "effect"
 * import { RecipesClient, recipeState } from "@workato-jobs/jobs-api"
 *
 * const program = Effect.gen(function*() {
 *   const recipes = yield* RecipesClient
 *   const inFolder = yield* recipes.stream({ folderId: 7001, withSubfolders: true }).pipe(Stream.runCollect)
 *   for (const recipe of inFolder) yield* Effect.log(recipe.name, recipeState(recipe), recipe.job_failed_count)
 * })
 *
 * program.pipe(
 *   Effect.provide(RecipesClient.layer({ token: Redacted.make("sim-token"), baseUrl: "http://127.0.0.1:4010" })),
 *   Effect.provide(NodeHttpClient.layerUndici),
 *   Effect.runPromise
 * )
 * ```
 *
 * @since 0.1.0
 * @category services
 */
export class RecipesClient extends Effect.Service<RecipesClient>()("@workato-jobs/jobs-api/RecipesClient", {
  scoped: make
}) {
  /** The client from explicit options. */
  static readonly layer = (
    options: RecipesClientOptions
  ): Layer.Layer<RecipesClient, ConfigError.ConfigError, HttpClient.HttpClient> =>
    RecipesClient.Default.pipe(
      Layer.provide(Layer.merge(JobsApiConfig.layer(options), RecipesQuota.layer(options.recipesPerMinute)))
    )

  /** The client from one `Config` per option, read when the layer is built. */
  static readonly layerConfig = (
    config: Config.Config.Wrap<RecipesClientOptions>
  ): Layer.Layer<RecipesClient, ConfigError.ConfigError, HttpClient.HttpClient> =>
    Layer.unwrapEffect(Effect.map(Config.unwrap(config), RecipesClient.layer))
}

/**
 * Options of {@link RecipesClient.layer}: the Jobs client's, plus the Recipes
 * quota (default 60 requests/minute).
 *
 * @example
 * ```ts
 * import { Redacted } from "effect"
 * import type { RecipesClientOptions } from "@workato-jobs/jobs-api"
 *
 * const options: RecipesClientOptions = { token: Redacted.make("sim-token"), recipesPerMinute: 30 }
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface RecipesClientOptions extends JobsApiOptions {
  readonly recipesPerMinute?: number | undefined
}
