import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startSim, type Sim } from "../src/index.js"
import { api, manualClock } from "./helpers.js"

describe("HTTP control API under /_sim", () => {
  const clock = manualClock()
  let sim: Sim
  const control = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${sim.url}/_sim${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) })
    })
    return { status: res.status, json: (await res.json()) as any }
  }
  beforeAll(async () => {
    sim = await startSim({ now: clock.now, quotas: false })
  })
  afterAll(() => sim.close())

  it("describes the sim at GET /_sim", async () => {
    const res = await control("GET", "")
    expect(res.json).toMatchObject({ url: sim.url, token: sim.token, pageSize: 25, quotas: false })
  })

  it("adds recipes and jobs, lists them, sets outcomes, expires, finishes", async () => {
    const recipe = (await control("POST", "/recipes", { name: "Demo" })).json
    expect(recipe).toMatchObject({ id: expect.any(Number), name: "Demo" })
    const job = (await control("POST", `/recipes/${recipe.id}/jobs`, { status: "pending" })).json
    const failures = (await control("POST", `/recipes/${recipe.id}/failures`, { n: 2 })).json
    expect(failures).toHaveLength(2)
    const jobs = (await control("GET", `/recipes/${recipe.id}/jobs`)).json
    expect(jobs.map((j: any) => j.id)).toEqual([failures[1].id, failures[0].id, job.id])
    expect((await control("GET", `/jobs/${job.id}`)).json.handle).toBe(job.id)
    await control("POST", `/jobs/${failures[0].id}/repeat-outcome`, { outcome: { type_id: "err.x", message: "no" } })
    await control("POST", `/jobs/${failures[1].id}/expire`)
    const res = await api(sim).repeat(recipe.id, [failures[0].id, failures[1].id])
    expect(res.json.results.map((r: any) => r.error.type_id)).toEqual(["err.x", "err.job.repeat.trigger_data_unavailable.expired"])
    expect((await control("POST", `/jobs/${job.id}/finish`, { status: "failed" })).json).toMatchObject({ status: "failed", is_error: true })
    expect((await control("POST", `/jobs/${job.id}/finish`, {})).status).toBe(400)
    expect((await control("POST", "/generate", { recipes: 1, jobsPerRecipe: 5 })).json).toHaveLength(1)
    expect((await control("GET", "/recipes")).json).toHaveLength(2)
  })

  it("faults, latency, quotas and page size", async () => {
    const recipe = (await control("POST", "/recipes", {})).json
    await control("POST", `/recipes/${recipe.id}/failures`, { n: 5 })
    expect((await control("POST", "/faults", { route: "list", kind: "status500", times: 2 })).json).toEqual([
      { route: "list", kind: "status500", times: 2, remaining: 2 }
    ])
    expect((await control("POST", "/faults", { route: "list", kind: "nope" })).status).toBe(400)
    expect((await api(sim).list(recipe.id)).status).toBe(500)
    await control("DELETE", "/faults")
    expect((await control("GET", "/faults")).json).toEqual([])
    await control("POST", "/page-size", { pageSize: 2 })
    expect((await api(sim).list(recipe.id)).json.items).toHaveLength(2)
    await control("POST", "/latency", { route: "list", ms: 1 })
    await control("POST", "/latency", { route: "list", ms: 0 })
    await control("POST", "/quotas", { repeatPerSecond: 1, cancelPerSecond: 1, otherPerMinute: 1 })
    expect((await api(sim).list(recipe.id)).status).toBe(200)
    expect((await api(sim).list(recipe.id)).status).toBe(429)
    await control("POST", "/quotas/reset")
    expect((await api(sim).list(recipe.id)).status).toBe(200)
    await control("POST", "/quotas", false)
    expect((await api(sim).list(recipe.id)).status).toBe(200)
    await control("POST", "/page-size", { pageSize: 25 })
  })

  it("resume tokens, request log and counts; control calls are not logged", async () => {
    const { token } = (await control("POST", "/resume-tokens", {})).json
    await control("POST", "/reset-counts")
    expect((await api(sim).post("/api/job/resume", { token, data: { a: 1 } })).status).toBe(204)
    expect((await control("GET", "/resumes")).json.at(-1)).toMatchObject({ token, data: { a: 1 } })
    const requests = (await control("GET", "/requests")).json
    expect(requests).toEqual([{ method: "POST", path: "/api/job/resume", query: {}, route: "resume", status: 204, at: clock.now(), body: { token, data: { a: 1 } } }])
    expect((await control("GET", "/counts")).json).toEqual({ resume: { total: 1, byStatus: { 204: 1 } } })
  })

  it("answers 404 for unknown control routes and unknown ids", async () => {
    expect((await control("GET", "/nope")).status).toBe(404)
    expect((await control("GET", "/recipes/999/jobs")).status).toBe(404)
    expect((await control("GET", "/jobs/j-none0000-000000")).status).toBe(404)
  })
})
