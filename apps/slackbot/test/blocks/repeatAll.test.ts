import { describe, expect, it } from "vitest"
import {
  type AnyBlock,
  BlockIds,
  renderDigest,
  renderRepeatAllProgress,
  renderRepeatAllSummary,
  repeatAllSummaryText,
  TEXT_BUDGET
} from "../../src/blocks/index.js"
import { checkLimits } from "./checkLimits.js"
import { makeFailures, recipeUrl, T0 } from "./fixtures.js"

const d = renderDigest({ digestId: "d-9", failures: makeFailures(130, { recipes: 5, pollRate: 0 }), recipeUrl, now: T0 })
const statusOf = (blocks: ReadonlyArray<AnyBlock>) =>
  (blocks.find((b) => b.block_id === BlockIds.repeatAll) as { type: string; text?: { text: string } } | undefined)

describe("Repeat all progress and summary", () => {
  it("the digest counts every repeatable job, listed or not, and says so in the confirm", () => {
    expect(d.repeatable.length).toBe(130)
    const button = JSON.stringify(d.blocks.find((b) => b.block_id === BlockIds.repeatAll))
    expect(button).toContain("Repeat all 130")
    expect(button).toContain(`${130 - d.shown.length} of them are not listed in this message`)
  })

  it("progress replaces the button in place", () => {
    const blocks = renderRepeatAllProgress(d.blocks, { done: 50, total: 130, by: "U1ABC" })
    expect(statusOf(blocks)).toEqual({
      type: "section",
      block_id: "repeat_all",
      text: { type: "mrkdwn", text: ":hourglass_flowing_sand: Repeating 50 of 130… (Repeat all by <@U1ABC>)", verbatim: true }
    })
    expect(blocks.length).toBe(d.blocks.length)
    expect(JSON.stringify(blocks)).not.toContain('"action_id":"repeat_all"')
    expect(checkLimits({ blocks }, { maxText: TEXT_BUDGET })).toEqual([])
    // Progress again (next batch) replaces the earlier line.
    const later = renderRepeatAllProgress(blocks, { done: 100, total: 130, by: "U1ABC" })
    expect(statusOf(later)?.text?.text).toContain("Repeating 100 of 130…")
    expect(renderRepeatAllProgress(later, { done: 100, total: 130, by: "U1ABC" })).toEqual(later)
  })

  it("the final summary counts each kind of outcome", () => {
    expect(repeatAllSummaryText({ total: 130, repeated: 120, notRepeated: 7, unknown: 3 })).toBe(
      ":warning: 130 jobs: 120 repeated, 7 could not be repeated, 3 unknown"
    )
    expect(repeatAllSummaryText({ total: 2, repeated: 2, notRepeated: 0, unknown: 0, by: "U1ABC" })).toBe(
      ":white_check_mark: 2 jobs: 2 repeated (Repeat all by <@U1ABC>)"
    )
    const blocks = renderRepeatAllSummary(renderRepeatAllProgress(d.blocks, { done: 130, total: 130 }), {
      total: 130,
      repeated: 120,
      notRepeated: 7,
      unknown: 3,
      by: "U1ABC"
    })
    expect(statusOf(blocks)?.text?.text).toBe(":warning: 130 jobs: 120 repeated, 7 could not be repeated, 3 unknown (Repeat all by <@U1ABC>)")
    expect(checkLimits({ blocks })).toEqual([])
  })

  it("leaves messages without a Repeat-all button unchanged", () => {
    const one = renderDigest({ digestId: "d", failures: makeFailures(1, { recipes: 1, pollRate: 0 }), recipeUrl, now: T0 })
    expect(renderRepeatAllProgress(one.blocks, { done: 1, total: 1 })).toEqual(one.blocks)
  })
})
