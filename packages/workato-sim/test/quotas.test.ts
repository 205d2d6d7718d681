import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { startSim, type Sim } from "../src/index.js"
import { api, manualClock, type ManualClock } from "./helpers.js"

describe("quotas (sliding windows on the injected clock)", () => {
  let clock: ManualClock
  let sim: Sim
  let recipeId: number
  let jobs: string[]
  beforeEach(async () => {
    clock = manualClock()
    sim = await startSim({ now: clock.now })
    recipeId = sim.addRecipe().id
    jobs = sim.addFailures(recipeId, 10).map((j) => j.id)
  })
  afterEach(() => sim.close())

  const listN = async (n: number) => {
    const statuses: number[] = []
    for (let i = 0; i < n; i++) statuses.push((await api(sim).list(recipeId)).status)
    return statuses
  }

  it("other endpoints: 60 per minute, then 429 {message} with Retry-After in seconds", async () => {
    expect(await listN(60)).toEqual(Array(60).fill(200))
    const res = await api(sim).list(recipeId)
    expect(res.status).toBe(429)
    expect(res.json).toEqual({ message: "Too many requests" })
    expect(res.headers.get("retry-after")).toBe("60")
    // get and resume share the class.
    expect((await api(sim).get(`/api/recipes/${recipeId}/jobs/${jobs[0]}`)).status).toBe(429)
    expect((await api(sim).post("/api/job/resume", { token: "x" })).status).toBe(429)
  })

  it("waiting exactly Retry-After succeeds; one second less does not", async () => {
    await listN(60)
    clock.advance(30_500)
    const res = await api(sim).list(recipeId)
    expect(res.status).toBe(429)
    const retryAfter = Number(res.headers.get("retry-after"))
    expect(retryAfter).toBe(30)
    clock.advance((retryAfter - 1) * 1000)
    expect((await api(sim).list(recipeId)).status).toBe(429)
    clock.advance(1000)
    expect((await api(sim).list(recipeId)).status).toBe(200)
  })

  it("the window slides: capacity returns as old requests leave it", async () => {
    await listN(30)
    clock.advance(30_000)
    await listN(30)
    clock.advance(29_000) // t = 59 s
    const res = await api(sim).list(recipeId)
    expect(res.status).toBe(429)
    expect(res.headers.get("retry-after")).toBe("1")
    clock.advance(1000) // t = 60 s: the first 30 have left the window
    expect(await listN(30)).toEqual(Array(30).fill(200))
    expect((await api(sim).list(recipeId)).status).toBe(429)
  })

  it("rejected requests and 401s do not use the quota", async () => {
    await listN(60)
    for (let i = 0; i < 5; i++) expect((await api(sim).list(recipeId)).status).toBe(429)
    clock.advance(60_000)
    for (let i = 0; i < 10; i++) expect((await api(sim).get(`/api/recipes/${recipeId}/jobs`, { token: "bad" })).status).toBe(401)
    expect(await listN(60)).toEqual(Array(60).fill(200))
  })

  it("repeat: 1 per second; cancel has its own 1 per second; lists are separate", async () => {
    expect((await api(sim).repeat(recipeId, [jobs[0]])).status).toBe(200)
    const res = await api(sim).repeat(recipeId, [jobs[1]])
    expect(res.status).toBe(429)
    expect(res.headers.get("retry-after")).toBe("1")
    expect(res.json).toEqual({ message: "Too many requests" })
    expect((await api(sim).cancel(recipeId, [jobs[1]])).status).toBe(200)
    expect((await api(sim).cancel(recipeId, [jobs[1]])).status).toBe(429)
    expect((await api(sim).list(recipeId)).status).toBe(200)
    clock.advance(999)
    expect((await api(sim).repeat(recipeId, [jobs[1]])).status).toBe(429)
    clock.advance(1)
    expect((await api(sim).repeat(recipeId, [jobs[1]])).status).toBe(200)
    expect((await api(sim).cancel(recipeId, [jobs[1]])).status).toBe(200)
  })

  it("a throttled repeat does nothing", async () => {
    await api(sim).repeat(recipeId, [jobs[0]])
    const before = sim.jobs(recipeId).length
    expect((await api(sim).repeat(recipeId, [jobs[1]])).status).toBe(429)
    expect(sim.jobs(recipeId)).toHaveLength(before)
  })

  it("can be reconfigured, reset and disabled", async () => {
    sim.setQuotas({ repeatPerSecond: 2, cancelPerSecond: 1, otherPerMinute: 3 })
    expect(await listN(4)).toEqual([200, 200, 200, 429])
    expect((await api(sim).repeat(recipeId, [jobs[0]])).status).toBe(200)
    expect((await api(sim).repeat(recipeId, [jobs[1]])).status).toBe(200)
    expect((await api(sim).repeat(recipeId, [jobs[2]])).status).toBe(429)
    sim.resetQuotas()
    expect(await listN(3)).toEqual([200, 200, 200])
    sim.setQuotas(false)
    expect(await listN(100)).toEqual(Array(100).fill(200))
    expect(() => sim.setQuotas({ repeatPerSecond: 0, cancelPerSecond: 1, otherPerMinute: 1 })).toThrow()
  })
})
