import { afterEach, describe, expect, it } from "vitest"
import { startSim, type Sim } from "../src/index.js"
import { api, manualClock } from "./helpers.js"

const MINUTE = 60_000

let sim: Sim | undefined
afterEach(async () => {
  await sim?.close()
  sim = undefined
})

describe("long-running jobs (start, run, fail later on the sim clock)", () => {
  it("a pending job started in the past fails after finishAfterMs, keeping its place by started_at", async () => {
    const clock = manualClock()
    sim = await startSim({ quotas: false, now: clock.now })
    const recipe = sim.addRecipe().id
    const slow = sim.addJob(recipe, {
      startedAt: clock.now() - 30 * MINUTE,
      finishAfterMs: 45 * MINUTE,
      finalStatus: "failed",
      error: { adapter: "salesforce", error_type: "Timeout", message: "Request timed out" }
    })
    expect(slow).toMatchObject({ status: "pending", completed_at: null, is_error: false, error: null })
    // Later jobs start and fail while it runs.
    clock.advance(MINUTE)
    const later = sim.addJob(recipe, { status: "failed" })

    const pending = await api(sim).list(recipe, { status: "pending" })
    expect(pending.json.items.map((j: { id: string }) => j.id)).toEqual([slow.id])
    expect(pending.json.job_scope_count).toBe(1)
    expect(pending.json.job_failed_count).toBe(1)

    clock.advance(44 * MINUTE - 1)
    expect((await api(sim).list(recipe, { status: "pending" })).json.items).toHaveLength(1)
    clock.advance(1)
    const failed = await api(sim).list(recipe, { status: "failed" })
    // Newest first by started_at: the slow job started first, so it is listed after the later one.
    expect(failed.json.items.map((j: { id: string }) => j.id)).toEqual([later.id, slow.id])
    const done = failed.json.items[1]
    expect(done).toMatchObject({ status: "failed", is_error: true, error: "Timeout: Request timed out" })
    expect(done.started_at).toBe(slow.started_at)
    // It finished when scheduled (sim clock), not when someone looked.
    expect(Date.parse(done.completed_at) - Date.parse(slow.started_at)).toBe(75 * MINUTE)
    expect(failed.json.job_failed_count).toBe(2)
    expect((await api(sim).list(recipe, { status: "pending" })).json.job_scope_count).toBe(0)
  })

  it("finishAt (absolute) and a succeeding end; the detail endpoint agrees", async () => {
    const clock = manualClock()
    sim = await startSim({ quotas: false, now: clock.now })
    const recipe = sim.addRecipe().id
    const end = clock.now() + 2 * MINUTE
    const job = sim.addJob(recipe, { startedAt: clock.now() - MINUTE, finishAt: new Date(end).toISOString() })
    expect(job.status).toBe("pending")
    clock.advance(2 * MINUTE)
    const detail = await api(sim).get(`/api/recipes/${recipe}/jobs/${job.id}`)
    expect(detail.json).toMatchObject({ status: "succeeded", is_error: false, completed_at: new Date(end).toISOString() })
  })

  it("finishJob still ends a scheduled job early; bad schedules are refused with the reason", async () => {
    const clock = manualClock()
    sim = await startSim({ quotas: false, now: clock.now })
    const recipe = sim.addRecipe().id
    const job = sim.addJob(recipe, { finishAfterMs: 10 * MINUTE, finalStatus: "failed" })
    expect(sim.finishJob(job.id, "succeeded").status).toBe("succeeded")
    clock.advance(10 * MINUTE)
    expect(sim.jobs(recipe)[0]!.status).toBe("succeeded")

    expect(() => sim!.addJob(recipe, { status: "failed", finishAfterMs: 1 })).toThrow(/need a pending job/)
    expect(() => sim!.addJob(recipe, { finishAfterMs: -1 })).toThrow(/finishAfterMs must be >= 0/)
    expect(() => sim!.addJob(recipe, { startedAt: clock.now(), finishAt: clock.now() - 1 })).toThrow(/before it started/)
  })

  it("is available over /_sim: POST /_sim/recipes/:id/jobs with finishAfterMs", async () => {
    const clock = manualClock()
    sim = await startSim({ quotas: false, now: clock.now })
    const recipe = sim.addRecipe().id
    const res = await fetch(`${sim.url}/_sim/recipes/${recipe}/jobs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ startedAt: clock.now() - MINUTE, finishAfterMs: 5 * MINUTE, finalStatus: "failed" })
    })
    const job = (await res.json()) as { id: string; status: string }
    expect(job.status).toBe("pending")
    clock.advance(5 * MINUTE)
    expect(sim.job(job.id)).toMatchObject({ status: "failed", is_error: true })
  })
})
