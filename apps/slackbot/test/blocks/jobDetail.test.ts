import { describe, expect, it } from "vitest"
import {
  applyRepeatOutcome,
  type JobDetailView,
  parseRepeatValue,
  renderJobDetail,
  RepeatOutcome,
  TEXT_BUDGET
} from "../../src/blocks/index.js"
import { checkLimits } from "./checkLimits.js"
import { nasty, UI } from "./fixtures.js"

const failed: JobDetailView = {
  recipeId: 42,
  recipeName: "Orders → NetSuite",
  recipeUrl: `${UI}/recipes/42`,
  jobId: "j-AbCdEfGh-IjKlMn",
  masterJobId: "j-AbCdEfGh-IjKlMn",
  title: "New order #1001",
  status: "failed",
  isError: true,
  isPollError: false,
  startedAt: "2025-03-10T12:00:00Z",
  completedAt: "2025-03-10T12:01:23Z",
  jobUrl: `${UI}/recipes/42/job/j-AbCdEfGh-IjKlMn`,
  failingStep: { lineNumber: 4, adapter: "netsuite", operation: "search_records" },
  error: {
    errorType: "Record not found",
    message: "Customer <ACME & Co> not found",
    innerMessage: "404 from https://netsuite.example/customers?id=7",
    httpStatus: 404
  }
}

const json = (v: unknown) => JSON.stringify(v)

describe("renderJobDetail", () => {
  it("a failed job: status, timings, title, failing step, error and a Repeat button", () => {
    const m = renderJobDetail(failed)
    expect(checkLimits(m)).toEqual([])
    expect(m.blocks[0]).toMatchObject({ type: "header", text: { text: ":x: Job j-AbCdEfGh-IjKlMn failed" } })
    const s = json(m.blocks)
    expect(s).toContain(`<${UI}/recipes/42/job/j-AbCdEfGh-IjKlMn|New order #1001>`)
    expect(s).toContain(`<${UI}/recipes/42|Orders → NetSuite>`)
    expect(s).toContain("*Duration*\\n1 minute 23 seconds")
    expect(s).toContain("<!date^1741608000^{date_short_pretty} {time_secs}|2025-03-10 12:00 UTC>")
    expect(s).toContain("*Failing step:* line 4 · *netsuite* · `search_records`")
    expect(s).toContain("*Error:* Record not found · HTTP 404")
    expect(s).toContain("Customer &lt;ACME &amp; Co&gt; not found")
    expect(s).toContain("*Inner message:* 404 from https://netsuite.example/customers?id=7")
    expect(m.repeatable).toEqual({ recipeId: 42, masterJobId: failed.jobId })
    const title = m.blocks[1]
    expect(title?.type === "section" && parseRepeatValue(title.accessory?.value)).toEqual(m.repeatable)
    expect(m.text).toBe("Job j-AbCdEfGh-IjKlMn of Orders → NetSuite failed: Customer <ACME & Co> not found")
  })

  it("a succeeded job: no error, no button", () => {
    const m = renderJobDetail({
      ...failed,
      status: "succeeded",
      isError: false,
      failingStep: undefined as never,
      error: undefined as never
    })
    expect(checkLimits(m)).toEqual([])
    expect(m.blocks[0]).toMatchObject({ text: { text: ":white_check_mark: Job j-AbCdEfGh-IjKlMn succeeded" } })
    expect(json(m.blocks)).not.toContain("Failing step")
    expect(json(m.blocks)).not.toContain("button")
    expect(m.repeatable).toBeUndefined()
  })

  it("a pending job shows it is still running", () => {
    const m = renderJobDetail({ ...failed, status: "pending", isError: false, completedAt: null })
    expect(checkLimits(m)).toEqual([])
    expect(json(m.blocks)).toContain("still running")
    expect(json(m.blocks)).toContain("not completed")
    expect(m.repeatable).toBeUndefined()
  })

  it("a repeat that failed: the button repeats its master job", () => {
    const m = renderJobDetail({ ...failed, jobId: "j-rep-1", masterJobId: "j-master-1", isRepeat: true })
    expect(m.repeatable).toEqual({ recipeId: 42, masterJobId: "j-master-1" })
    expect(json(m.blocks)).toContain("Repeat of `j-master-1`")
  })

  it("a trigger (poll) error: labelled, no button", () => {
    const m = renderJobDetail({ ...failed, isPollError: true })
    expect(checkLimits(m)).toEqual([])
    expect(m.repeatable).toBeUndefined()
    expect(json(m.blocks)).toContain("Trigger (poll) error")
    expect(m.blocks[0]).toMatchObject({ text: { text: ":x: Job j-AbCdEfGh-IjKlMn trigger error" } })
  })

  it("adversarial values stay within limits, also after a repeat outcome", () => {
    const m = renderJobDetail({
      ...failed,
      recipeName: nasty(3000, 1),
      recipeUrl: `${UI}/${"r".repeat(990)}`,
      title: nasty(3000, 2),
      jobUrl: `${UI}/${"j".repeat(990)}`,
      jobId: nasty(300, 3),
      masterJobId: "j-" + "m".repeat(100),
      isRepeat: true,
      status: nasty(200, 4),
      failingStep: { lineNumber: 99999, adapter: nasty(3000, 5), operation: nasty(3000, 6) },
      error: { errorType: nasty(3000, 7), message: nasty(3000, 8), innerMessage: nasty(3000, 9), httpStatus: 500 }
    })
    expect(checkLimits(m)).toEqual([])
    const after = applyRepeatOutcome(m.blocks, m.repeatable!, RepeatOutcome.NotRepeated({ by: "U1ABC", reason: nasty(3000, 10) }))
    expect(checkLimits({ blocks: after }, { maxText: TEXT_BUDGET })).toEqual([])
    expect(json(after)).not.toContain("repeat_job")
  })
})
