import { afterEach, describe, expect, it } from "vitest"
import { startSim, type Sim, type SimOptions } from "../src/index.js"
import { api, manualClock } from "./helpers.js"

// `sleep` moves the manual clock instead of waiting: each request's delays become visible as
// sim-clock time, with no real waiting and no timing asserted.
const simWithClock = async (options: SimOptions = {}) => {
  const clock = manualClock()
  const sleeps: number[] = []
  const sim = await startSim({
    now: clock.now,
    sleep: async (ms) => {
      sleeps.push(ms)
      clock.advance(ms)
    },
    ...options
  })
  return { sim, clock, sleeps, recipeId: sim.addRecipe().id }
}

describe("latency", () => {
  let sim: Sim | undefined
  afterEach(() => sim?.close())

  it("a fixed latency delays the answer; the request is counted when it arrives", async () => {
    const t = await simWithClock()
    sim = t.sim
    t.sim.setLatency("list", 300)
    const before = t.clock.now()
    expect((await api(t.sim).list(t.recipeId)).status).toBe(200)
    expect(t.sleeps).toEqual([300])
    expect(t.sim.requests[0]!.at).toBe(before)
    expect(t.clock.now()).toBe(before + 300)
  })

  it("jitter: uniform in [minMs, maxMs] per request, the same sequence for the same seed", async () => {
    const draws = async (seed: number) => {
      const t = await simWithClock({ seed })
      t.sim.setLatency("any", { minMs: 200, maxMs: 800 })
      for (let i = 0; i < 20; i++) await api(t.sim).list(t.recipeId)
      await t.sim.close()
      return t.sleeps
    }
    const first = await draws(7)
    expect(first).toHaveLength(20)
    expect(first.every((ms) => Number.isInteger(ms) && ms >= 200 && ms <= 800)).toBe(true)
    expect(new Set(first).size).toBeGreaterThan(10)
    expect(Math.min(...first)).toBeLessThan(350)
    expect(Math.max(...first)).toBeGreaterThan(650)
    expect(await draws(7)).toEqual(first)
    expect(await draws(8)).not.toEqual(first)
  })

  it("beforeCounting: that share of the delay passes before the request is counted", async () => {
    const t = await simWithClock()
    sim = t.sim
    t.sim.setLatency("repeat", { minMs: 400, maxMs: 400, beforeCounting: 0.25 })
    const ids = t.sim.addFailures(t.recipeId, 1).map((j) => j.id)
    const sent = t.clock.now()
    expect((await api(t.sim).repeat(t.recipeId, ids)).status).toBe(200)
    expect(t.sleeps).toEqual([100, 300])
    expect(t.sim.requests[0]!.at).toBe(sent + 100)
  })

  it("the quota counts arrival times: two repeats sent 1 s apart arrive 0.8 s apart → 429", async () => {
    const t = await simWithClock()
    sim = t.sim
    const ids = t.sim.addFailures(t.recipeId, 2).map((j) => j.id)
    t.sim.setLatency("repeat", { minMs: 400, maxMs: 400, beforeCounting: 1 })
    const first = t.clock.now()
    expect((await api(t.sim).repeat(t.recipeId, [ids[0]])).status).toBe(200) // arrives at +400
    t.sim.setLatency("repeat", { minMs: 200, maxMs: 200, beforeCounting: 1 })
    t.clock.advance(first + 1000 - t.clock.now()) // sent exactly 1 s after the first
    expect((await api(t.sim).repeat(t.recipeId, [ids[1]])).status).toBe(429) // arrives at +1200
    expect(t.sim.requests.map((r) => r.at - first)).toEqual([400, 1200])
  })

  it("route latency overrides \"any\"; 0 removes it; no latency means no sleep", async () => {
    const t = await simWithClock()
    sim = t.sim
    t.sim.setLatency("any", 50)
    t.sim.setLatency("list", 10)
    await api(t.sim).list(t.recipeId)
    t.sim.setLatency("list", 0)
    await api(t.sim).list(t.recipeId)
    t.sim.setLatency("any", 0)
    await api(t.sim).list(t.recipeId)
    expect(t.sleeps).toEqual([10, 50])
  })

  it("bad latencies are refused with a message saying what is wrong", async () => {
    const t = await simWithClock()
    sim = t.sim
    expect(() => t.sim.setLatency("list", -1)).toThrow(/>= 0 ms/)
    expect(() => t.sim.setLatency("list", { minMs: 500, maxMs: 100 })).toThrow(/maxMs must be a number >= minMs/)
    expect(() => t.sim.setLatency("list", { minMs: 0, maxMs: 100, beforeCounting: 2 })).toThrow(/between 0 and 1/)
    expect(() => t.sim.setLatency("list", Number.NaN)).toThrow(/>= 0 ms/)
  })

  it("the control API takes { route, ms } or { route, minMs, maxMs, beforeCounting? }", async () => {
    const t = await simWithClock()
    sim = t.sim
    const control = (body: unknown) =>
      fetch(`${t.sim.url}/_sim/latency`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body)
      }).then(async (res) => ({ status: res.status, json: await res.json() as { message?: string } }))
    expect((await control({ route: "list", minMs: 100, maxMs: 100, beforeCounting: 0.5 })).status).toBe(200)
    await api(t.sim).list(t.recipeId)
    expect((await control({ route: "list", ms: 20 })).status).toBe(200)
    await api(t.sim).list(t.recipeId)
    expect(t.sleeps).toEqual([50, 50, 20])
    const bad = await control({ route: "list", minMs: 100 })
    expect(bad.status).toBe(400)
    expect(bad.json.message).toMatch(/maxMs/)
  })

  it("close() ends a pending latency wait at once", async () => {
    let waiting = false
    const real = await startSim({
      sleep: () => {
        waiting = true
        return new Promise<void>(() => {}) // a wait that never ends by itself
      }
    })
    const recipeId = real.addRecipe().id
    real.setLatency("list", 60_000)
    const pending = fetch(`${real.url}/api/recipes/${recipeId}/jobs`, { headers: { authorization: `Bearer ${real.token}` } })
      .then(() => "answered", () => "closed")
    for (let i = 0; i < 400 && !waiting; i++) await new Promise((r) => setTimeout(r, 5))
    await real.close()
    expect(await pending).toBe("closed")
  })
})
