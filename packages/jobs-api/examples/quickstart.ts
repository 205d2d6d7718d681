// Quick start (README.md): list, inspect, repeat and cancel jobs.
// Against the simulator:  npx -y pnpm@12.4.2 sim   (prints its URL and token), then
//   WORKATO_API_TOKEN=sim-token WORKATO_BASE_URL=http://127.0.0.1:4010 npx tsx packages/jobs-api/examples/quickstart.ts
import { NodeHttpClient, NodeRuntime } from "@effect/platform-node"
import { Config, Effect, Layer, Stream } from "effect"
import { CancelResult, JobsClient, masterJobId, RepeatResult } from "@workato-jobs/jobs-api"

const recipeId = Number(process.env["RECIPE_ID"] ?? 100001)

const program = Effect.gen(function*() {
  const jobs = yield* JobsClient

  // One page (newest first) with the recipe's lifetime counters.
  const page = yield* jobs.list(recipeId)
  yield* Effect.log(`recipe ${recipeId}: ${page.job_failed_count} failed of ${page.job_count} jobs`)

  // Every failed job across pages, newest → oldest (here: the 30 newest).
  const failed = yield* jobs.stream(recipeId, { status: "failed" }).pipe(Stream.take(30), Stream.runCollect)

  // One job's detail, and its page in Workato's web UI.
  const [newest] = failed
  if (newest !== undefined) {
    const detail = yield* jobs.get(recipeId, newest.id)
    const failedStep = detail.lines.find((line) => line.error !== null)
    yield* Effect.log(`${newest.id}: ${failedStep?.error ?? detail.error} (${jobs.jobUrl(recipeId, newest.id)})`)
  }

  // Repeat them: only master jobs can be repeated; ids are de-duplicated and sent in paced chunks of 25.
  const repeated = yield* jobs.repeat(recipeId, Array.from(failed, masterJobId))
  for (const result of repeated.results) {
    yield* Effect.log(RepeatResult.$match(result, {
      Enqueued: ({ jobId, newJobId }) => `repeat ${jobId}: enqueued as ${newJobId}`,
      Rejected: ({ error, jobId }) => `repeat ${jobId}: refused (${error._tag})`,
      Unknown: ({ jobId }) => `repeat ${jobId}: outcome unknown, check the job before trying again`,
      NotSent: ({ cause, jobId }) => `repeat ${jobId}: not sent (${cause.message})`
    }))
  }

  // Cancel what is still running (the repeats just enqueued, for instance).
  const running = yield* jobs.stream(recipeId, { status: "pending" }).pipe(Stream.runCollect)
  if (running.length > 0) {
    const cancelled = yield* jobs.cancel(recipeId, Array.from(running, (job) => job.id))
    const accepted = cancelled.results.filter(CancelResult.$is("Enqueued")).length
    yield* Effect.log(`cancel: ${accepted} of ${cancelled.results.length} accepted`)
  }
})

// The library reads no environment variable: this script names its own (WORKATO_API_TOKEN,
// WORKATO_BASE_URL) through Config; the transport is yours to choose (NodeHttpClient.layerUndici,
// FetchHttpClient.layer, ...).
const MainLive = JobsClient.layerConfig({
  token: Config.redacted("WORKATO_API_TOKEN"),
  baseUrl: Config.url("WORKATO_BASE_URL").pipe(Config.withDefault(undefined))
}).pipe(Layer.provide(NodeHttpClient.layerUndici))

program.pipe(Effect.provide(MainLive), NodeRuntime.runMain)
