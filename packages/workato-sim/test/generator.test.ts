import { describe, expect, it } from "vitest"
import { startSim, type Sim, type WireJobSummary } from "../src/index.js"
import { manualClock } from "./helpers.js"

const snapshot = (sim: Sim) => sim.recipes().map((r) => ({ recipe: r, jobs: sim.jobs(r.id), details: sim.jobs(r.id).slice(0, 5).map((j) => sim.job(j.id)) }))

const withSim = async <A>(options: Parameters<typeof startSim>[0], f: (sim: Sim) => A | Promise<A>): Promise<A> => {
  const sim = await startSim({ quotas: false, ...options })
  try {
    return await f(sim)
  } finally {
    await sim.close()
  }
}

describe("seeded generator", () => {
  const now = manualClock().now

  it("same seed and clock → identical recipes, jobs and details", async () => {
    const a = await withSim({ seed: 42, recipes: 3, jobsPerRecipe: 120, now }, snapshot)
    const b = await withSim({ seed: 42, recipes: 3, jobsPerRecipe: 120, now }, snapshot)
    expect(a).toEqual(b)
  })

  it("ids created later through the API are deterministic too", async () => {
    const run = () =>
      withSim({ seed: 9, recipes: 1, jobsPerRecipe: 10, now }, (sim) => {
        const r = sim.recipes()[0]!.id
        return [sim.addJob(r).id, sim.addFailures(r, 2).map((j) => j.id), sim.createResumeToken()]
      })
    expect(await run()).toEqual(await run())
  })

  it("another seed → other data", async () => {
    const a = await withSim({ seed: 1, recipes: 1, jobsPerRecipe: 50, now }, (sim) => sim.jobs(sim.recipes()[0]!.id).map((j) => j.id))
    const b = await withSim({ seed: 2, recipes: 1, jobsPerRecipe: 50, now }, (sim) => sim.jobs(sim.recipes()[0]!.id).map((j) => j.id))
    expect(a).not.toEqual(b)
  })

  it("makes realistic data: N × M jobs, titles, adapters, errors, poll errors, repeats, spread over the last days", async () => {
    await withSim({ seed: 3, recipes: 8, jobsPerRecipe: 200, now }, (sim) => {
      const recipes = sim.recipes()
      expect(recipes).toHaveLength(8)
      expect(new Set(recipes.map((r) => r.id)).size).toBe(8)
      const all: WireJobSummary[] = recipes.flatMap((r) => sim.jobs(r.id))
      expect(all).toHaveLength(1600)
      expect(new Set(all.map((j) => j.id)).size).toBe(1600)
      const failed = all.filter((j) => j.status === "failed")
      expect(failed.length / all.length).toBeGreaterThan(0.1)
      expect(failed.length / all.length).toBeLessThan(0.35)
      expect(all.some((j) => j.status === "pending" && j.completed_at === null)).toBe(true)
      const poll = all.filter((j) => j.is_poll_error)
      expect(poll.length).toBeGreaterThan(0)
      expect(poll.every((j) => j.status === "failed" && j.master_job_id === j.id)).toBe(true)
      const repeats = all.filter((j) => j.master_job_id !== j.id)
      expect(repeats.length).toBeGreaterThan(0)
      const byId = new Map(all.map((j) => [j.id, j]))
      for (const r of repeats) {
        const master = byId.get(r.master_job_id!)!
        expect(master.recipe_id).toBe(r.recipe_id)
        expect(master.title).toBe(r.title)
        expect(Date.parse(master.started_at)).toBeLessThan(Date.parse(r.started_at))
      }
      expect(all.some((j) => j.title.startsWith("Salesforce: new Opportunity: Name="))).toBe(true)
      const adapters = new Set(failed.map((j) => j.error_parts!.adapter))
      for (const a of ["salesforce", "netsuite", "http", "slack", "snowflake"]) expect(adapters).toContain(a)
      const starts = all.map((j) => Date.parse(j.started_at))
      expect(Math.max(...starts)).toBeLessThanOrEqual(now())
      expect(Math.min(...starts)).toBeGreaterThanOrEqual(now() - 3 * 86_400_000)
      expect(all.some((j) => j.calling_recipe_id !== null)).toBe(true)
    })
  })

  it("generate() adds data on a running sim, and no seed means no data", async () => {
    await withSim({ now }, (sim) => {
      expect(sim.recipes()).toEqual([])
      const added = sim.generate({ recipes: 2, jobsPerRecipe: 30 })
      expect(added).toHaveLength(2)
      expect(sim.jobs(added[1]!.id)).toHaveLength(30)
    })
  })

  it("works with a clock at the epoch (Effect's TestClock starts at 0)", async () => {
    await withSim({ seed: 4, recipes: 1, jobsPerRecipe: 20, now: () => 0 }, (sim) => {
      const jobs = sim.jobs(sim.recipes()[0]!.id)
      expect(jobs).toHaveLength(20)
      expect(jobs.every((j) => Date.parse(j.started_at) <= 0)).toBe(true)
      expect(sim.addJob(sim.recipes()[0]!.id).started_at).toBe("1970-01-01T00:00:00.000Z")
    })
  })
})
