/**
 * The simulator as a test peer: started in the test's scope on port 0, on the
 * TestClock's time (so client pacing and sim quotas share virtual time), and
 * a JobsClient on a real HTTP client (undici) pointed at it.
 */
import { HttpClient } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { startSim, type Sim, type SimOptions } from "@workato-jobs/workato-sim"
import { Context, Effect, Layer, Redacted, Runtime, type Scope, TestClock } from "effect"
import { JobsClient, type JobsApiOptions, QuotaStore, type QuotaStoreService, RecipesClient } from "@workato-jobs/jobs-api"
import { heldBySim, inFlight } from "./virtualTime.js"

/** Virtual "now" when a test starts: 2026-01-15T12:00:00Z. */
export const START = Date.UTC(2026, 0, 15, 12, 0, 0)

/** The sim's latency and fault delays are waited on the TestClock too (see `heldBySim`). */
export const simulator = (options: SimOptions = {}): Effect.Effect<Sim, never, Scope.Scope> =>
  Effect.gen(function*() {
    yield* TestClock.setTime(START)
    const clock = yield* Effect.clock
    const runSleep = Runtime.runPromise(yield* Effect.runtime<never>())
    const sleep = (ms: number) => {
      heldBySim.count++
      return runSleep(Effect.sleep(ms)).finally(() => heldBySim.count--)
    }
    return yield* Effect.acquireRelease(
      Effect.promise(() => startSim({ now: () => clock.unsafeCurrentTimeMillis(), sleep, ...options })),
      (sim) => Effect.promise(() => sim.close())
    )
  })

/** undici, with every request registered in `inFlight` while it runs (see `runVirtual`). */
const TrackedHttpClient = Layer.effect(
  HttpClient.HttpClient,
  Effect.map(HttpClient.HttpClient, (client) =>
    HttpClient.transformResponse(client, (response) =>
      Effect.suspend(() => {
        const request = { startedAt: Date.now() }
        inFlight.add(request)
        return Effect.ensuring(response, Effect.sync(() => inFlight.delete(request)))
      })))
).pipe(Layer.provide(NodeHttpClient.layerUndici))

/**
 * A JobsClient for `sim`, built in the test's scope (its quotas live as long as the test); with
 * `store`, its quotas are reserved there (clients given the same store share them).
 */
export const clientFor = (
  sim: Pick<Sim, "url" | "token">,
  options: Partial<JobsApiOptions> = {},
  store?: QuotaStoreService
): Effect.Effect<JobsClient, never, Scope.Scope> =>
  Layer.build(
    JobsClient.layer({ token: Redacted.make(sim.token), baseUrl: sim.url, ...options }).pipe(
      Layer.provide(TrackedHttpClient),
      Layer.provide(store === undefined ? Layer.empty : QuotaStore.layer(store))
    )
  ).pipe(Effect.map(Context.get(JobsClient)), Effect.orDie)

/** A RecipesClient for `sim` (same tracked HTTP client), built in the test's scope. */
export const recipesClientFor = (
  sim: Pick<Sim, "url" | "token">,
  options: Partial<JobsApiOptions> = {},
  recipesPerMinute?: number
): Effect.Effect<RecipesClient, never, Scope.Scope> =>
  Layer.build(
    RecipesClient.layer({ token: Redacted.make(sim.token), baseUrl: sim.url, ...options, recipesPerMinute }).pipe(Layer.provide(TrackedHttpClient))
  ).pipe(Effect.map(Context.get(RecipesClient)), Effect.orDie)

/** Adds `n` jobs one second apart (distinct `started_at`, oldest first). */
export const addJobs = (
  sim: Sim,
  recipeId: number,
  n: number,
  input: { readonly from?: number; readonly status?: "failed" | "succeeded" | "pending" } = {}
) => {
  const from = input.from ?? START - 24 * 3600_000
  return Array.from({ length: n }, (_, i) =>
    sim.addJob(recipeId, {
      status: input.status ?? (i % 3 === 0 ? "failed" : "succeeded"),
      startedAt: from + i * 1000,
      ...(input.status === "pending" ? { completedAt: null } : {})
    }))
}

/** Requests that reached the sim for one route. */
export const requestsTo = (sim: Sim, route: string) => sim.requests.filter((r) => r.route === route)

/** Every 429 the sim answered, on any route. */
export const tooManyRequests = (sim: Sim) => sim.requests.filter((r) => r.status === 429).length

/** The most requests any window of `windowMs` (sim clock) saw; a window is [t, t + windowMs). */
export const busiestWindow = (at: ReadonlyArray<number>, windowMs: number) => {
  const sorted = [...at].sort((a, b) => a - b)
  let most = 0
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= windowMs) j++
    most = Math.max(most, i - j + 1)
  }
  return most
}

/** Gaps between successive accepted requests of a route (sim clock, ms). */
export const acceptedGaps = (sim: Sim, route: string) => {
  const at = requestsTo(sim, route).filter((r) => r.status === 200).map((r) => r.at)
  return at.slice(1).map((t, i) => t - at[i]!)
}
