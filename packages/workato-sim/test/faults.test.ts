import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { startSim, type Sim } from "../src/index.js"
import { api, eventually } from "./helpers.js"

describe("fault injection", () => {
  let sim: Sim
  let recipeId: number
  beforeEach(async () => {
    sim = await startSim({ quotas: false })
    recipeId = sim.addRecipe().id
    sim.addFailures(recipeId, 3)
  })
  afterEach(() => sim.close())

  it("status500: documented body with a fresh error id, once by default", async () => {
    sim.injectFault({ route: "list", kind: "status500" })
    const res = await api(sim).list(recipeId)
    expect(res.status).toBe(500)
    expect(res.json).toEqual({ message: "Server error", id: expect.stringMatching(/^[0-9a-f-]{36}$/) })
    expect((await api(sim).list(recipeId)).status).toBe(200)
    expect(sim.requests.map((r) => [r.status, r.fault])).toEqual([[500, "status500"], [200, undefined]])
  })

  it("status503: a non-JSON gateway page", async () => {
    sim.injectFault({ route: "get", kind: "status503" })
    const res = await api(sim).get(`/api/recipes/${recipeId}/jobs/${sim.jobs(recipeId)[0]!.id}`)
    expect(res.status).toBe(503)
    expect(res.headers.get("content-type")).toContain("text/html")
  })

  it("status429 with Retry-After in seconds or as an HTTP date", async () => {
    const date = "Wed, 21 Oct 2026 07:28:00 GMT"
    sim.injectFault({ route: "repeat", kind: "status429", retryAfter: "7" })
    sim.injectFault({ route: "repeat", kind: "status429", retryAfter: date })
    const ids = [sim.jobs(recipeId)[0]!.id]
    const first = await api(sim).repeat(recipeId, ids)
    expect([first.status, first.headers.get("retry-after"), first.json]).toEqual([429, "7", { message: "Too many requests" }])
    const second = await api(sim).repeat(recipeId, ids)
    expect(second.headers.get("retry-after")).toBe(date)
    expect(sim.jobs(recipeId)).toHaveLength(3) // neither took effect
  })

  it("status401 / status403 even with a valid token", async () => {
    sim.injectFault({ route: "any", kind: "status401" })
    sim.injectFault({ route: "any", kind: "status403" })
    expect((await api(sim).list(recipeId)).json).toEqual({ message: "Unauthorized" })
    const res = await api(sim).list(recipeId)
    expect([res.status, res.json]).toEqual([403, { message: "Forbidden" }])
  })

  it("invalidJson: 200 with a truncated JSON body", async () => {
    sim.injectFault({ route: "list", kind: "invalidJson" })
    const res = await api(sim).list(recipeId)
    expect(res.status).toBe(200)
    expect(res.headers.get("content-type")).toContain("application/json")
    expect(() => JSON.parse(res.text)).toThrow()
  })

  it("times and route matching: only the named route is hit, n times", async () => {
    sim.injectFault({ route: "get", kind: "status500", times: 2 })
    expect((await api(sim).list(recipeId)).status).toBe(200)
    const get = () => api(sim).get(`/api/recipes/${recipeId}/jobs/${sim.jobs(recipeId)[0]!.id}`)
    expect([(await get()).status, (await get()).status, (await get()).status]).toEqual([500, 500, 200])
    expect(sim.faults()).toEqual([])
  })

  it("drop: the connection closes without an answer and nothing happens", async () => {
    const id = sim.jobs(recipeId)[0]!.id
    sim.injectFault({ route: "repeat", kind: "drop" })
    await expect(api(sim).repeat(recipeId, [id])).rejects.toThrow()
    expect(sim.jobs(recipeId)).toHaveLength(3)
    expect(sim.requests.at(-1)).toMatchObject({ route: "repeat", status: 0, fault: "drop" })
  })

  it("dropAfterApply: the repeat takes effect, the answer is lost", async () => {
    const id = sim.jobs(recipeId)[0]!.id
    sim.injectFault({ route: "repeat", kind: "dropAfterApply" })
    await expect(api(sim).repeat(recipeId, [id])).rejects.toThrow()
    expect(sim.jobs(recipeId)).toHaveLength(4)
    expect(sim.jobs(recipeId)[0]).toMatchObject({ master_job_id: id, status: "pending" })
    expect(sim.counts().repeat).toEqual({ total: 1, byStatus: { 0: 1 } })
  })

  it("hang: no answer until the sim closes", async () => {
    sim.injectFault({ route: "list", kind: "hang" })
    const pending = api(sim).list(recipeId)
    let settled = false
    pending.then(() => (settled = true), () => (settled = true))
    await eventually(() => sim.requests.length === 1, "the hanging request to arrive")
    expect(sim.requests[0]).toMatchObject({ route: "list", status: 0, fault: "hang" })
    expect(settled).toBe(false)
    await sim.close()
    await expect(pending).rejects.toThrow()
  })

  it("hangAfterApply: the repeat takes effect, the answer never comes", async () => {
    const id = sim.jobs(recipeId)[0]!.id
    sim.injectFault({ route: "repeat", kind: "hangAfterApply" })
    const controller = new AbortController()
    const pending = fetch(`${sim.url}/api/recipes/${recipeId}/repeat_jobs`, {
      method: "POST",
      headers: { authorization: `Bearer ${sim.token}`, "content-type": "application/json" },
      body: JSON.stringify({ job_ids: [id] }),
      signal: controller.signal
    })
    await eventually(() => sim.requests.length === 1, "the repeat to be applied")
    expect(sim.jobs(recipeId)).toHaveLength(4)
    controller.abort()
    await expect(pending).rejects.toThrow()
  })

  it("delayMs and per-route latency still answer (real time, no timing asserted)", async () => {
    sim.injectFault({ route: "list", kind: "status500", delayMs: 20 })
    expect((await api(sim).list(recipeId)).status).toBe(500)
    sim.setLatency("list", 20)
    expect((await api(sim).list(recipeId)).status).toBe(200)
    sim.setLatency("list", 0)
    sim.setLatency("any", 5)
    expect((await api(sim).get(`/api/recipes/${recipeId}/jobs/${sim.jobs(recipeId)[0]!.id}`)).status).toBe(200)
  })

  it("faults apply before auth and quotas; clearFaults disarms them", async () => {
    sim.injectFault({ route: "list", kind: "status500", times: 5 })
    expect((await api(sim).get(`/api/recipes/${recipeId}/jobs`, { token: null })).status).toBe(500)
    sim.clearFaults()
    expect((await api(sim).list(recipeId)).status).toBe(200)
  })

  it("rejects unknown fault kinds and routes", () => {
    expect(() => sim.injectFault({ route: "list", kind: "explode" as never })).toThrow(/Unknown fault kind/)
    expect(() => sim.injectFault({ route: "nope" as never, kind: "drop" })).toThrow(/Unknown fault route/)
  })
})
