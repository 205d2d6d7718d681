// Workload 3: the repeat and scan workloads at once, split across 4 callers sharing one client
// layer (one set of limiters) in one process, once per latency profile. Each endpoint class is
// measured against its floor (the quota's, plus one answer's time).
import { JobsClient } from "@workato-jobs/jobs-api"
import { Effect } from "effect"
import { count429, countRoute, withRemoteSimClient } from "./client.js"
import { pageSize, scanFailures, scanRequests } from "./failureScan.js"
import { applyLatency, type LatencyProfile } from "./latency.js"
import { ticker } from "./progress.js"
import { countRow, floorRow, type Row } from "./report.js"
import { listFloor, repeatFloor, type Scale } from "./scale.js"

const callers = 4

const timed = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.suspend(() => {
    const started = performance.now()
    return Effect.map(effect, (a) => [a, (performance.now() - started) / 1000] as const)
  })

interface Options {
  readonly repeatJobs: number
  readonly recipes: number
  readonly jobsPerRecipe: number
  readonly scale: Scale
}

const once = (options: Options & { readonly latency: LatencyProfile }): Promise<Row[]> =>
  withRemoteSimClient(options.scale, { pageSize }, async (sim, runtime) => {
    await applyLatency(sim, options.latency)
    const scanRecipes = await sim.call("generate", { recipes: options.recipes, jobsPerRecipe: options.jobsPerRecipe })
    const perCaller = Math.ceil(options.repeatJobs / callers)
    const batches = await Promise.all(Array.from({ length: callers }, async (_, i) => {
      const recipe = await sim.call("addRecipe", { name: `Bench: shared quota ${i + 1}` })
      return { recipeId: recipe.id, ids: (await sim.call("addFailures", recipe.id, perCaller)).map((j) => j.id) }
    }))
    const shares = Array.from({ length: callers }, (_, i) => scanRecipes.filter((_, k) => k % callers === i))
    const repeatRequests = callers * Math.ceil(perCaller / 25)
    const listRequests = await scanRequests(sim, scanRecipes)

    const stop = ticker(5000, async () => `shared: ${await countRoute(sim, "repeat")} repeat + ${await countRoute(sim, "list")} list requests`)
    const repeatAll = Effect.flatMap(JobsClient, (client) =>
      Effect.forEach(batches, (b) => client.repeat(b.recipeId, b.ids), { concurrency: "unbounded" }))
    const scanAll = Effect.forEach(shares, scanFailures, { concurrency: "unbounded" })
    const [[reports, repeatWall], [, scanWall]] = await runtime.runPromise(
      Effect.all([timed(repeatAll), timed(scanAll)], { concurrency: "unbounded" })
    )
    stop()
    const enqueued = reports.flatMap((r) => r.results).filter((r) => r._tag === "Enqueued").length
    const name = `3. shared quota, ${callers} callers (${options.scale.label}, ${options.latency.label})`
    const answer = options.latency.meanSeconds
    const goal = Math.max(1.1, options.latency.goal)
    return [
      floorRow(name, "repeat wall ÷ floor", repeatWall, repeatFloor(repeatRequests, options.scale) + answer, goal),
      floorRow(name, "scan wall ÷ floor", scanWall, listFloor(listRequests, options.scale) + answer, goal),
      countRow(name, "429s received", await count429(sim), 0),
      countRow(name, "jobs enqueued", enqueued, perCaller * callers)
    ]
  })

export const sharedQuota = async (options: Options & { readonly latencies: ReadonlyArray<LatencyProfile> }): Promise<Row[]> => {
  const rows: Row[] = []
  for (const latency of options.latencies) rows.push(...(await once({ ...options, latency })))
  return rows
}
