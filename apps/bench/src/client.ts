// A JobsClient runtime for one workload: the real client over Node's HTTP stack, pointed at
// the simulator, with the workload's (scaled) quotas. One runtime = one shared set of limiters.
import { NodeHttpClient } from "@effect/platform-node"
import { JobsClient } from "@workato-jobs/jobs-api"
import { type Sim, type SimOptions, startSim } from "@workato-jobs/workato-sim"
import { Layer, ManagedRuntime, Redacted } from "effect"
import { type RemoteSim, startRemoteSim } from "./remoteSim.js"
import { quotasOf, type Scale } from "./scale.js"

/** Built before it is returned, so that no workload's wall time includes building the layer. */
export const clientRuntime = async (sim: Pick<Sim, "url" | "token">, scale: Scale) => {
  const runtime = ManagedRuntime.make(
    JobsClient.layer({ token: Redacted.make(sim.token), baseUrl: sim.url, limits: quotasOf(scale) }).pipe(
      Layer.provide(NodeHttpClient.layerUndici)
    )
  )
  await runtime.runtime()
  return runtime
}

export type ClientRuntime = Awaited<ReturnType<typeof clientRuntime>>

// Starts a simulator, builds a client for it, runs `run`, then disposes of both.
const withClient = async <S extends Pick<Sim, "url" | "token" | "close">, A>(
  start: () => Promise<S>,
  scale: Scale,
  run: (sim: S, runtime: ClientRuntime) => Promise<A>
): Promise<A> => {
  const sim = await start()
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

/** A simulator with the scale's quotas (unless `simOptions` says otherwise) and a client for it, for one run. */
export const withSimClient = <A>(scale: Scale, simOptions: SimOptions, run: (sim: Sim, runtime: ClientRuntime) => Promise<A>) =>
  withClient(() => startSim({ quotas: quotasOf(scale), requestLogLimit: 0, ...simOptions }), scale, run)

/**
 * The same with the simulator in a process of its own (remoteSim.ts), for the workloads that
 * measure pacing: in one process the client's work would delay when the simulator counts.
 */
export const withRemoteSimClient = <A>(
  scale: Scale,
  simOptions: SimOptions,
  run: (sim: RemoteSim, runtime: ClientRuntime) => Promise<A>
) => withClient(() => startRemoteSim({ quotas: quotasOf(scale), requestLogLimit: 0, ...simOptions }), scale, run)

export const count429 = async (sim: RemoteSim) =>
  Object.values(await sim.call("counts")).reduce((n, route) => n + (route?.byStatus[429] ?? 0), 0)

export const countRoute = async (sim: RemoteSim, route: "list" | "repeat") => (await sim.call("counts"))[route]?.total ?? 0
