// The benchmark's quotas: Workato's published ones multiplied on both sides (simulator and
// client) so that each workload runs in seconds to a minute; every figure is a ratio, so the
// scale cancels out.
export interface Scale {
  readonly label: string
  readonly repeatPerSecond: number
  readonly cancelPerSecond: number
  readonly otherPerMinute: number
}

/** Both classes ×`factor`, or repeat/cancel ×`factor` and list/get ×`otherFactor`. */
export const scaled = (factor: number, otherFactor = factor): Scale => ({
  label: factor === otherFactor ? `×${factor} quota` : `repeat ×${factor}, list ×${otherFactor} quota`,
  repeatPerSecond: 1 * factor,
  cancelPerSecond: 1 * factor,
  otherPerMinute: 60 * otherFactor
})

export const quotasOf = (s: Scale) => ({
  repeatPerSecond: s.repeatPerSecond,
  cancelPerSecond: s.cancelPerSecond,
  otherPerMinute: s.otherPerMinute
})

/**
 * The floor of `requests` under a quota of `limit` per `windowSeconds`, counted the way Workato
 * states it (and the simulator enforces it, as a sliding window): the first `limit` requests
 * may go at once, each further batch one window later, so the last request cannot be sent
 * before (ceil(requests / limit) − 1) windows. Zero when everything fits in one window: then
 * the quota cannot be the bottleneck and no ratio is reported.
 */
export const floorSeconds = (requests: number, limit: number, windowSeconds: number) =>
  (Math.ceil(requests / limit) - 1) * windowSeconds

export const repeatFloor = (requests: number, s: Scale) => floorSeconds(requests, s.repeatPerSecond, 1)

export const listFloor = (requests: number, s: Scale) => floorSeconds(requests, s.otherPerMinute, 60)
