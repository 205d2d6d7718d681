import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startSim, type Sim } from "../src/index.js"
import { api, manualClock } from "./helpers.js"

describe("GET /api/recipes/:recipe_id/jobs/:job_handle", () => {
  const clock = manualClock()
  let sim: Sim
  let recipeId: number
  beforeAll(async () => {
    sim = await startSim({ quotas: false, now: clock.now, seed: 5, recipes: 1, jobsPerRecipe: 150 })
    recipeId = sim.recipes()[0]!.id
  })
  afterAll(() => sim.close())

  const get = async (id: string) => {
    const res = await api(sim).get(`/api/recipes/${recipeId}/jobs/${encodeURIComponent(id)}`)
    expect(res.status).toBe(200)
    return res.json
  }

  it("has the seed sample's fields in its order, plus the live-verified ones", async () => {
    const job = sim.jobs(recipeId).find((j) => j.status === "succeeded" && j.master_job_id === j.id)!
    const detail = await get(job.id)
    expect(Object.keys(detail)).toEqual([
      "id", "handle", "flow_run_id", "recipe_id", "completed_at", "started_at", "title", "is_poll_error", "lines", "error",
      "is_error", "is_repeat", "is_test", "is_test_case_job", "master_job_id", "master_job_handle", "status",
      "calling_recipe_id", "calling_job_id", "calling_job_handle", "root_recipe_id", "root_job_id", "job_correlation_id"
    ])
    expect(detail).toMatchObject({
      id: job.id, handle: job.id, recipe_id: recipeId, title: job.title, status: "succeeded", is_error: false, error: null,
      is_repeat: false, master_job_id: job.id, master_job_handle: job.id, started_at: job.started_at, completed_at: job.completed_at
    })
    expect(detail.lines.length).toBeGreaterThan(1)
    detail.lines.forEach((line: any, i: number) => {
      expect(line).toMatchObject({ recipe_line_number: i, adapter_name: expect.any(String), adapter_operation: expect.any(String), mask_data: false, error: null })
      expect(line.input).toEqual(expect.any(Object))
      expect(line.output).toEqual(expect.any(Object))
      expect(line.line_stat.details.map((d: any) => Object.keys(d))).toEqual(line.line_stat.details.map(() => ["name", "count", "average", "total", "min", "max"]))
      expect(Number.isInteger(line.line_stat.total)).toBe(false)
    })
  })

  it("a failed job stops at the failing line with error_descriptor and error_details", async () => {
    const job = sim.jobs(recipeId).find((j) => j.status === "failed" && !j.is_poll_error)!
    const detail = await get(job.id)
    const last = detail.lines.at(-1)
    expect(detail.is_error).toBe(true)
    expect(detail.error_parts).toMatchObject({
      adapter: job.error_parts!.adapter, error_type: job.error_parts!.error_type, message: job.error_parts!.message,
      error_id: job.error_parts!.error_id, line_number: last.recipe_line_number, action: last.adapter_operation, retry_count: 0
    })
    expect(last).toMatchObject({ adapter_name: job.error_parts!.adapter, error: job.error_parts!.message })
    expect(last).not.toHaveProperty("output")
    expect(last.error_descriptor).toMatchObject({ error_type: job.error_parts!.error_type, error_id: job.error_parts!.error_id, line_number: last.recipe_line_number, actionable: false })
    expect(last.error_details).toMatchObject({ message: job.error_parts!.message, http_response: { protocol: "HTTP/1.1", code: expect.any(Number) } })
    expect(typeof last.error_details.http_response.body).toBe("string")
  })

  it("a poll error has no lines (no trigger data)", async () => {
    const job = sim.jobs(recipeId).find((j) => j.is_poll_error)!
    const detail = await get(job.id)
    expect(detail).toMatchObject({ is_poll_error: true, is_error: true, lines: [] })
  })

  it("a pending job has a running last line and no completed_at", async () => {
    const job = sim.jobs(recipeId).find((j) => j.status === "pending")!
    const detail = await get(job.id)
    expect(detail.completed_at).toBeNull()
    expect(detail.lines.at(-1).line_stat.completed_at).toBeNull()
  })

  it("is deterministic: the same job gives the same detail", async () => {
    const id = sim.jobs(recipeId)[10]!.id
    expect(await get(id)).toEqual(await get(id))
    expect(sim.job(id)).toEqual(await get(id))
  })

  it("answers 404 for an unknown handle", async () => {
    const res = await api(sim).get(`/api/recipes/${recipeId}/jobs/j-doesnot-exist0`)
    expect(res.status).toBe(404)
    expect(res.json).toEqual({ message: "Not found" })
  })
})
