// The root README's library example, kept here so that it is typechecked.
import { NodeHttpClient, NodeRuntime } from "@effect/platform-node"
import { JobsClient, masterJobId, RepeatResult } from "@workato-jobs/jobs-api"
import { Config, Effect, Layer, Stream } from "effect"

const program = Effect.gen(function*() {
  const jobs = yield* JobsClient
  const page = yield* jobs.list(100001, { status: "failed" })            // one page + counters
  const failed = yield* jobs.stream(100001, { status: "failed" }).pipe(  // every page, newest first
    Stream.take(30),
    Stream.runCollect
  )
  const report = yield* jobs.repeat(100001, Array.from(failed, masterJobId)) // chunks of 25, paced
  for (const result of report.results) {
    yield* Effect.log(RepeatResult.$match(result, {
      Enqueued: ({ jobId, newJobId }) => `${jobId} → ${newJobId}`,
      Rejected: ({ jobId, error }) => `${jobId}: ${error.message}`,       // per type_id
      Unknown: ({ jobId }) => `${jobId}: outcome unknown, check before trying again`,
      NotSent: ({ jobId, cause }) => `${jobId}: not sent (${cause._tag})`
    }))
  }
  yield* Effect.log(`${page.job_failed_count} failed jobs in all; see ${jobs.recipeUrl(100001)}`)
})

// This script's choice of variables (the library reads none); you pick the HTTP transport.
// Build this layer once per process: its rate limiters are shared by every caller.
const JobsLive = JobsClient.layerConfig({
  token: Config.redacted("WORKATO_API_TOKEN"),
  baseUrl: Config.url("WORKATO_BASE_URL").pipe(Config.withDefault(undefined))
}).pipe(Layer.provide(NodeHttpClient.layerUndici))

program.pipe(
  Effect.provide(JobsLive),
  Effect.catchTags({ Unauthorized: (e) => Effect.logError(e.message), NotFound: (e) => Effect.logError(e.message) }),
  NodeRuntime.runMain
)
