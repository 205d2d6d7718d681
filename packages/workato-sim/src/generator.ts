// Seeded demo data: N recipes × M jobs spread over the last days before now(). Same seed and same
// now() → the same recipes, jobs, ids, titles and errors (no Math.random anywhere).
import { POLL_ERRORS } from "./catalog.js"
import type { JobRecord, RecipeRecord } from "./model.js"
import { Prng } from "./prng.js"
import type { Store } from "./store.js"

const DAY_MS = 86_400_000

export interface GenerateOptions {
  readonly seed: number
  readonly recipes: number
  readonly jobsPerRecipe: number
  /** Jobs spread over this many days before now; default 3. */
  readonly spanDays?: number
}

/**
 * Adds `recipes` recipes with `jobsPerRecipe` jobs each (including some repeats) to the store,
 * spread over a few folders: Sales (with a Shopify subfolder), Finance, People.
 */
export const generate = (store: Store, options: GenerateOptions): ReadonlyArray<RecipeRecord> => {
  const rng = new Prng((options.seed ^ 0x5eed5eed) >>> 0)
  const now = store.now()
  const folders = options.recipes > 0 ? demoFolders(store) : []
  const created: RecipeRecord[] = []
  // Folders are picked by position, not by the rng, so the jobs of a seed stay what they were.
  for (let r = 0; r < options.recipes; r++) created.push(store.addRecipe({ folderId: folders[r % folders.length]! }))
  for (const recipe of created) {
    fillRecipe(store, recipe, rng, now, options.jobsPerRecipe, options.spanDays ?? 3, created)
  }
  return created
}

const demoFolders = (store: Store): ReadonlyArray<number> => {
  const sales = store.addFolder({ name: "Sales" })
  const shopify = store.addFolder({ name: "Shopify" }, sales.id)
  const finance = store.addFolder({ name: "Finance" })
  const people = store.addFolder({ name: "People" })
  return [sales.id, shopify.id, finance.id, people.id]
}

const fillRecipe = (
  store: Store,
  recipe: RecipeRecord,
  rng: Prng,
  now: number,
  count: number,
  spanDays: number,
  recipes: ReadonlyArray<RecipeRecord>
): void => {
  const span = spanDays * DAY_MS
  const step = span / Math.max(1, count)
  // The newest ~1% are still running.
  const pendingFrom = count - (count >= 20 ? Math.max(1, Math.round(count * 0.01)) : 0)
  // Recipe functions are called by another recipe: calling/root ids point there.
  const caller = recipe.trigger.adapter === "workato_service" ? recipes.find((r) => r.id !== recipe.id) : undefined
  const repeatable: JobRecord[] = []
  for (let i = 0; i < count; i++) {
    const startedAt = Math.round(now - span + i * step + rng.next() * step * 0.8)
    const duration = rng.int(300, 45_000)
    const completedAt = Math.min(now, startedAt + duration)
    const calling = caller ? { callingRecipeId: caller.id, callingJobId: store.newJobId() } : { callingRecipeId: null, callingJobId: null }
    if (i < pendingFrom && repeatable.length > 0 && rng.chance(0.08)) {
      // A repeat of an earlier failure.
      const master = repeatable.splice(rng.int(0, repeatable.length - 1), 1)[0]!
      master.repeatCount += 1
      const failed = rng.chance(0.3)
      store.insert({
        id: store.newJobId(),
        recipeId: recipe.id,
        title: master.title,
        status: failed ? "failed" : "succeeded",
        startedAt,
        completedAt,
        error: failed && master.error ? { ...master.error, error_id: rng.uuid(), error_at: completedAt } : null,
        isPollError: false,
        masterJobId: master.id,
        repeatCount: master.repeatCount,
        callingRecipeId: master.callingRecipeId,
        callingJobId: master.callingJobId
      })
      continue
    }
    if (i >= pendingFrom) {
      store.insert({
        id: store.newJobId(), recipeId: recipe.id, title: store.titleFor(recipe, startedAt, rng), status: "pending",
        startedAt, completedAt: null, error: null, isPollError: false, masterJobId: null, repeatCount: 0, ...calling
      })
      continue
    }
    const roll = rng.next()
    if (roll < 0.03) {
      // Poll error: the trigger could not fetch events; the title is the error text.
      const template = rng.pick(POLL_ERRORS)
      store.insert({
        id: store.newJobId(), recipeId: recipe.id, title: `${template.error_type}: ${template.message}`, status: "failed",
        startedAt, completedAt,
        error: { adapter: recipe.trigger.adapter, ...template, error_id: rng.uuid(), error_at: completedAt },
        isPollError: true, masterJobId: null, repeatCount: 0, callingRecipeId: null, callingJobId: null
      })
      continue
    }
    const failed = roll < 0.23
    const job = store.insert({
      id: store.newJobId(), recipeId: recipe.id, title: store.titleFor(recipe, startedAt, rng),
      status: failed ? "failed" : "succeeded", startedAt, completedAt,
      error: failed ? store.randomError(recipe, completedAt, rng) : null,
      isPollError: false, masterJobId: null, repeatCount: 0, ...calling
    })
    if (failed) repeatable.push(job)
  }
}
