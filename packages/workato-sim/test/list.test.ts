import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startSim, type Sim, type WireJobSummary } from "../src/index.js"
import { api, manualClock } from "./helpers.js"

/** Walks every older page from the newest, the documented way (last id + prev=false). */
const walk = async (sim: Sim, recipeId: number, filter: Record<string, string> = {}) => {
  const seen: WireJobSummary[] = []
  let cursor: string | undefined
  for (let page = 0; page < 1000; page++) {
    const res = await api(sim).list(recipeId, { ...filter, ...(cursor ? { offset_job_id: cursor, prev: "false" } : {}) })
    expect(res.status).toBe(200)
    const items = res.json.items as WireJobSummary[]
    if (items.length === 0) return seen
    seen.push(...items)
    cursor = items[items.length - 1]!.id
  }
  throw new Error("did not reach the end")
}

describe("GET /api/recipes/:recipe_id/jobs", () => {
  const clock = manualClock()
  let sim: Sim
  let recipeId: number
  beforeAll(async () => {
    sim = await startSim({ quotas: false, now: clock.now, seed: 11, recipes: 2, jobsPerRecipe: 237, pageSize: 10 })
    recipeId = sim.recipes()[0]!.id
  })
  afterAll(() => sim.close())

  it("returns the newest page first with the four counters", async () => {
    const res = await api(sim).list(recipeId)
    const all = sim.jobs(recipeId)
    expect(res.json.items).toEqual(all.slice(0, 10))
    expect(res.json.job_count).toBe(237)
    expect(res.json.job_scope_count).toBe(237)
    expect(res.json.job_succeeded_count).toBe(all.filter((j) => j.status === "succeeded").length)
    expect(res.json.job_failed_count).toBe(all.filter((j) => j.status === "failed").length)
    expect(Object.keys(res.json)).toEqual(["job_succeeded_count", "job_failed_count", "job_count", "job_scope_count", "items"])
  })

  it("walks every page with no gap and no duplicate, newest to oldest", async () => {
    const seen = await walk(sim, recipeId)
    expect(seen.map((j) => j.id)).toEqual(sim.jobs(recipeId).map((j) => j.id))
    expect(new Set(seen.map((j) => j.id)).size).toBe(237)
    const starts = seen.map((j) => Date.parse(j.started_at))
    expect(starts).toEqual([...starts].sort((a, b) => b - a))
  })

  it("filters by status across pages; job_scope_count counts the filter", async () => {
    for (const status of ["failed", "succeeded", "pending"] as const) {
      const expected = sim.jobs(recipeId).filter((j) => j.status === status)
      const seen = await walk(sim, recipeId, { status })
      expect(seen.map((j) => j.id)).toEqual(expected.map((j) => j.id))
      const first = await api(sim).list(recipeId, { status })
      expect(first.json.job_scope_count).toBe(expected.length)
      expect(first.json.job_count).toBe(237)
    }
  })

  it("supports the deprecated failed=true filter", async () => {
    const res = await api(sim).list(recipeId, { failed: "true" })
    expect(res.json.items.every((j: WireJobSummary) => j.status === "failed")).toBe(true)
  })

  it("filters repeats with rerun_only=true (jobs with another master)", async () => {
    const expected = sim.jobs(recipeId).filter((j) => j.master_job_id !== null && j.master_job_id !== j.id)
    expect(expected.length).toBeGreaterThan(0)
    const seen = await walk(sim, recipeId, { rerun_only: "true" })
    expect(seen.map((j) => j.id)).toEqual(expected.map((j) => j.id))
    const combined = await walk(sim, recipeId, { rerun_only: "true", status: "succeeded" })
    expect(combined.map((j) => j.id)).toEqual(expected.filter((j) => j.status === "succeeded").map((j) => j.id))
  })

  it("prev=true returns the page right after the cursor, oldest first, cursor excluded", async () => {
    const all = sim.jobs(recipeId) // newest first
    const cursorIndex = 50
    const cursor = all[cursorIndex]!
    const res = await api(sim).list(recipeId, { offset_job_id: cursor.id, prev: "true" })
    const expected = all.slice(cursorIndex - 10, cursorIndex).reverse()
    expect(res.json.items.map((j: WireJobSummary) => j.id)).toEqual(expected.map((j) => j.id))
    // Near the newest end the page is short, then empty at the newest job.
    const nearTop = await api(sim).list(recipeId, { offset_job_id: all[3]!.id, prev: "true" })
    expect(nearTop.json.items.map((j: WireJobSummary) => j.id)).toEqual(all.slice(0, 3).reverse().map((j) => j.id))
    const top = await api(sim).list(recipeId, { offset_job_id: all[0]!.id, prev: "true" })
    expect(top.json.items).toEqual([])
  })

  it("prev=true sees jobs added after the cursor was taken (incremental digest)", async () => {
    const cursor = sim.jobs(recipeId)[0]!.id
    clock.advance(60_000)
    const added = [sim.addJob(recipeId), sim.addFailures(recipeId, 1)[0]!, sim.addJob(recipeId, { status: "pending" })]
    const res = await api(sim).list(recipeId, { offset_job_id: cursor, prev: "true" })
    expect(res.json.items.map((j: WireJobSummary) => j.id)).toEqual(added.map((j) => j.id))
    const failedOnly = await api(sim).list(recipeId, { offset_job_id: cursor, prev: "true", status: "failed" })
    expect(failedOnly.json.items.map((j: WireJobSummary) => j.id)).toEqual([added[1]!.id])
  })

  it("a cursor that does not match the filter still positions the page", async () => {
    const all = sim.jobs(recipeId)
    const succeeded = all.find((j, i) => i > 30 && j.status === "succeeded")!
    const res = await api(sim).list(recipeId, { offset_job_id: succeeded.id, status: "failed" })
    const older = all.slice(all.indexOf(succeeded) + 1).filter((j) => j.status === "failed").slice(0, 10)
    expect(res.json.items.map((j: WireJobSummary) => j.id)).toEqual(older.map((j) => j.id))
  })

  it("answers an empty page for an unknown cursor or another recipe's job (assumption)", async () => {
    const otherRecipe = sim.recipes()[1]!.id
    const foreign = sim.jobs(otherRecipe)[0]!.id
    for (const cursor of ["j-unknown0-000000", foreign]) {
      const res = await api(sim).list(recipeId, { offset_job_id: cursor })
      expect(res.status).toBe(200)
      expect(res.json.items).toEqual([])
    }
  })

  it("answers 400 for an unknown status value (assumption)", async () => {
    const res = await api(sim).list(recipeId, { status: "error" })
    expect(res.status).toBe(400)
    expect(res.json.message).toContain("Invalid status")
  })

  it("uses the configured page size, changeable at runtime", async () => {
    sim.setPageSize(3)
    expect((await api(sim).list(recipeId)).json.items).toHaveLength(3)
    sim.setPageSize(10)
    expect(() => sim.setPageSize(0)).toThrow()
  })

  it("items have the documented field set, types and error_parts only on errors", async () => {
    const seen = await walk(sim, recipeId)
    for (const j of seen) {
      expect(j.id).toMatch(/^j-[A-Za-z0-9]{8}-[A-Za-z0-9]{6}$/)
      expect(typeof j.flow_run_id).toBe("number")
      expect(j.recipe_id).toBe(recipeId)
      expect(Number.isNaN(Date.parse(j.started_at))).toBe(false)
      expect(j.is_error).toBe(j.status === "failed")
      expect(j.completed_at === null).toBe(j.status === "pending")
      if (j.is_error) {
        expect(j.error).toEqual(expect.any(String))
        expect(j.error_parts).toMatchObject({ adapter: expect.any(String), error_type: expect.any(String), message: expect.any(String), input: "<redacted>" })
        expect(j.error_parts!.error_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      } else {
        expect(j.error).toBeNull()
        expect(j).not.toHaveProperty("error_parts")
      }
    }
    expect(seen.some((j) => j.is_poll_error)).toBe(true)
  })
})

describe("master_job_id of original jobs", () => {
  it("is the job's own id by default and null with masterJobIdOfOriginals: 'null'", async () => {
    for (const mode of ["self", "null"] as const) {
      const sim = await startSim({ quotas: false, masterJobIdOfOriginals: mode })
      try {
        const recipe = sim.addRecipe().id
        const original = sim.addJob(recipe, { status: "failed" })
        const repeat = sim.addJob(recipe, { masterJobId: original.id })
        expect(original.master_job_id).toBe(mode === "self" ? original.id : null)
        expect(repeat.master_job_id).toBe(original.id)
      } finally {
        await sim.close()
      }
    }
  })
})
