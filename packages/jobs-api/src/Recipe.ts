/**
 * Schemas for the recipes Workato's Recipes API returns (`GET /api/recipes/:id`,
 * `GET /api/recipes`).
 *
 * Lenient like the job schemas: unknown keys are kept, `stop_cause` is any
 * string, and only the keys present in every documented recipe sample (`id`,
 * `name`, `running`) are required; the others are optional, nullable ones
 * decode to `null` when absent.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { RecipeId } from "./Job.js"
import { lenientStruct, nullable, optional, OtherString } from "./internal/lenient.js"

/**
 * Why Workato stopped a recipe: the documented causes, or any other string.
 * `null` on a recipe means it runs, or a person stopped it.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { StopCause } from "@workato-jobs/jobs-api"
 *
 * Schema.decodeUnknownSync(StopCause)("trigger_errors_limit") // "trigger_errors_limit"
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const StopCause = Schema.Union(
  Schema.Literal("trigger_errors_limit", "action_quota_limit", "trial_expired", "txn_quota_limit"),
  OtherString
).annotations({ identifier: "StopCause" })

/**
 * @example
 * ```ts
 * import type { StopCause } from "@workato-jobs/jobs-api"
 *
 * const cause: StopCause = "trigger_errors_limit"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export type StopCause = typeof StopCause.Type

/**
 * A recipe. `job_succeeded_count` / `job_failed_count` are the recipe's job
 * counts (they can go down when old jobs are purged); `stopped_at` is the last
 * stop, `stop_cause` says why Workato stopped it.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { Recipe } from "@workato-jobs/jobs-api"
 *
 * const recipe = Schema.decodeUnknownSync(Recipe)({ id: 12389, name: "Sync orders", running: false, stop_cause: "trigger_errors_limit" })
 * recipe.stop_cause // "trigger_errors_limit"
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const Recipe = lenientStruct({
  id: RecipeId,
  name: Schema.String,
  running: Schema.Boolean,
  folder_id: optional(RecipeId),
  user_id: optional(Schema.Number),
  description: nullable(Schema.String),
  created_at: optional(Schema.String),
  updated_at: optional(Schema.String),
  last_run_at: nullable(Schema.String),
  stopped_at: nullable(Schema.String),
  stop_cause: nullable(StopCause),
  job_succeeded_count: optional(Schema.Number),
  job_failed_count: optional(Schema.Number),
  lifetime_task_count: optional(Schema.Number),
  trigger_application: optional(Schema.String),
  action_applications: optional(Schema.Array(Schema.String)),
  applications: optional(Schema.Array(Schema.String)),
  version_no: optional(Schema.Number),
  webhook_url: nullable(Schema.String),
  author_name: optional(Schema.String)
}).annotations({ identifier: "Recipe" })

/**
 * @example
 * ```ts
 * import type { Recipe } from "@workato-jobs/jobs-api"
 *
 * const label = (recipe: Recipe) => `${recipe.name} (${recipe.id})`
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface Recipe extends Schema.Schema.Type<typeof Recipe> {}

/**
 * How a recipe is doing: running, stopped by a person, or stopped by Workato
 * (a `stop_cause` is set). A recipe that never ran counts as stopped by a person.
 *
 * @example
 * ```ts
 * import { recipeState, type Recipe } from "@workato-jobs/jobs-api"
 *
 * const alertFor = (recipe: Recipe) => recipeState(recipe) === "stoppedByWorkato"
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export const recipeState = (recipe: Pick<Recipe, "running" | "stop_cause">): "running" | "stoppedByUser" | "stoppedByWorkato" =>
  recipe.running ? "running" : recipe.stop_cause === null ? "stoppedByUser" : "stoppedByWorkato"

// ASSUMED: the Developer API wraps the page in `items`; the Embedded (OEM) page shows `result`. Both are read.
const RecipeListWire = lenientStruct({
  items: optional(Schema.Array(Recipe)),
  result: optional(Schema.Array(Recipe))
})

const RecipeListType = Schema.Struct({ items: Schema.Array(Schema.typeSchema(Recipe)) })

/**
 * One page of `GET /api/recipes`, read from `items` (or `result`).
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { RecipeList } from "@workato-jobs/jobs-api"
 *
 * Schema.decodeUnknownSync(RecipeList)({ result: [{ id: 1, name: "A", running: true }] }).items.length // 1
 * ```
 *
 * @since 0.1.0
 * @category schemas
 */
export const RecipeList = Schema.transformOrFail(RecipeListWire, RecipeListType, {
  strict: true,
  decode: (wire, _, ast) => {
    const items = wire.items ?? wire.result
    return items === undefined
      ? Effect.fail(new ParseResult.Type(ast, wire, "a recipe list has neither `items` nor `result`"))
      : Effect.succeed({ items })
  },
  encode: ({ items }) => Effect.succeed({ items })
}).annotations({ identifier: "RecipeList" })

/**
 * @example
 * ```ts
 * import type { RecipeList } from "@workato-jobs/jobs-api"
 *
 * const names = (page: RecipeList) => page.items.map((r) => r.name)
 * ```
 *
 * @since 0.1.0
 * @category models
 */
export interface RecipeList extends Schema.Schema.Type<typeof RecipeList> {}
