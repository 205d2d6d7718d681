// Workload 1: repeat N failed jobs of one recipe: ceil(N / 25) requests at the (scaled) repeat
// quota. The client should get within a few percent of the floor without a single 429.
import { JobsClient } from "@workato-jobs/jobs-api"
import { Effect } from "effect"
import { count429, countRoute, withSimClient } from "./client.js"
import { ticker } from "./progress.js"
import { countRow, floorRow, type Row } from "./report.js"
import { repeatFloor, type Scale } from "./scale.js"

export const repeatThroughput = (options: { readonly jobs: number; readonly scale: Scale }): Promise<Row[]> =>
  withSimClient(options.scale, {}, async (sim, runtime) => {
    const recipe = sim.addRecipe({ name: "Bench: repeat throughput" })
    const ids = sim.addFailures(recipe.id, options.jobs).map((job) => job.id)
    const requests = Math.ceil(options.jobs / 25)
    const stop = ticker(1000, () => `repeat: ${countRoute(sim, "repeat")} of ${requests} requests sent`)
    const started = performance.now()
    const report = await runtime.runPromise(Effect.flatMap(JobsClient, (client) => client.repeat(recipe.id, ids)))
    const wall = (performance.now() - started) / 1000
    stop()
    const enqueued = report.results.filter((r) => r._tag === "Enqueued").length
    const name = `1. repeat ${options.jobs} jobs (${options.scale.label})`
    return [
      floorRow(name, "wall ÷ floor", wall, repeatFloor(requests, options.scale), 1.05),
      countRow(name, "requests sent", countRoute(sim, "repeat"), requests),
      countRow(name, "429s received", count429(sim), 0),
      countRow(name, "jobs enqueued", enqueued, options.jobs)
    ]
  })
