// Workload 1: repeat N failed jobs of one recipe. Floor = ceil(N / 25) requests at the
// (scaled) repeat quota; the client should get within a few percent of it without a 429.
import { JobsClient } from "@workato-jobs/jobs-api"
import { startSim } from "@workato-jobs/workato-sim"
import { Effect } from "effect"
import { clientRuntime, count429, countRoute } from "./client.js"
import { ticker } from "./progress.js"
import { ratio, type Row } from "./report.js"
import { quotasOf, type Scale } from "./scale.js"

export const repeatFloorSeconds = (jobs: number, scale: Scale) => Math.ceil(jobs / 25) / scale.repeatPerSecond

export const repeatThroughput = async (options: { readonly jobs: number; readonly scale: Scale }): Promise<Row[]> => {
  const sim = await startSim({ quotas: quotasOf(options.scale) })
  const runtime = clientRuntime(sim, options.scale)
  try {
    const recipe = sim.addRecipe({ name: "Bench: repeat throughput" })
    const ids = sim.addFailures(recipe.id, options.jobs).map((job) => job.id)
    const stop = ticker(1000, () => `repeat: ${countRoute(sim, "repeat")} requests sent`)
    const started = performance.now()
    const report = await runtime.runPromise(Effect.flatMap(JobsClient, (client) => client.repeat(recipe.id, ids)))
    const wall = (performance.now() - started) / 1000
    stop()
    const enqueued = report.results.filter((r) => r._tag === "Enqueued").length
    const floor = repeatFloorSeconds(options.jobs, options.scale)
    const rejected = count429(sim)
    const name = `1. repeat ${options.jobs} jobs (×${options.scale.factor} quota)`
    return [
      { workload: name, figure: "wall ÷ floor", value: `${ratio(wall / floor)} (${wall.toFixed(2)} s ÷ ${floor.toFixed(2)} s)`, goal: "≤ 1.05", met: wall / floor <= 1.05 },
      { workload: name, figure: "requests sent", value: String(countRoute(sim, "repeat")), goal: `${Math.ceil(options.jobs / 25)}`, met: countRoute(sim, "repeat") === Math.ceil(options.jobs / 25) },
      { workload: name, figure: "429s received", value: String(rejected), goal: "0", met: rejected === 0 },
      { workload: name, figure: "jobs enqueued", value: String(enqueued), goal: String(options.jobs), met: enqueued === options.jobs }
    ]
  } finally {
    await runtime.dispose()
    await sim.close()
  }
}
