// The public API as an npm consumer writes it. Type-checked twice: here with the workspace
// (`pnpm typecheck`), and by scripts/pack-check.sh with `tsc --noEmit` in a fresh project against
// the packed .d.ts files. The @ts-expect-error lines fail the check if the types degrade to `any`.
import { NodeHttpClient } from "@effect/platform-node"
import { Effect, Layer, Redacted, Stream } from "effect"
import {
  type InvalidJobIds,
  type JobsApiError,
  JobsClient,
  type JobSummary,
  masterJobId,
  RepeatResult,
  type RepeatReport
} from "@workato-jobs/jobs-api"
import { type Sim, startSim } from "@workato-jobs/workato-sim"

const repeatFailed = (recipeId: number): Effect.Effect<RepeatReport, JobsApiError | InvalidJobIds, JobsClient> =>
  Effect.gen(function*() {
    const jobs = yield* JobsClient
    const failed: ReadonlyArray<JobSummary> = Array.from(
      yield* jobs.stream(recipeId, { status: "failed" }).pipe(Stream.take(30), Stream.runCollect)
    )
    return yield* jobs.repeat(recipeId, failed.map(masterJobId))
  })

const describe = (report: RepeatReport): ReadonlyArray<string> =>
  report.results.map((result) =>
    RepeatResult.$match(result, {
      Enqueued: ({ jobId, newJobId }) => `${jobId} → ${newJobId}`,
      Rejected: ({ error, jobId }) => `${jobId}: ${error.message}`,
      Unknown: ({ jobId }) => `${jobId}: unknown`,
      NotSent: ({ cause, jobId }) => `${jobId}: ${cause._tag}`
    })
  )

const sim: Sim = await startSim({ recipes: 1, jobsPerRecipe: 50 })
const recipeId: number = sim.recipes()[0]!.id

const lines: ReadonlyArray<string> = await repeatFailed(recipeId).pipe(
  Effect.map(describe),
  Effect.provide(JobsClient.layer({ token: Redacted.make(sim.token), baseUrl: sim.url }).pipe(Layer.provide(NodeHttpClient.layerUndici))),
  Effect.runPromise
)
console.log(lines.join("\n"))
await sim.close()

// Mistakes the types must reject (the Effect diagnostics would report the second one twice).
// @effect-diagnostics effect/missingLayerContext:off
// @ts-expect-error a recipe id is a number
export const wrongRecipeId = (jobs: JobsClient) => jobs.list("100001")
// @ts-expect-error the client's layer needs an HttpClient
export const noTransport: Layer.Layer<JobsClient, unknown, never> = JobsClient.layer({ token: Redacted.make("t") })
