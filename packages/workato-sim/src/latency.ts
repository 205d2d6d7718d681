// Per-route latency: a fixed delay or one drawn uniformly from [minMs, maxMs] per request (seeded,
// so a run is reproducible), split between the request's way in (before the sim counts it against
// the quota) and the answer's way out. The default puts it all on the answer: the request is
// counted as soon as it arrives, and the delay stands for Workato's processing and the way back.
import { SimInputError } from "./model.js"
import type { Prng } from "./prng.js"

export interface Latency {
  readonly minMs: number
  readonly maxMs: number
  /** Share of each delay spent before the request is counted (0–1); default 0. */
  readonly beforeCounting?: number
}

/** One request's delays, in ms. */
export interface Delays {
  readonly beforeMs: number
  readonly afterMs: number
}

export const noDelay: Delays = { beforeMs: 0, afterMs: 0 }

/** A fixed `ms` or a `Latency`; throws `SimInputError` saying what is wrong. */
export const checkLatency = (input: number | Latency): Latency => {
  const latency = typeof input === "number" ? { minMs: input, maxMs: input } : input
  const { beforeCounting = 0, maxMs, minMs } = latency
  if (!Number.isFinite(minMs) || minMs < 0) throw new SimInputError(`Latency must be >= 0 ms: ${minMs}`)
  if (!Number.isFinite(maxMs) || maxMs < minMs) {
    throw new SimInputError(`Latency maxMs must be a number >= minMs (${minMs}): ${maxMs}`)
  }
  if (!Number.isFinite(beforeCounting) || beforeCounting < 0 || beforeCounting > 1) {
    throw new SimInputError(`Latency beforeCounting must be between 0 and 1: ${beforeCounting}`)
  }
  return { minMs, maxMs, beforeCounting }
}

export const isZero = (latency: Latency): boolean => latency.maxMs === 0

/** Draws one request's delays. */
export const draw = (latency: Latency, prng: Prng): Delays => {
  const total = Math.round(latency.minMs + (latency.maxMs - latency.minMs) * prng.next())
  const beforeMs = Math.round(total * (latency.beforeCounting ?? 0))
  return { beforeMs, afterMs: total - beforeMs }
}
