// Workload 3: the repeat and scan workloads at once, split across 4 callers sharing one client
// layer (one set of limiters) in one process. Each endpoint class is measured against its floor.
import { JobsClient } from "@workato-jobs/jobs-api"
import { startSim } from "@workato-jobs/workato-sim"
import { Effect } from "effect"
import { clientRuntime, count429, countRoute } from "./client.js"
import { pageSize, scanFailures, scanFloorRequests } from "./failureScan.js"
import { ticker } from "./progress.js"
import { repeatFloorSeconds } from "./repeatThroughput.js"
import { ratio, type Row } from "./report.js"
import { quotasOf, type Scale } from "./scale.js"

const callers = 4

const timed = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.suspend(() => {
    const started = performance.now()
    return Effect.map(effect, (a) => [a, (performance.now() - started) / 1000] as const)
  })

export const sharedQuota = async (options: {
  readonly repeatJobs: number
  readonly recipes: number
  readonly jobsPerRecipe: number
  readonly scale: Scale
}): Promise<Row[]> => {
  const sim = await startSim({ quotas: quotasOf(options.scale), pageSize, requestLogLimit: 0 })
  const runtime = clientRuntime(sim, options.scale)
  try {
    const scanRecipes = sim.generate({ recipes: options.recipes, jobsPerRecipe: options.jobsPerRecipe })
    const perCaller = Math.ceil(options.repeatJobs / callers)
    const repeatBatches = Array.from({ length: callers }, (_, i) => {
      const recipe = sim.addRecipe({ name: `Bench: shared quota ${i + 1}` })
      return { recipeId: recipe.id, ids: sim.addFailures(recipe.id, perCaller).map((j) => j.id) }
    })
    const scanShares = Array.from({ length: callers }, (_, i) => scanRecipes.filter((_, k) => k % callers === i))
    const repeatFloor = repeatBatches.reduce((s, b) => s + repeatFloorSeconds(b.ids.length, options.scale), 0)
    const scanFloor = scanFloorRequests(sim, scanRecipes) / (options.scale.otherPerMinute / 60)

    const stop = ticker(2000, () => `shared: ${countRoute(sim, "repeat")} repeat + ${countRoute(sim, "list")} list requests`)
    const repeatAll = Effect.flatMap(JobsClient, (client) =>
      Effect.forEach(repeatBatches, (b) => client.repeat(b.recipeId, b.ids), { concurrency: "unbounded" }))
    const scanAll = Effect.forEach(scanShares, scanFailures, { concurrency: "unbounded" })
    const [[reports, repeatWall], [, scanWall]] = await runtime.runPromise(
      Effect.all([timed(repeatAll), timed(scanAll)], { concurrency: "unbounded" })
    )
    stop()
    const enqueued = reports.flatMap((r) => r.results).filter((r) => r._tag === "Enqueued").length
    const rejected = count429(sim)
    const name = `3. shared quota, ${callers} callers`
    return [
      { workload: name, figure: "repeat wall ÷ floor", value: `${ratio(repeatWall / repeatFloor)} (${repeatWall.toFixed(2)} s)`, goal: "≤ 1.10", met: repeatWall / repeatFloor <= 1.1 },
      { workload: name, figure: "scan wall ÷ floor", value: `${ratio(scanWall / scanFloor)} (${scanWall.toFixed(2)} s)`, goal: "≤ 1.10", met: scanWall / scanFloor <= 1.1 },
      { workload: name, figure: "429s received", value: String(rejected), goal: "0", met: rejected === 0 },
      { workload: name, figure: "jobs enqueued", value: String(enqueued), goal: String(perCaller * callers), met: enqueued === perCaller * callers }
    ]
  } finally {
    await runtime.dispose()
    await sim.close()
  }
}
