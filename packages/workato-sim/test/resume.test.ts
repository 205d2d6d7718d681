import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startSim, type Sim } from "../src/index.js"
import { api } from "./helpers.js"

describe("POST /api/job/resume", () => {
  let sim: Sim
  beforeAll(async () => {
    sim = await startSim({ quotas: false })
  })
  afterAll(() => sim.close())

  it("answers 204 with no body for a live token and records the data", async () => {
    const recipeId = sim.addRecipe().id
    const job = sim.addJob(recipeId, { status: "pending" })
    const token = sim.createResumeToken({ jobId: job.id })
    const res = await api(sim).post("/api/job/resume", { token, data: { approved: true } })
    expect(res.status).toBe(204)
    expect(res.text).toBe("")
    expect(sim.resumes.at(-1)).toMatchObject({ token, jobId: job.id, data: { approved: true } })
  })

  it("accepts a token without data", async () => {
    const token = sim.createResumeToken()
    expect((await api(sim).post("/api/job/resume", { token })).status).toBe(204)
  })

  it("answers 404 for an unknown or already used token", async () => {
    const token = sim.createResumeToken()
    expect((await api(sim).post("/api/job/resume", { token })).status).toBe(204)
    const again = await api(sim).post("/api/job/resume", { token })
    expect(again.status).toBe(404)
    expect(again.json).toEqual({ message: "Not found" })
    expect((await api(sim).post("/api/job/resume", { token: "rt-never-issued" })).status).toBe(404)
  })

  it("answers 400 when the token is missing or blank, or data is not an object", async () => {
    for (const body of [{}, { token: "" }, { token: 42 }, { data: {} }]) {
      const res = await api(sim).post("/api/job/resume", body)
      expect(res.status).toBe(400)
      expect(res.json).toEqual({ message: "param is missing or the value is empty or invalid: token" })
    }
    const res = await api(sim).post("/api/job/resume", { token: sim.createResumeToken(), data: [1, 2] })
    expect(res.status).toBe(400)
  })

  it("needs the bearer token", async () => {
    expect((await api(sim).post("/api/job/resume", { token: sim.createResumeToken() }, { token: null })).status).toBe(401)
  })
})
