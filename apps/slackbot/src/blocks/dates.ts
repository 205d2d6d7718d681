/**
 * Times in messages: Slack's `<!date^…>` token shows each reader their own time zone
 * ("Today 3:04 PM"); the fallback (UTC) is what clients without it and the
 * notification text show.
 */
import { mrkdwnEscaped } from "./limits.js"

/** An instant: ISO-8601 string, epoch milliseconds or a Date. */
export type Timestamp = string | number | Date

export const toEpochMs = (t: Timestamp | null | undefined): number | undefined => {
  if (t === null || t === undefined) return undefined
  const ms = typeof t === "number" ? t : typeof t === "string" ? Date.parse(t) : t.getTime()
  return Number.isFinite(ms) ? ms : undefined
}

/** "2024-05-01 12:34 UTC" */
export const utcLabel = (ms: number): string => {
  const iso = new Date(ms).toISOString()
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`
}

export const DATE_TIME = "{date_short_pretty} {time}"
export const DATE_TIME_SECS = "{date_short_pretty} {time_secs}"

/**
 * `<!date^epoch^{date_short_pretty} {time}|2024-05-01 12:34 UTC>`, or the (escaped,
 * short) original text when it is not a time.
 */
export const slackDate = (t: Timestamp | null | undefined, format: string = DATE_TIME): string => {
  const ms = toEpochMs(t)
  if (ms === undefined) return t === null || t === undefined ? "unknown time" : mrkdwnEscaped(String(t), 40) || "unknown time"
  return `<!date^${Math.floor(ms / 1000)}^${format}|${utcLabel(ms)}>`
}

const units: ReadonlyArray<readonly [ms: number, one: string, many: string]> = [
  [86_400_000, "day", "days"],
  [3_600_000, "hour", "hours"],
  [60_000, "minute", "minutes"],
  [1_000, "second", "seconds"]
]

/** "2 hours 5 minutes", "45 seconds", "350 ms": the two largest units. */
export const formatDuration = (ms: number): string => {
  if (!Number.isFinite(ms) || ms < 0) return "unknown"
  if (ms < 1000) return `${Math.round(ms)} ms`
  const parts: Array<string> = []
  let rest = Math.round(ms / 1000) * 1000
  for (const [size, one, many] of units) {
    if (parts.length === 2) break
    const n = Math.floor(rest / size)
    if (n > 0) {
      parts.push(`${n.toLocaleString("en-US")} ${n === 1 ? one : many}`)
      rest -= n * size
    } else if (parts.length > 0) {
      break
    }
  }
  return parts.join(" ")
}
