/**
 * The reservation arithmetic of a quota store, on the store's clock: a new
 * send may leave once the `limit`-th latest reservation is one window plus
 * the margin old, and not before a pause ends. Any window then holds at most
 * `limit` reservations, whatever order they were made in.
 */

export interface ReservationRequest {
  readonly limit: number
  readonly windowMillis: number
  readonly marginMillis: number
}

/** The earliest send time for a new reservation; `times` are earlier reservations, ascending. */
export const nextSendAt = (
  times: ReadonlyArray<number>,
  request: ReservationRequest,
  now: number,
  pausedUntil: number
): number => {
  const at = Math.max(now, pausedUntil)
  const limitth = times[times.length - request.limit]
  return limitth === undefined ? at : Math.max(at, limitth + request.windowMillis + request.marginMillis)
}

/** Inserts `at` in order, keeping only the latest `keep` (older ones cannot constrain a later send). */
export const record = (times: Array<number>, at: number, keep: number): void => {
  let i = times.length
  while (i > 0 && times[i - 1]! > at) i--
  times.splice(i, 0, at)
  if (times.length > keep) times.splice(0, times.length - keep)
}
