import { assert, describe, it } from "@effect/vitest"
import { Chunk, Effect, Stream } from "effect"
import { addJobs, clientFor, requestsTo, simulator, START, tooManyRequests } from "./support/sim.js"
import { runVirtual } from "./support/virtualTime.js"

const collect = <A, E>(stream: Stream.Stream<A, E>) => Effect.map(Stream.runCollect(stream), Chunk.toReadonlyArray)

describe("list", () => {
  it.scoped("one page with the four counters, newest first", () =>
    Effect.gen(function*() {
      const sim = yield* simulator({ pageSize: 5 })
      const recipe = sim.addRecipe({ name: "Orders" })
      addJobs(sim, recipe.id, 8)
      const jobs = yield* clientFor(sim)
      const page = yield* jobs.list(recipe.id)
      assert.strictEqual(page.job_count, 8)
      assert.strictEqual(page.job_failed_count + page.job_succeeded_count, 8)
      assert.strictEqual(page.job_scope_count, 8)
      assert.deepStrictEqual(page.items.map((j) => j.id), sim.jobs(recipe.id).slice(0, 5).map((j) => j.id))
    }))

  it.scoped("filters and cursor are sent as documented query parameters", () =>
    Effect.gen(function*() {
      const sim = yield* simulator({ pageSize: 5 })
      const recipe = sim.addRecipe()
      const added = addJobs(sim, recipe.id, 12)
      const jobs = yield* clientFor(sim)
      const failed = yield* jobs.list(recipe.id, { status: "failed" })
      assert.isTrue(failed.items.length > 0 && failed.items.every((j) => j.status === "failed" && j.is_error === true))
      const older = yield* jobs.list(recipe.id, { offsetJobId: added[6]!.id, rerunOnly: false })
      assert.deepStrictEqual(older.items.map((j) => j.id), added.slice(1, 6).reverse().map((j) => j.id))
      const query = requestsTo(sim, "list").map((r) => r.query)
      assert.deepStrictEqual(query, [{ status: "failed" }, { offset_job_id: added[6]!.id, rerun_only: "false" }])
    }))
})

describe("stream", () => {
  it.scoped("walks every page, newest → oldest, without gap or duplicate", () =>
    Effect.gen(function*() {
      const sim = yield* simulator({ pageSize: 7 })
      const recipe = sim.addRecipe()
      addJobs(sim, recipe.id, 100)
      const jobs = yield* clientFor(sim)
      const all = yield* collect(jobs.stream(recipe.id))
      assert.deepStrictEqual(all.map((j) => j.id), sim.jobs(recipe.id).map((j) => j.id))
      assert.strictEqual(new Set(all.map((j) => j.id)).size, 100)
      // 15 pages with jobs, then the empty page that ends the walk
      assert.strictEqual(requestsTo(sim, "list").length, 16)
    }))

  it.scoped("more pages than the per-minute quota: paced, still complete, zero 429s", () =>
    Effect.gen(function*() {
      const sim = yield* simulator({ pageSize: 2 })
      const recipe = sim.addRecipe()
      addJobs(sim, recipe.id, 140)
      const jobs = yield* clientFor(sim)
      const all = yield* runVirtual(collect(jobs.stream(recipe.id)), { step: "1 second" })
      assert.deepStrictEqual(all.map((j) => j.id), sim.jobs(recipe.id).map((j) => j.id))
      assert.strictEqual(requestsTo(sim, "list").length, 71)
      assert.strictEqual(tooManyRequests(sim), 0)
      const at = requestsTo(sim, "list").map((r) => r.at)
      for (let i = 60; i < at.length; i++) assert.isAtLeast(at[i]! - at[i - 60]!, 60_000)
    }))

  it.scoped("with a status filter, and stopping early only fetches what is needed", () =>
    Effect.gen(function*() {
      const sim = yield* simulator({ pageSize: 4 })
      const recipe = sim.addRecipe()
      addJobs(sim, recipe.id, 30)
      const jobs = yield* clientFor(sim)
      const failed = yield* collect(jobs.stream(recipe.id, { status: "failed" }))
      assert.deepStrictEqual(
        failed.map((j) => j.id),
        sim.jobs(recipe.id).filter((j) => j.status === "failed").map((j) => j.id)
      )
      sim.resetCounts()
      const firstSix = yield* collect(jobs.stream(recipe.id).pipe(Stream.take(6)))
      assert.strictEqual(firstSix.length, 6)
      assert.strictEqual(requestsTo(sim, "list").length, 2)
    }))

  it.scoped("an empty recipe is an empty stream", () =>
    Effect.gen(function*() {
      const sim = yield* simulator()
      const recipe = sim.addRecipe()
      const jobs = yield* clientFor(sim)
      assert.deepStrictEqual(yield* collect(jobs.stream(recipe.id)), [])
    }))
})

describe("newerThan", () => {
  it.scoped("after new jobs arrive: exactly the new ones, oldest → newest, across pages", () =>
    Effect.gen(function*() {
      const sim = yield* simulator({ pageSize: 7 })
      const recipe = sim.addRecipe()
      addJobs(sim, recipe.id, 10)
      const jobs = yield* clientFor(sim)
      const newest = (yield* jobs.list(recipe.id)).items[0]!
      assert.deepStrictEqual(yield* collect(jobs.newerThan(recipe.id, newest.id)), [])

      const arrived = addJobs(sim, recipe.id, 30, { from: START - 3600_000 })
      const fresh = yield* collect(jobs.newerThan(recipe.id, newest.id))
      assert.deepStrictEqual(fresh.map((j) => j.id), arrived.map((j) => j.id))

      const more = addJobs(sim, recipe.id, 3, { from: START - 60_000 })
      const next = yield* collect(jobs.newerThan(recipe.id, fresh.at(-1)!.id))
      assert.deepStrictEqual(next.map((j) => j.id), more.map((j) => j.id))
      for (const r of requestsTo(sim, "list").slice(1)) assert.strictEqual(r.query["prev"], "true")
    }))

  it.scoped("a blank cursor fails before any request", () =>
    Effect.gen(function*() {
      const sim = yield* simulator()
      const jobs = yield* clientFor(sim)
      const error = yield* Effect.flip(collect(jobs.newerThan(1, " ")))
      assert.strictEqual(error._tag, "InvalidJobIds")
      assert.strictEqual(sim.requests.length, 0)
    }))
})

describe("get", () => {
  it.scoped("a job's detail with its steps", () =>
    Effect.gen(function*() {
      const sim = yield* simulator()
      const recipe = sim.addRecipe()
      const [job] = sim.addFailures(recipe.id, 1)
      const jobs = yield* clientFor(sim)
      const detail = yield* jobs.get(recipe.id, job!.id)
      assert.strictEqual(detail.id, job!.id)
      assert.strictEqual(detail.handle, job!.id)
      assert.isTrue(detail.is_error)
      assert.isTrue(detail.lines.length > 0)
      assert.isTrue(detail.lines.some((l) => l.error !== null))
    }))

  it.scoped("the handle is URL-encoded", () =>
    Effect.gen(function*() {
      const sim = yield* simulator()
      const recipe = sim.addRecipe()
      sim.addJob(recipe.id, { id: "j-odd/handle ?#x" })
      const jobs = yield* clientFor(sim)
      const detail = yield* jobs.get(recipe.id, "j-odd/handle ?#x")
      assert.strictEqual(detail.id, "j-odd/handle ?#x")
      assert.strictEqual(requestsTo(sim, "get")[0]?.path, `/api/recipes/${recipe.id}/jobs/j-odd%2Fhandle%20%3F%23x`)
    }))

  it.scoped("unknown job or recipe → NotFound with Workato's message", () =>
    Effect.gen(function*() {
      const sim = yield* simulator()
      const recipe = sim.addRecipe()
      const jobs = yield* clientFor(sim)
      const unknownJob = yield* Effect.flip(jobs.get(recipe.id, "j-nope"))
      assert.strictEqual(unknownJob._tag, "NotFound")
      assert.strictEqual(unknownJob._tag === "NotFound" ? unknownJob.serverMessage : "", "Not found")
      const unknownRecipe = yield* Effect.flip(jobs.list(999_999))
      assert.strictEqual(unknownRecipe._tag, "NotFound")
      assert.include(unknownRecipe.message, "recipe 999999")
    }))
})

describe("resume", () => {
  it.scoped("204 with the data handed over; an unknown token is NotFound", () =>
    Effect.gen(function*() {
      const sim = yield* simulator()
      const token = sim.createResumeToken()
      const jobs = yield* clientFor(sim)
      yield* jobs.resume({ token, data: { approved: true } })
      assert.deepStrictEqual(sim.resumes.map((r) => r.data), [{ approved: true }])
      const again = yield* Effect.flip(jobs.resume({ token }))
      assert.strictEqual(again._tag, "NotFound")
      assert.strictEqual(requestsTo(sim, "resume").length, 2)
    }))
})

describe("deep links", () => {
  it.scoped("jobUrl and recipeUrl use the configured UI host", () =>
    Effect.gen(function*() {
      const sim = yield* simulator()
      const us = yield* clientFor(sim)
      assert.strictEqual(us.recipeUrl(28904), "https://app.workato.com/recipes/28904")
      assert.strictEqual(us.jobUrl(28904, "j-KGAKfhsz-GYoLe"), "https://app.workato.com/recipes/28904/job/j-KGAKfhsz-GYoLe")
      const eu = yield* clientFor(sim, { dataCenter: "eu" })
      assert.strictEqual(eu.recipeUrl(1), "https://app.eu.workato.com/recipes/1")
      const custom = yield* clientFor(sim, { uiUrl: "https://workato.example.com/" })
      assert.strictEqual(custom.jobUrl(1, "j-a/b"), "https://workato.example.com/recipes/1/job/j-a%2Fb")
    }))
})
