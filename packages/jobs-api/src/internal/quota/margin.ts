/**
 * The safety margin added to one window between two sends of one slot.
 *
 * Workato counts a request when it gets there, some time after we send it.
 * Sends one window apart can reach it less than a window apart when the
 * earlier one took longer on its way: the margin is what covers that. It is
 * learned from what we can observe:
 * - the mean deviation of the last round trips (a steady link: ~0; a
 *   jittery one: wider),
 * - how late our timers fire compared with the reserved send times,
 * - a penalty that each 429 doubles (a 429 proves the margin was too small)
 *   and each other answer shrinks by a tenth, so it decays back.
 */

const history = 16

export interface Margin {
  /** Latest round trips (ms), oldest first. */
  readonly rtts: ReadonlyArray<number>
  /** Latest send delays behind the reserved time (ms), oldest first. */
  readonly lateness: ReadonlyArray<number>
  readonly penaltyMillis: number
}

export const initial: Margin = { rtts: [], lateness: [], penaltyMillis: 0 }

const push = (xs: ReadonlyArray<number>, x: number) => [...xs.slice(-(history - 1)), x]

const mean = (xs: ReadonlyArray<number>) => xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length

export const meanDeviation = (xs: ReadonlyArray<number>): number => {
  const m = mean(xs)
  return mean(xs.map((x) => Math.abs(x - m)))
}

export const meanRtt = (margin: Margin): number => mean(margin.rtts)

/** A send happened `latenessMillis` after its reserved time. */
export const sent = (margin: Margin, latenessMillis: number): Margin => ({
  ...margin,
  lateness: push(margin.lateness, Math.max(0, latenessMillis))
})

/** Below this a penalty is dropped. */
const negligibleMillis = 1
const decay = 0.9

/** An answer that was not a 429. */
export const answered = (margin: Margin, rttMillis: number): Margin => {
  const penaltyMillis = margin.penaltyMillis * decay
  return { ...margin, rtts: push(margin.rtts, rttMillis), penaltyMillis: penaltyMillis < negligibleMillis ? 0 : penaltyMillis }
}

const firstPenaltyMillis = 10

/**
 * A 429: the penalty doubles, starting from a quarter of the mean round trip
 * (at least 10 ms), never beyond one window.
 */
export const throttled = (margin: Margin, rttMillis: number, windowMillis: number): Margin => {
  const rtts = push(margin.rtts, rttMillis)
  const step = Math.max(firstPenaltyMillis, mean(rtts) / 4)
  return { ...margin, rtts, penaltyMillis: Math.min(windowMillis, Math.max(2 * margin.penaltyMillis, step)) }
}

/** The margin in whole milliseconds: 1 ms (servers that count a request exactly one window old as inside it) + the rest. */
export const millis = (margin: Margin): number =>
  Math.ceil(1 + Math.max(0, ...margin.lateness) + meanDeviation(margin.rtts) + margin.penaltyMillis)
