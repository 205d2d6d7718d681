/**
 * "Recipe stopped" alerts: a watched recipe that goes from running to stopped gets one message
 * in the channel (who or what stopped it, the cause in plain words, when, its last failures,
 * a link), and one short "running again" note when it runs again. A stopped recipe makes no
 * failed jobs, so without this the digest would stay silent while nothing runs.
 *
 * Once per stop, across restarts and replicas: the change is claimed (a compare-and-set on the
 * recipe's last state, store/RecipeStates.ts) in the transaction that records the alert as a
 * message with a key made of channel, recipe and stop time, before it is posted; the post goes
 * through Deliveries like a digest (metadata, no blind retry, an uncertain post looked up in
 * the channel before it is posted again). The first sighting of a recipe only sets its state.
 */
import { JobsClient, type Recipe, RecipesClient } from "@workato-jobs/jobs-api"
import { Effect, Option, Stream, Chunk } from "effect"
import { renderRecipeRunning, renderRecipeStopped } from "../blocks/index.js"
import { Atomic, changeOf, PostedMessages, type RecipeChange, type RecipeSighting, RecipeStates } from "../store/index.js"
import { Deliveries } from "./Deliveries.js"

const LAST_FAILURES = 3

const sightingOf = (recipe: Recipe): RecipeSighting => {
  const stoppedAt = recipe.stopped_at === null ? 0 : Date.parse(recipe.stopped_at)
  return { running: recipe.running, stoppedAt: Number.isFinite(stoppedAt) ? stoppedAt : 0 }
}

export class RecipeStops extends Effect.Service<RecipeStops>()("@workato-jobs/slackbot/RecipeStops", {
  effect: Effect.gen(function*() {
    const states = yield* RecipeStates
    const messages = yield* PostedMessages
    const atomic = yield* Atomic
    const deliveries = yield* Deliveries
    const jobs = yield* JobsClient
    const recipes = yield* RecipesClient

    const lastFailures = (recipeId: number) =>
      jobs.stream(recipeId, { status: "failed" }).pipe(
        Stream.take(LAST_FAILURES),
        Stream.runCollect,
        Effect.map((found) =>
          Chunk.toReadonlyArray(found).map((job) => ({
            jobUrl: jobs.jobUrl(recipeId, job.id),
            title: job.title,
            message: job.error_parts?.message ?? job.error ?? "No error message",
            at: job.completed_at ?? job.started_at
          }))
        ),
        // The alert matters more than its details.
        Effect.orElseSucceed(() => [])
      )

    const render = (recipe: Recipe, change: RecipeChange) =>
      Effect.gen(function*() {
        const about = { recipeId: recipe.id, recipeName: recipe.name, recipeUrl: recipes.recipeUrl(recipe.id) }
        if (change._tag === "RunningAgain") {
          return renderRecipeRunning({ ...about, stoppedAt: change.stoppedAt === 0 ? null : new Date(change.stoppedAt).toISOString() })
        }
        return renderRecipeStopped({
          ...about,
          stoppedAt: recipe.stopped_at ?? new Date(0).toISOString(),
          stopCause: recipe.stop_cause,
          lastFailures: recipe.stop_cause === null ? [] : yield* lastFailures(recipe.id)
        })
      })

    /** One recipe as Workato shows it now, compared with what this channel last saw of it. */
    const checkOne = (channel: string, recipe: Recipe) =>
      Effect.gen(function*() {
        const now = sightingOf(recipe)
        const before = yield* states.last(channel, recipe.id)
        const change = Option.flatMap(before, (b) => changeOf(b, now))
        if (Option.isNone(change) || change.value._tag === "Quiet") {
          if (Option.isNone(before) || Option.isSome(change)) yield* states.claim(channel, recipe.id, before, now)
          return
        }
        const message = yield* render(recipe, change.value)
        const kind = change.value._tag === "Stopped" ? "stopped" : "running"
        const id = `a-${kind}-${recipe.id}-${change.value.stoppedAt}-${channel}`
        yield* Effect.uninterruptible(Effect.gen(function*() {
          const claimed = yield* atomic.run(Effect.gen(function*() {
            if (!(yield* states.claim(channel, recipe.id, before, now))) return false
            yield* messages.record({
              id,
              kind: "alert",
              state: "sending",
              channel,
              ts: null,
              viewer: null,
              blocks: message.blocks,
              text: message.text,
              jobs: []
            })
            return true
          }))
          if (!claimed) return
          const delivered = yield* deliveries.post({ id, channel, text: message.text, blocks: message.blocks })
          yield* Effect.logInfo(`recipe ${recipe.id} ${kind} alert in ${channel}: ${delivered._tag}`)
        }))
      })

    /**
     * Checks the watched recipes of a channel as read this round (`known`, from WatchedRecipes);
     * a recipe that could not be read is checked next time.
     */
    const check = Effect.fn("RecipeStops.check")(function*(
      channel: string,
      recipeIds: ReadonlyArray<number>,
      known: ReadonlyMap<number, Recipe>
    ) {
      for (const recipeId of recipeIds) {
        const recipe = known.get(recipeId)
        if (recipe !== undefined) yield* checkOne(channel, recipe)
      }
    })

    return { check } as const
  })
}) {}
