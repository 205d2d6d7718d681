/**
 * RecipeNames: the name people know a recipe by ("Load Shopify orders into Snowflake"), for
 * every message that shows a recipe. Names change rarely and the Recipes API allows 60
 * requests a minute, so names are cached: a bounded number of them (least recently used
 * dropped first), each fetched again after `refreshAfter`. Recipe lists the bot reads anyway
 * (folder watches, the recipe-list scan) fill the cache through `remember` at no cost.
 *
 * A name that cannot be fetched (unknown recipe, Workato down, the quota busy for longer than
 * `waitAtMost`) is None, and the message shows the recipe id instead: a name is never worth
 * failing or delaying a digest. A failed fetch is retried after `retryAfter`, not at once.
 */
import { RecipesClient } from "@workato-jobs/jobs-api"
import { Cache, Context, Duration, Effect, Exit, Layer, Option } from "effect"

export interface RecipeNamesOptions {
  /** Most names kept at once. */
  readonly capacity: number
  /** How long a fetched name is used before it is fetched again. */
  readonly refreshAfter: Duration.DurationInput
  /** How long a failed fetch is remembered (shown as the id) before it is tried again. */
  readonly retryAfter: Duration.DurationInput
  /** Longest wait for one name (the Recipes quota may be busy); then the id is shown. */
  readonly waitAtMost: Duration.DurationInput
}

export const DEFAULT_RECIPE_NAMES: RecipeNamesOptions = {
  capacity: 5_000,
  refreshAfter: Duration.hours(1),
  retryAfter: Duration.minutes(5),
  waitAtMost: Duration.seconds(10)
}

export interface RecipeNamesService {
  /** The recipe's name, or None (show its id). Never fails. */
  readonly name: (recipeId: number) => Effect.Effect<Option.Option<string>>
  /** Names of those recipes that have one (a few fetched at a time). Never fails. */
  readonly names: (recipeIds: Iterable<number>) => Effect.Effect<ReadonlyMap<number, string>>
  /** Names read elsewhere (a recipe list): cached as if fetched now. */
  readonly remember: (recipes: Iterable<{ readonly id: number; readonly name: string }>) => Effect.Effect<void>
}

const usable = (name: string) => name.trim() !== ""

const make = (options: RecipeNamesOptions) =>
  Effect.gen(function*() {
    const recipes = yield* RecipesClient
    const cache = yield* Cache.makeWith({
      capacity: options.capacity,
      lookup: (recipeId: number) =>
        recipes.get(recipeId).pipe(
          Effect.map((recipe) => recipe.name),
          Effect.tapError((error) => Effect.logWarning(`the name of recipe ${recipeId} could not be read; its id is shown`, error.message))
        ),
      timeToLive: Exit.match({ onFailure: () => options.retryAfter, onSuccess: () => options.refreshAfter })
    })

    const name = (recipeId: number) =>
      cache.get(recipeId).pipe(
        Effect.map((found) => (usable(found) ? Option.some(found) : Option.none())),
        Effect.timeout(options.waitAtMost),
        Effect.orElseSucceed(() => Option.none<string>())
      )

    const names = (recipeIds: Iterable<number>) =>
      Effect.forEach(new Set(recipeIds), (id) => Effect.map(name(id), Option.map((n) => [id, n] as const)), {
        concurrency: 4
      }).pipe(Effect.map((found) => new Map(found.flatMap(Option.toArray))))

    const remember = (list: Iterable<{ readonly id: number; readonly name: string }>) =>
      Effect.forEach(list, (recipe) => cache.set(recipe.id, recipe.name), { discard: true })

    return { name, names, remember } satisfies RecipeNamesService
  })

export class RecipeNames extends Context.Tag("@workato-jobs/slackbot/RecipeNames")<RecipeNames, RecipeNamesService>() {
  static readonly layer = (options: Partial<RecipeNamesOptions> = {}): Layer.Layer<RecipeNames, never, RecipesClient> =>
    Layer.effect(RecipeNames, make({ ...DEFAULT_RECIPE_NAMES, ...options }))
  static readonly Default = RecipeNames.layer()
}
