// How slow the simulated Workato answers in a workload: fixed, or jittered per request. The delay
// is on the answer (the sim counts a request when it arrives, as we assume Workato does); the
// floors add one mean answer time, since no client can have the last answer before it arrives.
import type { Latency } from "@workato-jobs/workato-sim"
import type { RemoteSim } from "./remoteSim.js"

export interface LatencyProfile {
  readonly label: string
  readonly setting: number | Latency
  readonly meanSeconds: number
  /** Goal of "wall ÷ floor" under this latency (jitter costs the margin that covers it). */
  readonly goal: number
}

export const fixedLatency = (ms: number): LatencyProfile => ({
  label: ms === 0 ? "0 ms" : ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`,
  setting: ms,
  meanSeconds: ms / 1000,
  goal: 1.05
})

export const jitteredLatency = (minMs: number, maxMs: number): LatencyProfile => ({
  label: `jitter ${minMs}–${maxMs} ms`,
  setting: { minMs, maxMs },
  meanSeconds: (minMs + maxMs) / 2000,
  goal: 1.15
})

/** The four profiles of the pacing benchmarks. */
export const latencies: ReadonlyArray<LatencyProfile> = [
  fixedLatency(0),
  fixedLatency(300),
  fixedLatency(1000),
  jitteredLatency(200, 800)
]

export const applyLatency = (sim: RemoteSim, profile: LatencyProfile) => sim.call("setLatency", "any", profile.setting)
