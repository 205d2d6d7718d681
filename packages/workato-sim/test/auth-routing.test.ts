import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startSim, type Sim } from "../src/index.js"
import { api } from "./helpers.js"

describe("auth and routing", () => {
  let sim: Sim
  let recipeId: number
  let jobId: string
  beforeAll(async () => {
    sim = await startSim({ quotas: false, token: "secret-token" })
    recipeId = sim.addRecipe().id
    jobId = sim.addJob(recipeId).id
  })
  afterAll(() => sim.close())

  it("listens on loopback and exposes the token", () => {
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(sim.token).toBe("secret-token")
  })

  it("answers 401 {message} without a bearer token", async () => {
    const res = await api(sim).get(`/api/recipes/${recipeId}/jobs`, { token: null })
    expect(res.status).toBe(401)
    expect(res.json).toEqual({ message: "Unauthorized" })
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8")
  })

  it("answers 401 for a wrong token and for legacy email/token headers", async () => {
    expect((await api(sim).get(`/api/recipes/${recipeId}/jobs`, { token: "nope" })).status).toBe(401)
    const legacy = await fetch(`${sim.url}/api/recipes/${recipeId}/jobs`, {
      headers: { "x-user-email": "a@example.com", "x-user-token": "secret-token" }
    })
    expect(legacy.status).toBe(401)
  })

  it("accepts the scheme case-insensitively", async () => {
    const res = await fetch(`${sim.url}/api/recipes/${recipeId}/jobs`, { headers: { authorization: "bearer secret-token" } })
    expect(res.status).toBe(200)
  })

  it("answers 404 {message: Not found} for an unknown recipe", async () => {
    const res = await api(sim).list(999999)
    expect(res.status).toBe(404)
    expect(res.json).toEqual({ message: "Not found" })
  })

  it("answers 404 for a non-integer recipe id", async () => {
    for (const bad of ["abc", "12.5", "-1", "1e3"]) {
      const res = await api(sim).get(`/api/recipes/${bad}/jobs`)
      expect(res.status).toBe(404)
      expect(res.json).toEqual({ message: "Not found" })
    }
  })

  it("answers 404 for unknown paths and wrong methods (after auth)", async () => {
    expect((await api(sim).get("/api/jobs")).status).toBe(404)
    expect((await api(sim).get(`/api/recipes/${recipeId}/repeat_jobs`)).status).toBe(404)
    expect((await api(sim).get("/api/jobs", { token: null })).status).toBe(401)
  })

  it("answers 404 for a job of another recipe", async () => {
    const other = sim.addRecipe().id
    const res = await api(sim).get(`/api/recipes/${other}/jobs/${jobId}`)
    expect(res.status).toBe(404)
    expect(res.json).toEqual({ message: "Not found" })
    expect((await api(sim).get(`/api/recipes/${recipeId}/jobs/${jobId}`)).status).toBe(200)
  })

  it("logs the requests with route names and statuses", async () => {
    sim.resetCounts()
    await api(sim).list(recipeId)
    await api(sim).list(424242)
    await api(sim).get("/api/nothing")
    expect(sim.requests.map((r) => [r.route, r.status])).toEqual([["list", 200], ["list", 404], ["unknown", 404]])
    expect(sim.counts()).toEqual({
      list: { total: 2, byStatus: { 200: 1, 404: 1 } },
      unknown: { total: 1, byStatus: { 404: 1 } }
    })
    sim.resetCounts()
    expect(sim.requests).toHaveLength(0)
    expect(sim.counts()).toEqual({})
  })
})
