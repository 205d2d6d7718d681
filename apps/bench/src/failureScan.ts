// Workload 2: collect every failed job of R recipes × J jobs through `stream`. The requests a
// client needs: ceil(failed / page size) pages per recipe plus the empty page that tells it the
// end (page size is undocumented); the floor is that many requests at the (scaled) list quota.
import { JobsClient } from "@workato-jobs/jobs-api"
import type { RecipeInfo } from "@workato-jobs/workato-sim"
import { Effect, Stream } from "effect"
import { count429, countRoute, withRemoteSimClient } from "./client.js"
import { ticker } from "./progress.js"
import type { RemoteSim } from "./remoteSim.js"
import { countRow, floorRow, type Row } from "./report.js"
import { listFloor, type Scale } from "./scale.js"

export const pageSize = 25

const failedOf = async (sim: RemoteSim, recipe: RecipeInfo) =>
  (await sim.call("jobs", recipe.id)).filter((j) => j.status === "failed").length

const failedPerRecipe = (sim: RemoteSim, recipes: ReadonlyArray<RecipeInfo>) =>
  Promise.all(recipes.map((r) => failedOf(sim, r)))

export const scanRequests = async (sim: RemoteSim, recipes: ReadonlyArray<RecipeInfo>) =>
  (await failedPerRecipe(sim, recipes)).reduce((n, failed) => n + Math.ceil(failed / pageSize) + 1, 0)

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
  withRemoteSimClient(options.scale, { pageSize }, async (sim, runtime) => {
    const recipes = await sim.call("generate", { recipes: options.recipes, jobsPerRecipe: options.jobsPerRecipe })
    const expected = (await failedPerRecipe(sim, recipes)).reduce((a, b) => a + b, 0)
    const requests = await scanRequests(sim, recipes)
    const stop = ticker(5000, async () => `scan: ${await countRoute(sim, "list")} of ${requests} list requests`)
    const started = performance.now()
    const found = await runtime.runPromise(scanFailures(recipes))
    const wall = (performance.now() - started) / 1000
    stop()
    const name = `2. failure scan ${options.recipes}×${options.jobsPerRecipe} (${options.scale.label})`
    return [
      floorRow(name, "wall ÷ floor", wall, listFloor(requests, options.scale), 1.05),
      countRow(name, "list requests", await countRoute(sim, "list"), requests),
      countRow(name, "429s received", await count429(sim), 0),
      countRow(name, "failed jobs found", found, expected)
    ]
  })
