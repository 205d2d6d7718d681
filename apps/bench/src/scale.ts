// The benchmark's quotas: Workato's published ones multiplied on both sides (simulator and
// client) so that each workload runs in seconds; every figure is a ratio, so the scale cancels.
export interface Scale {
  readonly factor: number
  readonly repeatPerSecond: number
  readonly cancelPerSecond: number
  readonly otherPerMinute: number
}

export const scaled = (factor: number): Scale => ({
  factor,
  repeatPerSecond: 1 * factor,
  cancelPerSecond: 1 * factor,
  otherPerMinute: 60 * factor
})

export const quotasOf = (s: Scale) => ({
  repeatPerSecond: s.repeatPerSecond,
  cancelPerSecond: s.cancelPerSecond,
  otherPerMinute: s.otherPerMinute
})
