/**
 * The retry schedule: `Retry-After` when Workato sent it, else jittered
 * exponential backoff; at most `policy.times` retries, and never a sleep that
 * would end past `policy.maxElapsed` after the first attempt started.
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Random from "effect/Random"
import * as Schedule from "effect/Schedule"
import type { RetryPolicy } from "../JobsApiConfig.js"
import type { JobsApiError } from "../JobsApiError.js"

const delayFor = (policy: RetryPolicy, error: JobsApiError, retry: number): Effect.Effect<Duration.Duration> => {
  if (error._tag === "RateLimited" && error.retryAfter !== undefined) return Effect.succeed(error.retryAfter)
  const exponential = Math.min(
    Duration.toMillis(policy.maxDelay),
    Duration.toMillis(policy.baseDelay) * 2 ** retry
  )
  return Effect.map(Random.nextRange(0.5, 1), (factor) => Duration.millis(Math.round(exponential * factor)))
}

const schedule = (policy: RetryPolicy, startedAt: number): Schedule.Schedule<unknown, JobsApiError> =>
  Schedule.identity<JobsApiError>().pipe(
    Schedule.intersect(Schedule.count),
    Schedule.whileOutput(([, retry]) => retry < policy.times),
    Schedule.mapEffect(([error, retry]) =>
      Effect.gen(function*() {
        const delay = yield* delayFor(policy, error, retry)
        const now = yield* Clock.currentTimeMillis
        return { delay, fits: now - startedAt + Duration.toMillis(delay) <= Duration.toMillis(policy.maxElapsed) }
      })
    ),
    Schedule.whileOutput(({ fits }) => fits),
    Schedule.addDelay(({ delay }) => delay)
  )

/** Runs `attempt`, retrying the failures `retryable` accepts within the policy's budget. */
export const withRetries = <A>(
  attempt: Effect.Effect<A, JobsApiError>,
  policy: RetryPolicy,
  retryable: (error: JobsApiError) => boolean
): Effect.Effect<A, JobsApiError> =>
  Effect.flatMap(Clock.currentTimeMillis, (startedAt) =>
    Effect.retry(attempt, { schedule: schedule(policy, startedAt), while: retryable }))
