// The root README's "from npm" example: plain node, no TypeScript. scripts/pack-check.sh runs it
// from a fresh npm project against the simulator started by `npx @workato-jobs/workato-sim`.
import { NodeHttpClient } from "@effect/platform-node"
import { JobsClient } from "@workato-jobs/jobs-api"
import { Config, Effect, Layer, Redacted, Stream } from "effect"

// The library reads no environment variable; this script picks its own names.
const JobsLive = JobsClient.layerConfig({
  token: Config.redacted("WORKATO_API_TOKEN").pipe(Config.withDefault(Redacted.make("sim-token"))),
  baseUrl: Config.url("WORKATO_BASE_URL").pipe(Config.withDefault(new URL("http://127.0.0.1:4010")))
}).pipe(Layer.provide(NodeHttpClient.layerUndici))

const failed = await Effect.gen(function*() {
  const jobs = yield* JobsClient
  return yield* jobs.stream(100001, { status: "failed" }).pipe(Stream.runCollect)
}).pipe(Effect.provide(JobsLive), Effect.runPromise)

console.log(`${failed.length} failed jobs, newest: ${[...failed][0]?.id ?? "none"}`)
