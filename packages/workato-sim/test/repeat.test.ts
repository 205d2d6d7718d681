import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { MAX_REPEATS_PER_JOB, startSim, type Sim } from "../src/index.js"
import { api, manualClock, type ManualClock } from "./helpers.js"

describe("POST /api/recipes/:recipe_id/repeat_jobs", () => {
  let clock: ManualClock
  let sim: Sim
  let recipeId: number
  beforeEach(async () => {
    clock = manualClock()
    sim = await startSim({ quotas: false, now: clock.now, retentionDays: 30 })
    recipeId = sim.addRecipe().id
  })
  afterEach(() => sim.close())

  const ids = (n: number) => sim.addFailures(recipeId, n).map((j) => j.id)

  describe("400s (the seed's messages)", () => {
    it("more than 25 ids", async () => {
      const res = await api(sim).repeat(recipeId, ids(75))
      expect(res.status).toBe(400)
      expect(res.json).toEqual({ message: "Maximum 25 jobs can be repeated in a single request. Received 75." })
      expect((await api(sim).repeat(recipeId, ids(26))).json).toEqual({ message: "Maximum 25 jobs can be repeated in a single request. Received 26." })
      expect((await api(sim).repeat(recipeId, ids(25))).status).toBe(200)
    })

    it("empty, missing, null or non-array job_ids", async () => {
      const expected = { message: "param is missing or the value is empty or invalid: job_ids" }
      for (const body of [{ job_ids: [] }, {}, { job_ids: null }, { job_ids: "j-AAAAAAAA-BBBBBB" }, { jobs: ["x"] }, [], "x", null]) {
        const res = await api(sim).post(`/api/recipes/${recipeId}/repeat_jobs`, body)
        expect(res.status, JSON.stringify(body)).toBe(400)
        expect(res.json).toEqual(expected)
      }
    })

    it("a malformed array (non-string or blank entries)", async () => {
      const [id] = ids(1)
      for (const jobIds of [[id, 42], [null], [""], ["  "], [{ id }], [[id]]]) {
        const res = await api(sim).repeat(recipeId, jobIds)
        expect(res.status).toBe(400)
        expect(res.json).toEqual({ message: "param is missing or the value is empty or invalid: job_ids" })
      }
    })

    it("duplicate ids", async () => {
      const [a, b] = ids(2)
      const res = await api(sim).repeat(recipeId, [a, b, a])
      expect(res.status).toBe(400)
      expect(res.json.message).toBe(`Duplicate job ids are not allowed: ${a}`)
    })

    it("a body that is not JSON, or sent without a JSON content type", async () => {
      const bad = await api(sim).post(`/api/recipes/${recipeId}/repeat_jobs`, undefined, { raw: '{"job_ids": [' })
      expect(bad.status).toBe(400)
      expect(bad.json).toEqual({ message: "Bad request" })
      const form = await api(sim).post(`/api/recipes/${recipeId}/repeat_jobs`, undefined, {
        raw: JSON.stringify({ job_ids: ids(1) }),
        contentType: "text/plain"
      })
      expect(form.status).toBe(400)
      expect(form.json).toEqual({ message: "param is missing or the value is empty or invalid: job_ids" })
    })

    it("a 400 repeats nothing", async () => {
      const before = sim.jobs(recipeId).length
      await api(sim).repeat(recipeId, ids(26))
      expect(sim.jobs(recipeId)).toHaveLength(before + 26)
    })
  })

  it("enqueues a master job: new pending job linked by master_job_id, then succeeded", async () => {
    const [id] = ids(1)
    const res = await api(sim).repeat(recipeId, [id])
    expect(res.status).toBe(200)
    const newId = res.json.results[0].job.id as string
    expect(res.json).toEqual({
      results: [{ requested_job_id: id, status: "enqueued", job: { id: newId } }],
      summary: { total_requested: 1, total_enqueued: 1, total_failed: 0 }
    })
    const created = sim.jobs(recipeId)[0]!
    expect(created).toMatchObject({ id: newId, status: "pending", master_job_id: id, completed_at: null, is_error: false })
    const detail = (await api(sim).get(`/api/recipes/${recipeId}/jobs/${newId}`)).json
    expect(detail).toMatchObject({ is_repeat: true, master_job_id: id, master_job_handle: id, status: "pending" })
    clock.advance(1000)
    expect(sim.jobs(recipeId)[0]).toMatchObject({ id: newId, status: "succeeded", is_error: false })
    const listed = await api(sim).list(recipeId, { rerun_only: "true" })
    expect(listed.json.items.map((j: { id: string }) => j.id)).toEqual([newId])
  })

  it("reports each id separately, in request order, with the documented type_ids", async () => {
    const [ok, expired] = ids(2)
    const repeatOfOk = sim.addJob(recipeId, { masterJobId: ok!, status: "failed" }).id
    sim.expire(expired!)
    const res = await api(sim).repeat(recipeId, [ok, "j-BK9nR5ft-xeAEXN", repeatOfOk, expired])
    expect(res.status).toBe(200)
    expect(res.json.results).toEqual([
      { requested_job_id: ok, status: "enqueued", job: { id: expect.any(String) } },
      { requested_job_id: "j-BK9nR5ft-xeAEXN", status: "failed", error: { type_id: "err.item.not_found", message: "Job not found" } },
      { requested_job_id: repeatOfOk, status: "failed", error: { type_id: "err.job.repeat.invalid_id", message: `Non-master job handle specified: ${repeatOfOk}` } },
      {
        requested_job_id: expired,
        status: "failed",
        error: { type_id: "err.job.repeat.trigger_data_unavailable.expired", message: `Can not repeat job ${expired}. It has been erased due to retention policy.` }
      }
    ])
    expect(res.json.summary).toEqual({ total_requested: 4, total_enqueued: 1, total_failed: 3 })
  })

  it("treats another recipe's job as not found", async () => {
    const other = sim.addRecipe().id
    const foreign = sim.addFailures(other, 1)[0]!.id
    const res = await api(sim).repeat(recipeId, [foreign])
    expect(res.json.results[0].error.type_id).toBe("err.item.not_found")
    expect(sim.jobs(other)).toHaveLength(1)
  })

  it("expires jobs completed longer ago than the retention period", async () => {
    const old = sim.addJob(recipeId, { status: "failed", startedAt: clock.now() - 31 * 86_400_000, completedAt: clock.now() - 30 * 86_400_000 - 1 }).id
    const young = sim.addJob(recipeId, { status: "failed", startedAt: clock.now() - 29 * 86_400_000 }).id
    const res = await api(sim).repeat(recipeId, [old, young])
    expect(res.json.results.map((r: { status: string }) => r.status)).toEqual(["failed", "enqueued"])
    expect(res.json.results[0].error.type_id).toBe("err.job.repeat.trigger_data_unavailable.expired")
  })

  it("repeats succeeded jobs too (any master job)", async () => {
    const id = sim.addJob(recipeId, { status: "succeeded" }).id
    expect((await api(sim).repeat(recipeId, [id])).json.results[0].status).toBe("enqueued")
  })

  it("allows at most 100 repeats per job (limit type_id is a sim assumption)", async () => {
    const [id] = ids(1)
    // Repeats added through the control API count toward the limit too.
    for (let i = 0; i < MAX_REPEATS_PER_JOB - 2; i++) sim.addJob(recipeId, { masterJobId: id! })
    for (let i = 0; i < 2; i++) {
      const res = await api(sim).repeat(recipeId, [id])
      expect(res.json.results[0].status).toBe("enqueued")
    }
    const res = await api(sim).repeat(recipeId, [id])
    expect(res.json.results[0]).toEqual({
      requested_job_id: id,
      status: "failed",
      error: { type_id: "err.job.repeat.limit_reached", message: `Can not repeat job ${id}. It has already been repeated 100 times.` }
    })
    expect(sim.jobs(recipeId).filter((j) => j.master_job_id === id && j.id !== id)).toHaveLength(100)
  })

  it("setRepeatOutcome: a given error, a failing repeat, a repeat that stays pending", async () => {
    const [rejected, failing, stuck] = ids(3)
    sim.setRepeatOutcome(rejected!, { type_id: "err.job.repeat.recipe_stopped", message: "Recipe is stopped" })
    sim.setRepeatOutcome(failing!, "failed")
    sim.setRepeatOutcome(stuck!, "pending")
    const res = await api(sim).repeat(recipeId, [rejected, failing, stuck])
    expect(res.json.results[0]).toEqual({ requested_job_id: rejected, status: "failed", error: { type_id: "err.job.repeat.recipe_stopped", message: "Recipe is stopped" } })
    const failingNew = res.json.results[1].job.id as string
    const stuckNew = res.json.results[2].job.id as string
    clock.advance(10_000)
    const byId = new Map(sim.jobs(recipeId).map((j) => [j.id, j]))
    expect(byId.get(failingNew)).toMatchObject({ status: "failed", is_error: true, master_job_id: failing })
    expect(byId.get(failingNew)!.error_parts!.message).toBe(byId.get(failing!)!.error_parts!.message)
    expect(byId.get(stuckNew)).toMatchObject({ status: "pending" })
    expect(sim.finishJob(stuckNew, "succeeded")).toMatchObject({ status: "succeeded" })
    sim.setRepeatOutcome(rejected!, "enqueued")
    expect((await api(sim).repeat(recipeId, [rejected])).json.results[0].status).toBe("enqueued")
  })

  it("refuses poll errors and recipes without stored trigger data (sim assumptions)", async () => {
    const poll = sim.addJob(recipeId, { isPollError: true })
    expect(poll).toMatchObject({ is_poll_error: true, status: "failed" })
    const res = await api(sim).repeat(recipeId, [poll.id])
    expect(res.json.results[0].error.type_id).toBe("err.job.repeat.no_trigger_data")
    const doNotStore = sim.addRecipe({ retainsTriggerData: false }).id
    const job = sim.addFailures(doNotStore, 1)[0]!.id
    const res2 = await api(sim).repeat(doNotStore, [job])
    expect(res2.json.results[0].error.type_id).toBe("err.job.repeat.trigger_data_unavailable.not_stored")
  })

  it("answers 404 for an unknown recipe before looking at the body", async () => {
    const res = await api(sim).repeat(777, [])
    expect(res.status).toBe(404)
  })

  it("logs the parsed body of each repeat request", async () => {
    const jobIds = ids(2)
    await api(sim).repeat(recipeId, jobIds)
    expect(sim.requests.at(-1)).toMatchObject({ route: "repeat", status: 200, body: { job_ids: jobIds } })
  })
})
