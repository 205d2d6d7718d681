/**
 * AfterBurst: work that can wait until a burst of Slack requests has been answered.
 *
 * Slack gives an app 3 seconds to ack, and a burst of clicks arrives within milliseconds. On
 * one event loop, every bit of work done while requests are still arriving delays the acks of
 * the requests behind it. So work (a click's Bolt processing, a handler's Effect program) is
 * queued and started only once requests have stopped arriving for a moment, or once the
 * oldest has waited MAX_DEFER_MS. It then starts in small rounds, each followed by a turn of
 * Node's event loop (setImmediate runs after the poll phase), so requests that arrive
 * meanwhile are still read and acked between rounds.
 */

/** Tasks started per event-loop turn while others wait. */
const STARTS_PER_ROUND = 4
/** No request for this long ends a burst (a busy 2-core host stalls senders for a few ms). */
const QUIET_MS = 10
/** Work never waits longer than this for a burst to end (200 clicks are acked in ~50 ms). */
const MAX_DEFER_MS = 250

export interface AfterBurst {
  /** A request arrived: queued work keeps waiting until requests stop for a moment. */
  readonly arrived: () => void
  /** Runs `task` after the current burst (FIFO). `task` must not throw. */
  readonly defer: (task: () => void) => void
  /** Forgets the tasks not started yet (the app is stopping); returns how many there were. */
  readonly clear: () => number
}

export const makeAfterBurst = (): AfterBurst => {
  const waiting: Array<{ readonly task: () => void; readonly since: number }> = []
  let lastArrival = Number.NEGATIVE_INFINITY
  let scheduled = false

  const round = () => {
    scheduled = false
    const oldest = waiting[0]
    if (oldest === undefined) return
    const now = performance.now()
    if (now - lastArrival < QUIET_MS && now - oldest.since < MAX_DEFER_MS) return schedule(QUIET_MS)
    for (const item of waiting.splice(0, STARTS_PER_ROUND)) item.task()
    if (waiting.length > 0) schedule(0)
  }
  const schedule = (delayMs: number) => {
    if (scheduled) return
    scheduled = true
    if (delayMs === 0) setImmediate(round)
    else setTimeout(round, delayMs)
  }

  return {
    arrived: () => {
      lastArrival = performance.now()
    },
    defer: (task) => {
      waiting.push({ task, since: performance.now() })
      schedule(QUIET_MS)
    },
    clear: () => waiting.splice(0).length
  }
}
