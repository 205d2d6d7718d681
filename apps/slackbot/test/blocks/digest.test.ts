import { describe, expect, it } from "vitest"
import {
  ActionIds,
  BlockIds,
  type Block,
  type FailedJob,
  parseRepeatValue,
  renderDigest,
  TEXT_BUDGET
} from "../../src/blocks/index.js"
import { checkLimits } from "./checkLimits.js"
import { jobId, makeFailures, nasty, recipeUrl, T0, UI } from "./fixtures.js"

const now = new Date(T0).toISOString()
const digest = (failures: ReadonlyArray<FailedJob>, digestId = "d-1") =>
  renderDigest({ digestId, failures, recipeUrl, since: new Date(T0 - 3_600_000).toISOString(), now })

const job = (over: Partial<FailedJob> & { readonly n: number }): FailedJob => {
  const id = jobId(over.n)
  const { n, ...rest } = over
  return {
    recipeId: 1,
    recipeName: "Orders",
    jobId: id,
    masterJobId: id,
    title: `Order ${n}`,
    adapter: "salesforce",
    errorType: "Record not found",
    message: "Account not found",
    at: new Date(T0 - n * 60_000).toISOString(),
    jobUrl: `${UI}/recipes/1/job/${id}`,
    isPollError: false,
    ...rest
  }
}

const jobBlocks = (blocks: ReadonlyArray<Block>) =>
  blocks.filter((b): b is Extract<Block, { type: "section" }> => b.type === "section" && b.block_id?.startsWith("job:") === true)
const repeatAllButton = (blocks: ReadonlyArray<Block>) => {
  const b = blocks.find((x) => x.block_id === BlockIds.repeatAll)
  return b?.type === "actions" ? b.elements[0] : undefined
}

describe("renderDigest", () => {
  it("0 failures: a valid message saying so, nothing shown", () => {
    const d = digest([])
    expect(checkLimits(d)).toEqual([])
    expect(d.text).toBe("No failed Workato jobs")
    expect(d.shown).toEqual([])
    expect(d.omitted).toBe(0)
    expect(d.repeatable).toEqual([])
    expect(repeatAllButton(d.blocks)).toBeUndefined()
  })

  it("1 failure: header, recipe, error group, the job with its Repeat button; no Repeat all", () => {
    const d = digest([job({ n: 1 })])
    expect(checkLimits(d)).toEqual([])
    expect(d.blocks[0]).toMatchObject({ type: "header", text: { text: "1 failed Workato job" } })
    expect(d.text).toBe("1 failed Workato job in 1 recipe: Orders (1)")
    const [j] = jobBlocks(d.blocks)
    expect(j?.text?.text).toContain(`<${UI}/recipes/1/job/${jobId(1)}|Order 1>`)
    expect(j?.text?.text).toContain("Account not found")
    expect(j?.text?.text).toMatch(/<!date\^\d+\^\{date_short_pretty\} \{time\}\|2025-03-10 11:59 UTC>/)
    expect(j?.accessory).toMatchObject({ type: "button", text: { text: "Repeat" }, value: `r:1:j:${jobId(1)}` })
    expect(j?.accessory?.action_id.startsWith(`${ActionIds.repeatJob}:`)).toBe(true)
    expect(repeatAllButton(d.blocks)).toBeUndefined()
    expect(d.shown).toEqual([{ recipeId: 1, masterJobId: jobId(1) }])
  })

  it("7 failures: grouped per recipe (most failures first), then per error, newest job first", () => {
    const failures = [
      job({ n: 1, recipeId: 2, recipeName: "CRM", jobUrl: `${UI}/recipes/2/job/${jobId(1)}` }),
      job({ n: 2 }),
      job({ n: 3, adapter: "http", errorType: "Timeout" }),
      job({ n: 4 }),
      job({ n: 5, recipeId: 3, recipeName: "Billing", isPollError: true, adapter: "netsuite", errorType: "Timeout" }),
      job({ n: 6 }),
      job({ n: 7, adapter: "http", errorType: "Timeout", message: "Read timeout after 60s" })
    ]
    const d = digest(failures)
    expect(checkLimits(d)).toEqual([])
    expect(d.omitted).toBe(0)
    const ids = d.blocks.map((b) => b.block_id)
    expect(ids).toEqual([
      "header",
      "summary",
      "repeat_all",
      "recipe:1",
      "grp:1:0", // salesforce · Record not found: 3 jobs
      `job:1:${jobId(2)}`,
      `job:1:${jobId(4)}`,
      `job:1:${jobId(6)}`,
      "grp:1:1", // http · Timeout: 2 jobs
      `job:1:${jobId(3)}`,
      `job:1:${jobId(7)}`,
      "recipe:2",
      "grp:2:0",
      `job:2:${jobId(1)}`,
      "recipe:3",
      "grp:3:0",
      `job:3:${jobId(5)}`
    ])
    const text = (id: string) => JSON.stringify(d.blocks.find((b) => b.block_id === id))
    expect(text("grp:1:0")).toContain("salesforce · Record not found")
    expect(text("grp:1:1")).toContain("http · Timeout")
    expect(text("recipe:1")).toContain(`<${UI}/recipes/1|Orders>`)
    expect(text("recipe:1")).toContain("5 failed jobs")
    expect(d.blocks[0]).toMatchObject({ text: { text: "7 failed Workato jobs" } })
    expect(d.text).toBe("7 failed Workato jobs in 3 recipes: Orders (5), CRM (1), Billing (1)")
  })

  it("trigger (poll) errors: no button, labelled, not counted by Repeat all", () => {
    const failures = [job({ n: 1 }), job({ n: 2, isPollError: true }), job({ n: 3 }), job({ n: 4, isPollError: true })]
    const d = digest(failures)
    expect(checkLimits(d)).toEqual([])
    for (const b of jobBlocks(d.blocks)) {
      const poll = b.block_id === `job:1:${jobId(2)}` || b.block_id === `job:1:${jobId(4)}`
      expect(b.accessory === undefined).toBe(poll)
      if (poll) expect(b.text?.text).toContain("trigger error")
    }
    expect(JSON.stringify(d.blocks)).toContain("*Trigger errors*")
    expect(d.repeatable).toEqual([
      { recipeId: 1, masterJobId: jobId(1) },
      { recipeId: 1, masterJobId: jobId(3) }
    ])
    expect(repeatAllButton(d.blocks)?.text.text).toBe("Repeat all 2")
  })

  it("Repeat all: value is the digest id, confirm dialog complete, count only repeatable jobs", () => {
    const failures = makeFailures(40, { recipes: 3, pollRate: 0.3 })
    const d = digest(failures, "digest-42")
    expect(checkLimits(d)).toEqual([])
    const repeatable = new Set(failures.filter((f) => !f.isPollError).map((f) => f.masterJobId))
    expect(d.repeatable.length).toBe(repeatable.size)
    const b = repeatAllButton(d.blocks)
    expect(b).toMatchObject({ action_id: ActionIds.repeatAll, value: "digest-42", text: { text: `Repeat all ${repeatable.size}` } })
    expect(b?.confirm?.title.text).toBe(`Repeat ${repeatable.size} failed jobs?`)
    expect(b?.confirm?.text.text.length).toBeGreaterThan(0)
    expect(b?.confirm?.confirm.text).toBe(`Repeat ${repeatable.size}`)
    expect(b?.confirm?.deny.text).toBe("Cancel")
  })

  it("folds a job and its failed repeats into one entry with one button", () => {
    const master = jobId(1)
    const failures = [
      job({ n: 1 }),
      job({ n: 0, jobId: "j-repeat-1", masterJobId: master, message: "Still not found" }),
      job({ n: 2 })
    ]
    const d = digest(failures)
    expect(checkLimits(d)).toEqual([])
    expect(d.shown).toEqual([
      { recipeId: 1, masterJobId: master },
      { recipeId: 1, masterJobId: jobId(2) }
    ])
    const folded = jobBlocks(d.blocks)[0]
    expect(folded?.text?.text).toContain("Still not found") // newest failure shown
    expect(folded?.text?.text).toContain("failed 2 times")
    expect(d.blocks[0]).toMatchObject({ text: { text: "3 failed Workato jobs" } })
    expect(d.omitted).toBe(0)
  })

  it("button values round-trip through parseRepeatValue", () => {
    const d = digest(makeFailures(30, { recipes: 4, pollRate: 0 }))
    for (const b of jobBlocks(d.blocks)) {
      const ref = parseRepeatValue(b.accessory?.value)
      expect(ref).toBeDefined()
      expect(d.shown).toContainEqual(ref)
      expect(b.block_id).toBe(`job:${ref?.recipeId}:${ref?.masterJobId}`)
    }
    expect(parseRepeatValue("r:12:j:j-abc-def")).toEqual({ recipeId: 12, masterJobId: "j-abc-def" })
    expect(parseRepeatValue("r:x:j:j-abc")).toBeUndefined()
    expect(parseRepeatValue("r:1:j:")).toBeUndefined()
    expect(parseRepeatValue("digest-1")).toBeUndefined()
    expect(parseRepeatValue(undefined)).toBeUndefined()
  })

  for (const [n, recipes] of [
    [500, 40],
    [5000, 300]
  ] as const) {
    it(`${n} failures across ${recipes} recipes: within every limit, the rest summarised`, () => {
      const failures = makeFailures(n, { recipes })
      const d = digest(failures)
      expect(checkLimits(d, { maxText: TEXT_BUDGET })).toEqual([])
      expect(d.blocks.length).toBeLessThanOrEqual(50)
      const shownFailures = n - d.omitted
      expect(d.shown.length).toBeGreaterThan(5)
      expect(shownFailures).toBe(d.shown.length) // no repeats in these fixtures
      const more = d.blocks.at(-1)
      expect(more?.block_id).toBe(BlockIds.more)
      expect(JSON.stringify(more)).toContain(`…and ${d.omitted.toLocaleString("en-US")} more failed jobs`)
      expect(JSON.stringify(more)).toContain(`<${UI}/recipes/`)
      expect(repeatAllButton(d.blocks)?.text.text).toBe(`Repeat all ${d.repeatable.length.toLocaleString("en-US")}`)
      expect(new Set(d.shown.map((s) => s.masterJobId)).size).toBe(d.shown.length)
    })
  }

  // CPU-bound (thousands of 3,000-character jobs): vitest's 5 s default is too short on a busy host.
  it("adversarial text: 3,000-char titles/messages/names, markup, emoji, lone surrogates, long URLs", () => {
    const failures = makeFailures(5000, {
      recipes: 300,
      seed: 3,
      title: (i) => nasty(3000, i),
      message: (i) => nasty(3000, i + 1),
      recipeName: (id) => nasty(3000, id)
    }).map((f, i) => (i % 7 === 0 ? { ...f, jobUrl: `${UI}/${"x".repeat(3000)}` } : f))
    const d = digest(failures)
    expect(checkLimits(d, { maxText: TEXT_BUDGET })).toEqual([])
    expect(JSON.stringify(d.blocks)).not.toContain("<!channel>")
    expect(d.text.length).toBeLessThanOrEqual(3000)
  }, 60_000)

  it("one huge recipe: depth instead of breadth, still within limits", () => {
    const d = digest(makeFailures(2000, { recipes: 1, pollRate: 0 }))
    expect(checkLimits(d, { maxText: TEXT_BUDGET })).toEqual([])
    expect(d.shown.length).toBeGreaterThanOrEqual(15)
    expect(JSON.stringify(d.blocks.at(-1))).toContain("in 1 recipe: ")
  })

  it("recipes beyond the room still appear in the summary line with their counts", () => {
    const d = digest(makeFailures(900, { recipes: 300 }))
    const shownRecipes = new Set(d.shown.map((s) => s.recipeId))
    const more = JSON.stringify(d.blocks.at(-1))
    const notShown = [...new Set(makeFailures(900, { recipes: 300 }).map((f) => f.recipeId))].filter((r) => !shownRecipes.has(r))
    expect(notShown.length).toBeGreaterThan(0)
    expect(more).toContain(`/recipes/${notShown[0]}|`)
    expect(checkLimits(d)).toEqual([])
  })

  it("odd master job ids: long, with separators, or too long for a button value", () => {
    const weird = ["j:with:colons", "x".repeat(1990), "y".repeat(5000), "j-é-😀", "j-plain"]
    const failures = weird.map((masterJobId, n) => job({ n, masterJobId, jobId: `j-${n}` }))
    const d = digest(failures)
    expect(checkLimits(d)).toEqual([])
    const withButton = jobBlocks(d.blocks).filter((b) => b.accessory !== undefined)
    expect(withButton.map((b) => parseRepeatValue(b.accessory?.value)?.masterJobId).sort()).toEqual(
      weird.filter((w) => w.length < 2000).sort()
    )
    expect(d.repeatable.length).toBe(4)
    expect(JSON.stringify(d.blocks)).toContain("cannot be repeated from Slack")
    expect(jobBlocks(d.blocks).find((b) => b.block_id === "job:1:j-plain")).toBeDefined()
  })
})
