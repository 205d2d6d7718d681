/**
 * Human durations for DIGEST_INTERVAL and `/workato watch <id> every <duration>`.
 * One parser for both so the README can document a single syntax.
 */
import { Duration, Either } from "effect"

const UNITS: Record<string, number> = {
  s: 1_000, sec: 1_000, secs: 1_000, second: 1_000, seconds: 1_000,
  m: 60_000, min: 60_000, mins: 60_000, minute: 60_000, minutes: 60_000,
  h: 3_600_000, hr: 3_600_000, hrs: 3_600_000, hour: 3_600_000, hours: 3_600_000,
  d: 86_400_000, day: 86_400_000, days: 86_400_000
}

/** Shortest digest interval: anything faster would spend the Workato list quota on polling. */
export const MIN_INTERVAL = Duration.minutes(1)
/** Longest: a week; a watch that posts less often is better served by `/workato digest`. */
export const MAX_INTERVAL = Duration.days(7)

export const DURATION_SYNTAX = `a number and a unit, e.g. "15 minutes", "30m", "1 hour", "2h" or "1 day" (between 1 minute and 7 days)`

/** Parses "15 minutes", "15m", "1h", "2 hours"… into a Duration within [MIN_INTERVAL, MAX_INTERVAL]. */
export const parseInterval = (input: string): Either.Either<Duration.Duration, string> => {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]+)\s*$/.exec(input)
  const unit = match ? UNITS[match[2]!.toLowerCase()] : undefined
  if (!match || unit === undefined) {
    return Either.left(`"${input.trim()}" is not a duration; use ${DURATION_SYNTAX}`)
  }
  const duration = Duration.millis(Math.round(Number(match[1]) * unit))
  if (Duration.lessThan(duration, MIN_INTERVAL) || Duration.greaterThan(duration, MAX_INTERVAL)) {
    return Either.left(`"${input.trim()}" is out of range; use ${DURATION_SYNTAX}`)
  }
  return Either.right(duration)
}

/** "15 minutes", "1 hour", "90 seconds": the inverse shown back to users. */
export const formatInterval = (duration: Duration.Duration): string => {
  const ms = Duration.toMillis(duration)
  const pick = (size: number, unit: string) => {
    const n = ms / size
    return `${n} ${unit}${n === 1 ? "" : "s"}`
  }
  if (ms % 86_400_000 === 0) return pick(86_400_000, "day")
  if (ms % 3_600_000 === 0) return pick(3_600_000, "hour")
  if (ms % 60_000 === 0) return pick(60_000, "minute")
  return pick(1_000, "second")
}
