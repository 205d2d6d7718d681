// Workload 2: collect every failed job of R recipes × J jobs through `stream`. Floor = the
// list requests a client needs (ceil(failed / page size) pages plus the empty page that tells
// it the end, since page size is undocumented) at the (scaled) list quota.
import { JobsClient } from "@workato-jobs/jobs-api"
import { type RecipeInfo, type Sim, startSim } from "@workato-jobs/workato-sim"
import { Effect, Stream } from "effect"
import { clientRuntime, count429, countRoute } from "./client.js"
import { ticker } from "./progress.js"
import { ratio, type Row } from "./report.js"
import { quotasOf, type Scale } from "./scale.js"

export const pageSize = 25

export const scanFloorRequests = (sim: Sim, recipes: ReadonlyArray<RecipeInfo>) =>
  recipes.reduce((n, r) => n + Math.ceil(sim.jobs(r.id).filter((j) => j.status === "failed").length / pageSize) + 1, 0)

/** Streams the failed jobs of `recipes`, a few recipes at a time so the quota is the bottleneck. */
export const scanFailures = (recipes: ReadonlyArray<RecipeInfo>) =>
  Effect.flatMap(JobsClient, (client) =>
    Effect.forEach(
      recipes,
      (recipe) => Stream.runCount(client.stream(recipe.id, { status: "failed" })),
      { concurrency: 8 }
    )).pipe(Effect.map((counts) => counts.reduce((a, b) => a + b, 0)))


export const failureScan = async (options: {
  readonly recipes: number
  readonly jobsPerRecipe: number
  readonly scale: Scale
}): Promise<Row[]> => {
  const sim = await startSim({ quotas: quotasOf(options.scale), pageSize, requestLogLimit: 0 })
  const runtime = clientRuntime(sim, options.scale)
  try {
    const recipes = sim.generate({ recipes: options.recipes, jobsPerRecipe: options.jobsPerRecipe })
    const expected = recipes.reduce((n, r) => n + sim.jobs(r.id).filter((j) => j.status === "failed").length, 0)
    const floorRequests = scanFloorRequests(sim, recipes)
    const floor = floorRequests / (options.scale.otherPerMinute / 60)
    const stop = ticker(2000, () => `scan: ${countRoute(sim, "list")} of ${floorRequests} list requests`)
    const started = performance.now()
    const found = await runtime.runPromise(scanFailures(recipes))
    const wall = (performance.now() - started) / 1000
    stop()
    const rejected = count429(sim)
    const name = `2. failure scan ${options.recipes}×${options.jobsPerRecipe} (×${options.scale.factor} quota)`
    return [
      { workload: name, figure: "wall ÷ floor", value: `${ratio(wall / floor)} (${wall.toFixed(2)} s ÷ ${floor.toFixed(2)} s)`, goal: "≤ 1.05", met: wall / floor <= 1.05 },
      { workload: name, figure: "list requests", value: `${countRoute(sim, "list")} (floor ${floorRequests})`, goal: "= floor", met: countRoute(sim, "list") === floorRequests },
      { workload: name, figure: "429s received", value: String(rejected), goal: "0", met: rejected === 0 },
      { workload: name, figure: "failed jobs found", value: String(found), goal: String(expected), met: found === expected }
    ]
  } finally {
    await runtime.dispose()
    await sim.close()
  }
}
