import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startSim, type Sim } from "../src/index.js"
import { api, manualClock } from "./helpers.js"

describe("POST /api/recipes/:recipe_id/cancel_jobs (shape is a sim assumption)", () => {
  const clock = manualClock()
  let sim: Sim
  let recipeId: number
  beforeAll(async () => {
    sim = await startSim({ quotas: false, now: clock.now })
    recipeId = sim.addRecipe().id
  })
  afterAll(() => sim.close())

  it("cancels running (pending) jobs and refuses finished ones, per id", async () => {
    const running = sim.addJob(recipeId, { status: "pending" }).id
    const done = sim.addJob(recipeId, { status: "succeeded" }).id
    const failed = sim.addFailures(recipeId, 1)[0]!.id
    const res = await api(sim).cancel(recipeId, [running, done, failed, "j-unknown0-000000"])
    expect(res.status).toBe(200)
    expect(res.json).toEqual({
      results: [
        { requested_job_id: running, status: "canceled", job: { id: running } },
        { requested_job_id: done, status: "failed", error: { type_id: "err.job.cancel.invalid_status", message: `Can not cancel job ${done}. Only running jobs can be canceled; its status is succeeded.` } },
        { requested_job_id: failed, status: "failed", error: { type_id: "err.job.cancel.invalid_status", message: `Can not cancel job ${failed}. Only running jobs can be canceled; its status is failed.` } },
        { requested_job_id: "j-unknown0-000000", status: "failed", error: { type_id: "err.item.not_found", message: "Job not found" } }
      ],
      summary: { total_requested: 4, total_canceled: 1, total_failed: 3 }
    })
    const job = sim.jobs(recipeId).find((j) => j.id === running)!
    expect(job).toMatchObject({ status: "canceled", is_error: false, completed_at: new Date(clock.now()).toISOString() })
    // A canceled job is no longer running.
    expect((await api(sim).cancel(recipeId, [running])).json.results[0].status).toBe("failed")
  })

  it("cancels a running repeat, so it never finishes", async () => {
    const master = sim.addFailures(recipeId, 1)[0]!.id
    const repeat = (await api(sim).repeat(recipeId, [master])).json.results[0].job.id
    expect((await api(sim).cancel(recipeId, [repeat])).json.summary.total_canceled).toBe(1)
    clock.advance(60_000)
    expect(sim.jobs(recipeId).find((j) => j.id === repeat)!.status).toBe("canceled")
  })

  it("validates job_ids like repeat", async () => {
    const many = sim.addFailures(recipeId, 26).map((j) => j.id)
    expect((await api(sim).cancel(recipeId, many)).json).toEqual({ message: "Maximum 25 jobs can be canceled in a single request. Received 26." })
    expect((await api(sim).cancel(recipeId, [])).json).toEqual({ message: "param is missing or the value is empty or invalid: job_ids" })
    expect((await api(sim).cancel(recipeId, [many[0], many[0]])).status).toBe(400)
  })
})
