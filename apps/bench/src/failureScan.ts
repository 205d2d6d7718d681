// Workload 2: collect every failed job of R recipes × J jobs through `stream`. The requests a
// client needs: ceil(failed / page size) pages per recipe plus the empty page that tells it the
// end (page size is undocumented); the floor is that many requests at the (scaled) list quota.
import { JobsClient } from "@workato-jobs/jobs-api"
import { type RecipeInfo, type Sim } from "@workato-jobs/workato-sim"
import { Effect, Stream } from "effect"
import { count429, countRoute, withSimClient } from "./client.js"
import { ticker } from "./progress.js"
import { countRow, floorRow, type Row } from "./report.js"
import { listFloor, type Scale } from "./scale.js"

export const pageSize = 25

const failedOf = (sim: Sim, recipe: RecipeInfo) => sim.jobs(recipe.id).filter((j) => j.status === "failed").length

export const scanRequests = (sim: Sim, recipes: ReadonlyArray<RecipeInfo>) =>
  recipes.reduce((n, r) => n + Math.ceil(failedOf(sim, r) / pageSize) + 1, 0)

/** Streams the failed jobs of `recipes`, a few recipes at a time so the quota is the bottleneck. */
export const scanFailures = (recipes: ReadonlyArray<RecipeInfo>) =>
  Effect.flatMap(JobsClient, (client) =>
    Effect.forEach(recipes, (recipe) => Stream.runCount(client.stream(recipe.id, { status: "failed" })), {
      concurrency: 8
    })).pipe(Effect.map((counts) => counts.reduce((a, b) => a + b, 0)))

export const failureScan = (options: {
  readonly recipes: number
  readonly jobsPerRecipe: number
  readonly scale: Scale
}): Promise<Row[]> =>
  withSimClient(options.scale, { pageSize }, async (sim, runtime) => {
    const recipes = sim.generate({ recipes: options.recipes, jobsPerRecipe: options.jobsPerRecipe })
    const expected = recipes.reduce((n, r) => n + failedOf(sim, r), 0)
    const requests = scanRequests(sim, recipes)
    const stop = ticker(5000, () => `scan: ${countRoute(sim, "list")} of ${requests} list requests`)
    const started = performance.now()
    const found = await runtime.runPromise(scanFailures(recipes))
    const wall = (performance.now() - started) / 1000
    stop()
    const name = `2. failure scan ${options.recipes}×${options.jobsPerRecipe} (${options.scale.label})`
    return [
      floorRow(name, "wall ÷ floor", wall, listFloor(requests, options.scale), 1.05),
      countRow(name, "list requests", countRoute(sim, "list"), requests),
      countRow(name, "429s received", count429(sim), 0),
      countRow(name, "failed jobs found", found, expected)
    ]
  })
