import { describe, expect, it } from "vitest"
import { type Block, parseRepeatValue, renderFailures, TEXT_BUDGET } from "../../src/blocks/index.js"
import { checkLimits } from "./checkLimits.js"
import { makeFailures, nasty, recipeUrl } from "./fixtures.js"

const jobSections = (blocks: ReadonlyArray<Block>) =>
  blocks.filter((b): b is Extract<Block, { type: "section" }> => b.type === "section" && b.block_id?.startsWith("job:") === true)

describe("renderFailures", () => {
  it("lists recent failed jobs newest first, each with a Repeat button and its error kind", () => {
    const failures = makeFailures(10, { recipes: 1, pollRate: 0 }).map((f) => ({ ...f, recipeId: 7 }))
    const m = renderFailures({ recipeId: 7, recipeName: "Orders", recipeUrl: recipeUrl(7), failures })
    expect(checkLimits(m)).toEqual([])
    expect(m.text).toBe("10 recent failed jobs of Orders")
    const jobs = jobSections(m.blocks)
    expect(jobs.length).toBe(10)
    expect(m.omitted).toBe(0)
    const times = failures.map((f) => Date.parse(f.at)).sort((a, b) => b - a)
    expect(m.shown.map((r) => Date.parse(failures.find((f) => f.masterJobId === r.masterJobId)!.at))).toEqual(times)
    for (const j of jobs) {
      expect(parseRepeatValue(j.accessory?.value)?.recipeId).toBe(7)
      expect(j.text?.text).toMatch(/\n\*[^*]+:\* /) // "*netsuite · Timeout:* message"
    }
  })

  it("no failures: says so", () => {
    const m = renderFailures({ recipeId: 7, recipeUrl: recipeUrl(7), failures: [] })
    expect(checkLimits(m)).toEqual([])
    expect(m.text).toBe("No recent failed jobs of Recipe 7")
    expect(m.blocks.length).toBe(1)
  })

  it("more than fits: within limits, the rest linked", () => {
    const failures = makeFailures(500, { recipes: 1, title: (i) => nasty(3000, i), message: (i) => nasty(3000, i + 1) })
    const m = renderFailures({ recipeId: 1000, recipeName: nasty(3000, 0), recipeUrl: recipeUrl(1000), failures })
    expect(checkLimits(m, { maxText: TEXT_BUDGET })).toEqual([])
    expect(m.omitted).toBe(500 - m.shown.length)
    expect(JSON.stringify(m.blocks.at(-1))).toContain(`more failed jobs: <${recipeUrl(1000)}|see them all in Workato>`)
  })

  it("trigger errors are listed without a button", () => {
    const failures = makeFailures(20, { recipes: 1, pollRate: 0.5 })
    const m = renderFailures({ recipeId: 1000, recipeUrl: recipeUrl(1000), failures })
    for (const j of jobSections(m.blocks)) {
      const f = failures.find((x) => j.block_id === `job:${x.recipeId}:${x.masterJobId}`)!
      expect(j.accessory === undefined).toBe(f.isPollError)
    }
  })
})
