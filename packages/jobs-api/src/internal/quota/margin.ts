/**
 * The safety margin added to one window between two sends of one slot.
 *
 * Workato counts a request when it gets there, some time after we send it.
 * Sends one window apart can reach it less than a window apart when the
 * earlier one took longer on its way: the margin is what covers that. It is
 * learned from what we can observe:
 * - the mean deviation of the last round trips (a steady link: ~0; a
 *   jittery one: wider), scaled by how much we still trust it: a round
 *   trip cannot tell the way in (which matters) from the way back and the
 *   processing (which do not), so each answer without a 429 trusts it a
 *   little less (down to a quarter), and a 429 trusts it fully again,
 * - how late our requests reached the HTTP client behind their reserved send
 *   times (late timers, a busy event loop), the worst of the last window's
 *   sends (a send holds back the sends one window after it, so its lateness
 *   must be remembered that long: a minute for the 60/min class) and of at
 *   least the last 16,
 * - a penalty that each 429 doubles (a 429 proves the margin was too small)
 *   and each other answer shrinks by a tenth, so it decays back.
 * Until the connection pool is warm, the first requests on each new
 * connection are slower on their way (TCP and TLS handshakes, a cold client),
 * which no round trip shows in advance: sends reserved until as many answers
 * came back as requests fly at once get a cold-start allowance.
 */

const history = 16
// Bounds the memory of a busy class (the 60/min class raised a lot): the oldest go first.
const maxLateness = 4096

/** One send: when it went (ms, the limiter's clock) and how late behind its reserved time. */
export interface Lateness {
  readonly at: number
  readonly millis: number
}

export interface Margin {
  /** Latest round trips (ms), oldest first. */
  readonly rtts: ReadonlyArray<number>
  /** Send delays behind the reserved time, oldest first: the last window's, at least the last 16. */
  readonly lateness: ReadonlyArray<Lateness>
  readonly penaltyMillis: number
  /** Answers received so far (any status). */
  readonly answers: number
  /** When the penalty last grew (ms, the limiter's clock). */
  readonly throttledAt: number
  /** Share of the round trips' deviation counted (1 … `minTrust`). */
  readonly trust: number
}

export const initial: Margin = { rtts: [], lateness: [], penaltyMillis: 0, answers: 0, throttledAt: Number.NEGATIVE_INFINITY, trust: 1 }

const push = (xs: ReadonlyArray<number>, x: number) => [...xs.slice(-(history - 1)), x]

const mean = (xs: ReadonlyArray<number>) => xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length

export const meanDeviation = (xs: ReadonlyArray<number>): number => {
  const m = mean(xs)
  return mean(xs.map((x) => Math.abs(x - m)))
}

export const meanRtt = (margin: Margin): number => mean(margin.rtts)

/** A send went at `now`, `latenessMillis` after its reserved time. */
export const sent = (margin: Margin, latenessMillis: number, now: number, windowMillis: number): Margin => {
  const all = [...margin.lateness, { at: now, millis: Math.max(0, latenessMillis) }]
  const recent = all.findIndex((entry) => entry.at >= now - windowMillis)
  const from = Math.max(0, Math.min(recent === -1 ? all.length : recent, all.length - history), all.length - maxLateness)
  return { ...margin, lateness: all.slice(from) }
}

const worstLateness = (margin: Margin): number => margin.lateness.reduce((worst, entry) => Math.max(worst, entry.millis), 0)

/** Below this a penalty is dropped. */
const negligibleMillis = 1
const decay = 0.9
const trustDecay = 0.97
const minTrust = 0.25

/** An answer that was not a 429. */
export const answered = (margin: Margin, rttMillis: number): Margin => {
  const penaltyMillis = margin.penaltyMillis * decay
  return {
    ...margin,
    rtts: push(margin.rtts, rttMillis),
    penaltyMillis: penaltyMillis < negligibleMillis ? 0 : penaltyMillis,
    answers: margin.answers + 1,
    trust: Math.max(minTrust, margin.trust * trustDecay)
  }
}

const firstPenaltyMillis = 10

/**
 * A 429: the penalty doubles, starting from a quarter of the mean round trip
 * (at least 10 ms, at most a twentieth of the window), never beyond one
 * window. The 429s of one window are one event: they grow it once.
 */
export const throttled = (margin: Margin, rttMillis: number, windowMillis: number, now: number): Margin => {
  const rtts = push(margin.rtts, rttMillis)
  const answers = margin.answers + 1
  if (now - margin.throttledAt < windowMillis) return { ...margin, rtts, answers, trust: 1 }
  const step = Math.max(firstPenaltyMillis, Math.min(windowMillis / 20, mean(rtts) / 4))
  return {
    ...margin,
    rtts,
    answers,
    trust: 1,
    throttledAt: now,
    penaltyMillis: Math.min(windowMillis, Math.max(2 * margin.penaltyMillis, step))
  }
}

// A tenth of a window, at most 250 ms (about a TLS handshake on a slow link): once per client.
const coldFraction = 0.1
const coldMaxMillis = 250

/** The cold-start allowance for a window. */
export const coldMillis = (windowMillis: number): number => Math.min(coldMaxMillis, Math.ceil(windowMillis * coldFraction))

/**
 * The margin in whole milliseconds: 1 ms (servers that count a request
 * exactly one window old as inside it) + the rest; with the cold-start
 * allowance until `warmAfter` answers came back.
 */
export const millis = (margin: Margin, windowMillis: number, warmAfter: number): number => {
  const observed = worstLateness(margin) + margin.trust * meanDeviation(margin.rtts)
  const cold = margin.answers < warmAfter ? coldMillis(windowMillis) : 0
  return Math.ceil(1 + Math.max(observed, cold) + margin.penaltyMillis)
}
