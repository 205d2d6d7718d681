/**
 * Adaptive quotas (opt-in), for Enterprise workspaces whose quotas were
 * raised above the published ones: the rate probes upwards while requests
 * are waiting and settles just below the lowest rate that drew a 429.
 *
 * Anchored on the AWS SDK's adaptive retry mode, which uses CUBIC (RFC 9438)
 * on a request rate: after a 429 at rate r the rate drops to β·r (β = 0.7)
 * and then grows as C·(t − K)³ + r, K = ∛(r·(1 − β)/C), C = 0.4, t seconds
 * since the 429 (flat near r, faster away from it); growth is capped at
 * twice the rate actually sent, so an idle client does not build up a rate
 * it never tried. Differences: the rate never goes below the configured
 * (published) quota; it is applied as a whole number of requests per
 * Workato window (2.5/s as "2 per second", never "2 per 800 ms", which
 * would put 4 in some second); and the lowest such limit that drew a 429 is
 * remembered as a ceiling: the rate stays under it (one request per window
 * less) until `reprobeMillis` pass without a 429 (the quota may be raised).
 */

const beta = 0.7
const c = 0.4

export interface Adaptive {
  /** Requests per second never to go below (the configured quota). */
  readonly baseRate: number
  /** Workato's window for this class, in seconds. */
  readonly windowSeconds: number
  /** The rate growth started from (CUBIC's W_max), and when (ms). */
  readonly maxRate: number
  readonly since: number
  readonly ceiling: number | undefined
  readonly lastThrottle: number | undefined
  /** The latest send times (ms), to measure the rate actually sent. */
  readonly sends: ReadonlyArray<number>
}

export const initial = (baseRate: number, windowSeconds: number, now: number): Adaptive => ({
  baseRate,
  windowSeconds,
  // As if a 429 had happened at the base rate K seconds ago: growth starts at the base rate.
  maxRate: baseRate,
  since: now - 1000 * Math.cbrt(baseRate * (1 - beta) / c),
  ceiling: undefined,
  lastThrottle: undefined,
  sends: []
})

const measuredRate = (sends: ReadonlyArray<number>): number | undefined => {
  if (sends.length < 2) return undefined
  const span = (sends[sends.length - 1]! - sends[0]!) / 1000
  return span <= 0 ? undefined : (sends.length - 1) / span
}

/** The rate (requests per second) to pace at `now`. */
export const rate = (state: Adaptive, now: number): number => {
  const t = (now - state.since) / 1000
  const k = Math.cbrt(state.maxRate * (1 - beta) / c)
  let r = c * (t - k) ** 3 + state.maxRate
  const measured = measuredRate(state.sends)
  // Twice the measured rate, rounded up to a whole request per window (else 1/s could never become 2/s).
  if (measured !== undefined) r = Math.min(r, Math.ceil(2 * measured * state.windowSeconds) / state.windowSeconds)
  if (state.ceiling !== undefined) r = Math.min(r, state.ceiling * (1 - 1e-9))
  return Math.max(state.baseRate, r)
}

export const sent = (state: Adaptive, now: number): Adaptive => ({ ...state, sends: [...state.sends.slice(-15), now] })

/**
 * A 429 at `now` while `limitRate` (the limit in force, per second) was
 * applied. 429s within one window of the last one are the same event (those
 * requests were already on their way).
 */
export const throttled = (state: Adaptive, now: number, windowMillis: number, limitRate: number): Adaptive => {
  if (state.lastThrottle !== undefined && now - state.lastThrottle < windowMillis) return state
  const current = rate(state, now)
  const ceiling = limitRate <= state.baseRate ? state.ceiling : Math.min(state.ceiling ?? Infinity, limitRate)
  const maxRate = Math.max(state.baseRate, current)
  const dropped = Math.max(state.baseRate, beta * current)
  // Restart the curve so that it passes through `dropped` now: since = now − (K − ∛((maxRate − dropped)/C)).
  const k = Math.cbrt(maxRate * (1 - beta) / c)
  const back = k - Math.cbrt((maxRate - dropped) / c)
  return { ...state, maxRate, since: now - 1000 * back, ceiling, lastThrottle: now }
}

/** No 429 for `reprobeMillis`: forget the ceiling (the quota may have been raised). */
export const expireCeiling = (state: Adaptive, now: number, reprobeMillis: number): Adaptive =>
  state.ceiling !== undefined && state.lastThrottle !== undefined && now - state.lastThrottle >= reprobeMillis
    ? { ...state, ceiling: undefined }
    : state
