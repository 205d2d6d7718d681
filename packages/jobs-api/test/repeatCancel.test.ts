import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber } from "effect"
import { CancelResult, RepeatResult } from "@workato-jobs/jobs-api"
import { addJobs, clientFor, requestsTo, simulator, tooManyRequests } from "./support/sim.js"
import { runVirtual } from "./support/virtualTime.js"

const idsOf = (body: unknown): ReadonlyArray<string> => (body as { job_ids: ReadonlyArray<string> }).job_ids

describe("repeat", () => {
  it.scoped("one result per distinct id, in request order, one per documented type_id", () =>
    Effect.gen(function*() {
      const sim = yield* simulator()
      const recipe = sim.addRecipe()
      const [a, d, e] = sim.addFailures(recipe.id, 3)
      const c = sim.addJob(recipe.id, { status: "failed", masterJobId: a!.id })
      sim.expire(d!.id)
      sim.setRepeatOutcome(e!.id, { type_id: "err.job.repeat.limit_reached", message: "Repeated 100 times" })
      const jobs = yield* clientFor(sim)

      const report = yield* jobs.repeat(recipe.id, [a!.id, c.id, d!.id, e!.id, "j-missing", a!.id])
      assert.strictEqual(report.recipeId, recipe.id)
      assert.deepStrictEqual(report.results.map((r) => r._tag), ["Enqueued", "Rejected", "Rejected", "Rejected", "Rejected"])
      assert.deepStrictEqual(report.results.map((r) => r.jobId), [a!.id, c.id, d!.id, e!.id, "j-missing"])
      const rejections = report.results.flatMap((r) => r._tag === "Rejected" ? [r.error] : [])
      assert.deepStrictEqual(rejections.map((e) => e._tag), ["NotMasterJob", "TriggerDataExpired", "RepeatRejected", "JobNotFound"])
      const custom = rejections[2]
      assert.strictEqual(custom?._tag === "RepeatRejected" ? custom.typeId : "", "err.job.repeat.limit_reached")
      assert.include(custom?.message ?? "", "Repeated 100 times")

      const enqueued = report.results[0]
      const newJobId = RepeatResult.$is("Enqueued")(enqueued!) ? enqueued.newJobId : null
      const created = sim.jobs(recipe.id).find((j) => j.id === newJobId)
      assert.strictEqual(created?.master_job_id, a!.id)
      // duplicates are dropped before sending: one request, five ids
      assert.deepStrictEqual(requestsTo(sim, "repeat").map((r) => idsOf(r.body).length), [5])
    }))

  it.scoped("60 ids → 3 requests of at most 25, paced 1/s, zero 429s", () =>
    Effect.gen(function*() {
      const sim = yield* simulator()
      const recipe = sim.addRecipe()
      const failed = sim.addFailures(recipe.id, 60)
      const jobs = yield* clientFor(sim)
      const report = yield* runVirtual(jobs.repeat(recipe.id, failed.map((j) => j.id)))
      assert.strictEqual(report.results.length, 60)
      assert.isTrue(report.results.every(RepeatResult.$is("Enqueued")))
      const requests = requestsTo(sim, "repeat")
      assert.deepStrictEqual(requests.map((r) => idsOf(r.body).length), [25, 25, 10])
      assert.deepStrictEqual(requests.flatMap((r) => idsOf(r.body)), failed.map((j) => j.id))
      assert.isAtLeast(requests[1]!.at - requests[0]!.at, 1000)
      assert.isAtLeast(requests[2]!.at - requests[1]!.at, 1000)
      assert.strictEqual(tooManyRequests(sim), 0)
    }))

  it.scoped("concurrent repeat calls share one limiter", () =>
    Effect.gen(function*() {
      const sim = yield* simulator()
      const recipe = sim.addRecipe()
      const failed = sim.addFailures(recipe.id, 5)
      const jobs = yield* clientFor(sim)
      const reports = yield* runVirtual(
        Effect.forEach(failed, (job) => jobs.repeat(recipe.id, [job.id]), { concurrency: "unbounded" })
      )
      assert.isTrue(reports.every((r) => r.results[0]?._tag === "Enqueued"))
      const at = requestsTo(sim, "repeat").map((r) => r.at)
      assert.strictEqual(at.length, 5)
      for (let i = 1; i < at.length; i++) assert.isAtLeast(at[i]! - at[i - 1]!, 1000)
      assert.strictEqual(tooManyRequests(sim), 0)
    }))

  it.scoped("invalid ids fail with InvalidJobIds before any request", () =>
    Effect.gen(function*() {
      const sim = yield* simulator()
      const jobs = yield* clientFor(sim)
      const bad: ReadonlyArray<unknown> = [[], ["j-1", "  "], ["j-1", 42], [null], "j-1", undefined]
      for (const ids of bad) {
        const error = yield* Effect.flip(jobs.repeat(1, ids as ReadonlyArray<string>))
        assert.strictEqual(error._tag, "InvalidJobIds")
        const cancelError = yield* Effect.flip(jobs.cancel(1, ids as ReadonlyArray<string>))
        assert.strictEqual(cancelError._tag, "InvalidJobIds")
      }
      const blank = yield* Effect.flip(jobs.repeat(1, ["j-1", ""]))
      assert.include(blank.message, "position 1 is blank")
      assert.strictEqual(sim.requests.length, 0)
    }))
})

describe("cancel", () => {
  it.scoped("running jobs are cancelled; finished and unknown ones are rejected", () =>
    Effect.gen(function*() {
      const sim = yield* simulator()
      const recipe = sim.addRecipe()
      const [running] = addJobs(sim, recipe.id, 1, { status: "pending" })
      const [done] = addJobs(sim, recipe.id, 1, { status: "succeeded" })
      const jobs = yield* clientFor(sim)
      const report = yield* jobs.cancel(recipe.id, [running!.id, done!.id, "j-missing"])
      const [r0, r1, r2] = report.results
      assert.isTrue(CancelResult.$is("Enqueued")(r0!))
      assert.strictEqual(r0!._tag === "Enqueued" ? r0!.status : null, "canceled")
      assert.strictEqual(r1!._tag === "Rejected" ? r1!.error._tag : "", "CancelRejected")
      assert.strictEqual(r2!._tag === "Rejected" ? r2!.error._tag : "", "JobNotFound")
      assert.strictEqual(sim.jobs(recipe.id).find((j) => j.id === running!.id)?.status, "canceled")
    }))

  it.scoped("30 ids → 2 requests paced 1/s", () =>
    Effect.gen(function*() {
      const sim = yield* simulator()
      const recipe = sim.addRecipe()
      const running = addJobs(sim, recipe.id, 30, { status: "pending" })
      const jobs = yield* clientFor(sim)
      const fiber = yield* Effect.fork(runVirtual(jobs.cancel(recipe.id, running.map((j) => j.id))))
      const report = yield* Fiber.join(fiber)
      assert.isTrue(report.results.every(CancelResult.$is("Enqueued")))
      const requests = requestsTo(sim, "cancel")
      assert.deepStrictEqual(requests.map((r) => idsOf(r.body).length), [25, 5])
      assert.isAtLeast(requests[1]!.at - requests[0]!.at, 1000)
      assert.strictEqual(tooManyRequests(sim), 0)
    }))
})
