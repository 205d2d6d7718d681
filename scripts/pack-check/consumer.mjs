// Plain-node ESM consumer of the packed tarballs (run by scripts/pack-check.sh in a fresh
// project outside the workspace). SIM_URL is a simulator started from the sim's `bin`.
import { NodeHttpClient } from "@effect/platform-node"
import { Effect, Layer, Redacted, Stream } from "effect"
import { JobsClient, masterJobId, RepeatResult } from "@workato-jobs/jobs-api"
import { DEFAULT_QUOTAS, startSim } from "@workato-jobs/workato-sim"

const fail = (message) => {
  console.error(`consumer.mjs: ${message}`)
  process.exit(1)
}
const check = (ok, message) => ok || fail(message)
const control = async (path, init) => {
  const res = await fetch(`${url}/_sim${path}`, init)
  check(res.ok, `${init?.method ?? "GET"} /_sim${path} answered ${res.status}`)
  return res.json()
}

const url = process.env.SIM_URL ?? fail("SIM_URL is not set")
const [recipe] = await control("/recipes")
check(recipe !== undefined, "the simulator has no recipe")
const recipeId = recipe.id

// What the simulator holds, from its control API (independent of the client).
const all = await control(`/recipes/${recipeId}/jobs`)
const failed = all.filter((job) => job.status === "failed")
const repeatable = failed.filter((job) => !job.is_poll_error).slice(0, 3)
check(failed.length > 25, `want more than one page of failed jobs, the sim has ${failed.length}`)
check(repeatable.length === 3, "want 3 repeatable failed jobs")

const program = Effect.gen(function*() {
  const jobs = yield* JobsClient
  const page = yield* jobs.list(recipeId, { status: "failed" })
  const streamed = yield* jobs.stream(recipeId, { status: "failed" }).pipe(Stream.runCollect)
  const report = yield* jobs.repeat(recipeId, repeatable.map(masterJobId))
  return { page, streamed: Array.from(streamed), report, link: jobs.jobUrl(recipeId, repeatable[0].id) }
})

const { link, page, report, streamed } = await Effect.runPromise(program.pipe(
  Effect.provide(JobsClient.layer({ token: Redacted.make("pack-check-token"), baseUrl: url }).pipe(
    Layer.provide(NodeHttpClient.layerUndici)
  ))
))

check(page.job_failed_count === failed.length, `list: job_failed_count ${page.job_failed_count}, sim has ${failed.length}`)
check(page.items.length > 0 && page.items.length < failed.length, `list: one page expected, got ${page.items.length} items`)
check(
  JSON.stringify(streamed.map((job) => job.id)) === JSON.stringify(failed.map((job) => job.id)),
  `stream: ${streamed.length} jobs, not the sim's ${failed.length} failed jobs newest first`
)
check(report.results.length === 3, `repeat: ${report.results.length} results for 3 ids`)
for (const [i, result] of report.results.entries()) {
  check(RepeatResult.$is("Enqueued")(result), `repeat ${repeatable[i].id}: ${result._tag}`)
  check(result.jobId === repeatable[i].id, `repeat result ${i} is for ${result.jobId}, not ${repeatable[i].id}`)
  const created = await control(`/jobs/${result.newJobId}`)
  check(created.master_job_id === result.jobId, `the sim's new job ${result.newJobId} is not a repeat of ${result.jobId}`)
}
const counts = await control("/counts")
check(counts.repeat?.total === 1, `3 ids should be one repeat request, the sim saw ${counts.repeat?.total}`)
check(link.startsWith("http") && link.includes(String(recipeId)), `jobUrl: ${link}`)

// The simulator as a library, in the same process.
const sim = await startSim({ recipes: 1, jobsPerRecipe: 3, seed: 3 })
check(sim.recipes().length === 1 && sim.jobs(sim.recipes()[0].id).length === 3, "startSim: unexpected demo data")
check(DEFAULT_QUOTAS.repeatPerSecond === 1, "DEFAULT_QUOTAS.repeatPerSecond")
await sim.close()

console.log(`consumer.mjs: ok (list ${page.items.length}/${page.job_failed_count} failed, stream ${streamed.length}, repeat ${report.results.length} enqueued in ${counts.repeat.total} request)`)
