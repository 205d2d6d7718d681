// A JobsClient runtime for one workload: the real client over Node's HTTP stack, pointed at
// the simulator, with the workload's (scaled) quotas. One runtime = one shared set of limiters.
import { NodeHttpClient } from "@effect/platform-node"
import { JobsClient } from "@workato-jobs/jobs-api"
import { type Sim, type SimOptions, startSim } from "@workato-jobs/workato-sim"
import { Layer, ManagedRuntime } from "effect"
import { quotasOf, type Scale } from "./scale.js"

/** Built before it is returned, so that no workload's wall time includes building the layer. */
export const clientRuntime = async (sim: Sim, scale: Scale) => {
  const runtime = ManagedRuntime.make(
    JobsClient.layer({ token: sim.token, baseUrl: sim.url, limits: quotasOf(scale) }).pipe(
      Layer.provide(NodeHttpClient.layerUndici)
    )
  )
  await runtime.runtime()
  return runtime
}

export type ClientRuntime = Awaited<ReturnType<typeof clientRuntime>>

/** A simulator with the scale's quotas (unless `simOptions` says otherwise) and a client for it, for one run. */
export const withSimClient = async <A>(
  scale: Scale,
  simOptions: SimOptions,
  run: (sim: Sim, runtime: ClientRuntime) => Promise<A>
): Promise<A> => {
  const sim = await startSim({ quotas: quotasOf(scale), requestLogLimit: 0, ...simOptions })
  try {
    const runtime = await clientRuntime(sim, scale)
    try {
      return await run(sim, runtime)
    } finally {
      await runtime.dispose()
    }
  } finally {
    await sim.close()
  }
}

export const count429 = (sim: Sim) =>
  Object.values(sim.counts()).reduce((n, route) => n + (route?.byStatus[429] ?? 0), 0)

export const countRoute = (sim: Sim, route: "list" | "repeat") => sim.counts()[route]?.total ?? 0
