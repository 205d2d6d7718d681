/**
 * The last running/stopped state the bot saw of each watched recipe, per channel: what makes a
 * "recipe stopped" alert (and its "running again" note) happen once per stop. A change is
 * claimed by one compare-and-set UPDATE, in the same transaction that records the alert, so
 * a restart or a second replica that sees the same change finds it claimed already.
 */
import { SqlClient } from "@effect/sql"
import { Clock, Data, Effect, Option } from "effect"
import { dieOnStoreErrors } from "./orDie.js"

/** What the bot saw of a recipe: running or not, and its last stop (epoch ms, 0 = never). */
export interface RecipeSighting {
  readonly running: boolean
  readonly stoppedAt: number
}

/** A change between two sightings. */
export type RecipeChange = Data.TaggedEnum<{
  Stopped: { readonly stoppedAt: number }
  RunningAgain: { readonly stoppedAt: number }
  /** Stopped and started again between two sightings: only the state is brought up to date. */
  Quiet: {}
}>
export const RecipeChange = Data.taggedEnum<RecipeChange>()

/** What changed between two sightings (None: nothing). */
export const changeOf = (before: RecipeSighting, now: RecipeSighting): Option.Option<RecipeChange> => {
  if (before.running === now.running && before.stoppedAt === now.stoppedAt) return Option.none()
  if (!now.running && now.stoppedAt !== before.stoppedAt) return Option.some(RecipeChange.Stopped({ stoppedAt: now.stoppedAt }))
  if (!before.running && now.running) return Option.some(RecipeChange.RunningAgain({ stoppedAt: before.stoppedAt }))
  return Option.some(RecipeChange.Quiet())
}

export class RecipeStates extends Effect.Service<RecipeStates>()("@workato-jobs/slackbot/RecipeStates", {
  effect: Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient

    /** The last sighting of the recipe in the channel; None before the first. */
    const last = (channel: string, recipeId: number) =>
      Effect.map(
        sql<{ running: number; stoppedAt: number | string }>`SELECT running, stopped_at FROM recipe_states
          WHERE channel = ${channel} AND recipe_id = ${recipeId}`,
        (rows) =>
          Option.map(Option.fromNullable(rows[0]), (row): RecipeSighting => ({
            running: Number(row.running) !== 0,
            stoppedAt: Number(row.stoppedAt)
          }))
      )

    /**
     * Moves the recipe from `before` (as read by `last`) to `now`; false when another run moved
     * it first (the change is theirs to announce). Run it in the transaction that records the alert.
     */
    const claim = (channel: string, recipeId: number, before: Option.Option<RecipeSighting>, now: RecipeSighting) =>
      Effect.gen(function*() {
        const at = yield* Clock.currentTimeMillis
        const running = now.running ? 1 : 0
        const rows = Option.isNone(before)
          ? yield* sql<{ recipeId: number }>`INSERT INTO recipe_states (channel, recipe_id, running, stopped_at, updated_at)
              VALUES (${channel}, ${recipeId}, ${running}, ${now.stoppedAt}, ${at}) ON CONFLICT DO NOTHING RETURNING recipe_id`
          : yield* sql<{ recipeId: number }>`UPDATE recipe_states
              SET running = ${running}, stopped_at = ${now.stoppedAt}, updated_at = ${at}
              WHERE channel = ${channel} AND recipe_id = ${recipeId}
                AND running = ${before.value.running ? 1 : 0} AND stopped_at = ${before.value.stoppedAt}
              RETURNING recipe_id`
        return rows.length > 0
      })

    return dieOnStoreErrors({ last, claim })
  })
}) {}
