// Workload 1: repeat N failed jobs of one recipe: ceil(N / 25) requests at the (scaled) repeat
// quota, once per latency profile. The client should get within a few percent of the floor (the
// quota's, plus one answer's time) without a single 429, however slowly Workato answers.
import { JobsClient } from "@workato-jobs/jobs-api"
import { Effect } from "effect"
import { count429, countRoute, withRemoteSimClient } from "./client.js"
import { applyLatency, type LatencyProfile } from "./latency.js"
import { ticker } from "./progress.js"
import { countRow, floorRow, type Row } from "./report.js"
import { repeatFloor, type Scale } from "./scale.js"

const once = (options: { readonly jobs: number; readonly scale: Scale; readonly latency: LatencyProfile }): Promise<Row[]> =>
  withRemoteSimClient(options.scale, {}, async (sim, runtime) => {
    await applyLatency(sim, options.latency)
    const recipe = await sim.call("addRecipe", { name: "Bench: repeat throughput" })
    const ids = (await sim.call("addFailures", recipe.id, options.jobs)).map((job) => job.id)
    const requests = Math.ceil(options.jobs / 25)
    const stop = ticker(1000, async () => `repeat: ${await countRoute(sim, "repeat")} of ${requests} requests sent`)
    const started = performance.now()
    const report = await runtime.runPromise(Effect.flatMap(JobsClient, (client) => client.repeat(recipe.id, ids)))
    const wall = (performance.now() - started) / 1000
    stop()
    const enqueued = report.results.filter((r) => r._tag === "Enqueued").length
    const name = `1. repeat ${options.jobs} jobs (${options.scale.label}, ${options.latency.label})`
    const floor = repeatFloor(requests, options.scale) + options.latency.meanSeconds
    return [
      floorRow(name, "wall ÷ floor", wall, floor, options.latency.goal),
      countRow(name, "requests sent", await countRoute(sim, "repeat"), requests),
      countRow(name, "429s received", await count429(sim), 0),
      countRow(name, "jobs enqueued", enqueued, options.jobs)
    ]
  })

export const repeatThroughput = async (options: {
  readonly jobs: number
  readonly scale: Scale
  readonly latencies: ReadonlyArray<LatencyProfile>
}): Promise<Row[]> => {
  const rows: Row[] = []
  for (const latency of options.latencies) rows.push(...(await once({ ...options, latency })))
  return rows
}
