import { describe, expect, it } from "vitest"
import {
  type AnyBlock,
  applyRepeatOutcome,
  BlockIds,
  type FailedJob,
  OUTCOME_LINE_MAX,
  outcomeLine,
  renderDigest,
  RepeatOutcome,
  TEXT_BUDGET
} from "../../src/blocks/index.js"
import { checkLimits } from "./checkLimits.js"
import { jobId, makeFailures, nasty, recipeUrl, T0, UI } from "./fixtures.js"

const digestOf = (failures: ReadonlyArray<FailedJob>) =>
  renderDigest({ digestId: "d-1", failures, recipeUrl, now: T0 })

const section = (blocks: ReadonlyArray<AnyBlock>, id: string) => {
  const b = blocks.find((x) => x.block_id === id) as { text?: { text: string }; accessory?: unknown } | undefined
  return b
}

const base = digestOf(makeFailures(7, { recipes: 2, pollRate: 0 }))
const target = base.shown[0]!
const targetBlock = `job:${target.recipeId}:${target.masterJobId}`
const by = "U024BE7LH"

describe("applyRepeatOutcome", () => {
  const outcomes: ReadonlyArray<readonly [RepeatOutcome, string]> = [
    [
      RepeatOutcome.Repeated({ by, newJobId: "j-NEW-1", newJobUrl: `${UI}/recipes/1/job/j-NEW-1` }),
      `:repeat: Repeated by <@${by}> → new job <${UI}/recipes/1/job/j-NEW-1|j-NEW-1>`
    ],
    [
      RepeatOutcome.NotRepeated({ by, reason: "its trigger data was erased under the retention policy, so it cannot be repeated." }),
      `:no_entry_sign: Could not repeat (<@${by}>): its trigger data was erased under the retention policy, so it cannot be repeated.`
    ],
    [
      RepeatOutcome.Unknown({ by, reason: "Workato did not answer in time; check the job page before trying again" }),
      `:grey_question: Outcome unknown (<@${by}>): Workato did not answer in time; check the job page before trying again`
    ],
    [RepeatOutcome.InProgress({ by }), `:hourglass_flowing_sand: Repeat in progress by <@${by}>…`]
  ]

  for (const [outcome, line] of outcomes) {
    it(`${outcome._tag}: the button is replaced by the outcome line, nothing else changes`, () => {
      const after = applyRepeatOutcome(base.blocks, target.masterJobId, outcome)
      expect(checkLimits({ blocks: after })).toEqual([])
      const b = section(after, targetBlock)
      expect(b?.accessory).toBeUndefined()
      expect(b?.text?.text.split("\n").at(-1)).toBe(line)
      expect(b?.text?.text.startsWith((section(base.blocks, targetBlock)?.text?.text ?? "") + "\n")).toBe(true)
      after.forEach((x, i) => {
        if (x.block_id !== targetBlock) expect(x).toBe(base.blocks[i])
      })
      expect(after.length).toBe(base.blocks.length)
    })
  }

  it("is idempotent, and a later outcome replaces an earlier one", () => {
    const [repeated] = outcomes[0]!
    const [inProgress] = outcomes[3]!
    const once = applyRepeatOutcome(base.blocks, target.masterJobId, repeated)
    expect(applyRepeatOutcome(once, target.masterJobId, repeated)).toEqual(once)
    const sequence = applyRepeatOutcome(applyRepeatOutcome(base.blocks, target.masterJobId, inProgress), target.masterJobId, repeated)
    expect(sequence).toEqual(once)
    expect(section(sequence, targetBlock)?.text?.text).not.toContain("in progress")
  })

  it("works on blocks as Slack echoes them in a click payload", () => {
    const echoed = JSON.parse(JSON.stringify(base.blocks)) as Array<Record<string, unknown>>
    for (const b of echoed) {
      const t = b.text as Record<string, unknown> | undefined
      if (t?.type === "mrkdwn") t.verbatim = false
    }
    echoed.push({ type: "rich_text", block_id: "x", elements: [] })
    const after = applyRepeatOutcome(echoed as Array<AnyBlock>, target.masterJobId, outcomes[0]![0])
    expect(section(after, targetBlock)?.accessory).toBeUndefined()
    expect(section(after, targetBlock)?.text?.text).toContain(":repeat: Repeated by")
    expect(after.at(-1)).toEqual({ type: "rich_text", block_id: "x", elements: [] })
  })

  it("finds a job by its button value when the block_id is someone else's", () => {
    const blocks: Array<AnyBlock> = [
      {
        type: "section",
        block_id: "custom",
        text: { type: "mrkdwn", text: "job" },
        accessory: { type: "button", action_id: "x", text: { type: "plain_text", text: "Repeat" }, value: "r:5:j:j-abc" }
      }
    ]
    const after = applyRepeatOutcome(blocks, { recipeId: 5, masterJobId: "j-abc" }, outcomes[3]![0])
    expect(after[0]).toMatchObject({ block_id: "custom", text: { text: `job\n${outcomes[3]![1]}` } })
    expect(applyRepeatOutcome(blocks, { recipeId: 6, masterJobId: "j-abc" }, outcomes[3]![0])).toEqual(blocks)
  })

  it("leaves messages without that job unchanged", () => {
    expect(applyRepeatOutcome(base.blocks, "j-unknown", outcomes[0]![0])).toEqual(base.blocks)
  })

  it("keeps outcome lines bounded, with links and reasons made safe", () => {
    const long = [
      RepeatOutcome.NotRepeated({ by: "<!channel>", reason: nasty(3000, 1) }),
      RepeatOutcome.Unknown({ by, reason: nasty(3000, 2) }),
      RepeatOutcome.Repeated({ by, newJobId: nasty(500, 3), newJobUrl: `${UI}/${"x".repeat(3000)}` }),
      RepeatOutcome.Repeated({ by, newJobId: "j-1", newJobUrl: "javascript:alert(1)" })
    ]
    for (const o of long) {
      const line = outcomeLine(o)
      expect(line.length).toBeLessThanOrEqual(OUTCOME_LINE_MAX)
      expect(checkLimits({ blocks: [{ type: "section", text: { type: "mrkdwn", text: line } }] })).toEqual([])
    }
  })

  // CPU-bound (thousands of 3,000-character jobs): vitest's 5 s default is too short on a busy host.
  it("a digest stays within its budget after every shown job gets the longest outcome", () => {
    for (const failures of [
      makeFailures(5000, { recipes: 300, title: (i) => nasty(3000, i), message: (i) => nasty(3000, i + 9) }),
      makeFailures(5000, { recipes: 1, pollRate: 0, title: (i) => nasty(3000, i), message: (i) => nasty(3000, i + 9) }),
      makeFailures(5000, { recipes: 1, pollRate: 0 })
    ]) {
      const d = digestOf(failures)
      let blocks: Array<AnyBlock> = d.blocks
      for (const ref of d.shown) {
        blocks = applyRepeatOutcome(blocks, ref, RepeatOutcome.NotRepeated({ by, reason: "x".repeat(3000) }))
      }
      expect(checkLimits({ blocks }, { maxText: TEXT_BUDGET })).toEqual([])
      expect(JSON.stringify(blocks)).not.toContain("repeat_job:")
      expect(blocks.find((b) => b.block_id === BlockIds.repeatAll)).toBeDefined()
    }
  }, 60_000)

  it("only the job clicked loses its button when two jobs of one master were folded", () => {
    const failures: Array<FailedJob> = makeFailures(3, { recipes: 1, pollRate: 0 })
    const first = failures[0]!
    failures.push({ ...first, jobId: "j-rep", masterJobId: first.masterJobId })
    const d = digestOf(failures)
    const after = applyRepeatOutcome(d.blocks, first.masterJobId, outcomes[3]![0])
    const buttons = JSON.stringify(after).match(/"repeat_job:/g) ?? []
    expect(buttons.length).toBe(d.shown.length - 1)
    expect(jobId(0)).toBe(first.jobId)
  })

  it("finds jobs whose master id was hashed into the block_id", () => {
    const long = "j-" + "z".repeat(500)
    const failures = makeFailures(3, { recipes: 1, pollRate: 0 }).map((f, i) => (i === 1 ? { ...f, masterJobId: long } : f))
    const d = digestOf(failures)
    const after = applyRepeatOutcome(d.blocks, long, outcomes[3]![0])
    const changed = after.filter((b, i) => b !== d.blocks[i])
    expect(changed.length).toBe(1)
    expect(changed[0]?.block_id).toMatch(/^job:\d+:~[0-9a-f]{16}$/)
    expect(JSON.stringify(changed[0])).toContain("Repeat in progress")
  })
})
