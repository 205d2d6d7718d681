import { describe, expect, it } from "vitest"
import {
  renderHelp,
  renderNotice,
  renderRepeatReport,
  renderUsageError,
  renderWatches,
  RepeatOutcome,
  SUBCOMMANDS,
  Usage,
  usageLine
} from "../../src/blocks/index.js"
import { checkLimits } from "./checkLimits.js"
import { nasty, recipeUrl, T0, UI } from "./fixtures.js"

const json = (v: unknown) => JSON.stringify(v)

describe("help", () => {
  it("has one usage line per subcommand, as the issue spells them", () => {
    expect(SUBCOMMANDS).toEqual(["help", "failures", "job", "repeat", "digest", "watch", "unwatch", "watches"])
    expect(Usage).toEqual({
      help: "help",
      failures: "failures <recipe_id> [limit]",
      job: "job <recipe_id> <job_id>",
      repeat: "repeat <recipe_id> <job_id>…",
      digest: "digest [<recipe_id>…]",
      watch: "watch <recipe_id> [every <duration>] · watch folder <folder_id> [every <duration>]",
      unwatch: "unwatch <recipe_id> · unwatch folder <folder_id>",
      watches: "watches"
    })
    expect(usageLine("job")).toBe("/workato job <recipe_id> <job_id>")
  })

  it("lists every subcommand, escaped", () => {
    const m = renderHelp({ notes: ['Durations: "15 minutes", "30m", "2h"'] })
    expect(checkLimits(m)).toEqual([])
    for (const s of SUBCOMMANDS) expect(json(m.blocks)).toContain(`/workato ${Usage[s].replace(/</g, "&lt;").replace(/>/g, "&gt;")}`)
  })

  it("bad input: the problem and the right usage", () => {
    const m = renderUsageError({ problem: 'the recipe id must be a number, not "abc<>"', subcommand: "failures" })
    expect(checkLimits(m)).toEqual([])
    expect(json(m.blocks)).toContain("Sorry, the recipe id must be a number, not \\\"abc&lt;&gt;\\\".")
    expect(json(m.blocks)).toContain("Usage: `/workato failures &lt;recipe_id&gt; [limit]`")
    expect(m.text).toBe('Sorry, the recipe id must be a number, not "abc<>". Usage: /workato failures <recipe_id> [limit]')
    const unknown = renderUsageError({ problem: '"frobnicate" is not a /workato subcommand' })
    expect(checkLimits(unknown)).toEqual([])
    for (const s of SUBCOMMANDS) expect(json(unknown.blocks)).toContain(`/workato ${s}`)
  })
})

describe("watches", () => {
  it("empty channel: says how to add one", () => {
    const m = renderWatches({ channelId: "C0123ABC", watches: [] })
    expect(checkLimits(m)).toEqual([])
    expect(json(m.blocks)).toContain("No recipes are watched in <#C0123ABC>")
    expect(json(m.blocks)).toContain("/workato watch &lt;recipe_id&gt; [every &lt;duration&gt;]")
  })

  it("lists watched folders first, with their recipe count (or that it is unknown)", () => {
    const m = renderWatches({
      channelId: "C0123ABC",
      watches: [{ recipeId: 9, recipeName: "CRM", recipeUrl: recipeUrl(9), every: "1 hour" }],
      folders: [
        { folderId: 7002, recipeCount: undefined, every: "15 minutes" },
        { folderId: 7001, recipeCount: 12, every: "1 hour" }
      ]
    })
    expect(checkLimits(m)).toEqual([])
    expect(m.text).toBe("2 folders and 1 recipe watched in this channel")
    const text = json(m.blocks)
    expect(text.indexOf("Folder `7001`")).toBeLessThan(text.indexOf("Folder `7002`"))
    expect(text.indexOf("Folder `7002`")).toBeLessThan(text.indexOf("CRM"))
    expect(text).toContain("12 recipes")
    expect(text).toContain("recipes unknown")
  })

  it("lists watches by recipe id with interval and digest times", () => {
    const m = renderWatches({
      channelId: "C0123ABC",
      watches: [
        { recipeId: 9, recipeName: "CRM", recipeUrl: recipeUrl(9), every: "1 hour" },
        { recipeId: 3, recipeName: "Orders", recipeUrl: recipeUrl(3), every: "15 minutes", lastDigestAt: T0, nextDigestAt: T0 + 900_000 }
      ]
    })
    expect(checkLimits(m)).toEqual([])
    const s = json(m.blocks)
    expect(s.indexOf("Orders")).toBeLessThan(s.indexOf("CRM"))
    expect(s).toContain(`*<${UI}/recipes/3|Orders>* (recipe \`3\`) · every 15 minutes · last digest <!date^`)
    expect(m.text).toBe("2 recipes watched in this channel")
  })

  it("hundreds of watches with adversarial names stay within limits", () => {
    const watches = Array.from({ length: 600 }, (_, i) => ({
      recipeId: i,
      recipeName: nasty(3000, i),
      recipeUrl: `${UI}/${"x".repeat(900)}`,
      every: nasty(100, i),
      lastDigestAt: T0
    }))
    const m = renderWatches({ channelId: "C1", watches })
    expect(checkLimits(m)).toEqual([])
    expect(json(m.blocks.find((b) => b.block_id === "more"))).toMatch(/more recipe/)
  })
})

describe("repeat report", () => {
  it("one line per job with its outcome, and a tally", () => {
    const m = renderRepeatReport({
      recipeId: 5,
      recipeName: "Orders",
      recipeUrl: recipeUrl(5),
      items: [
        { jobId: "j-1", jobUrl: `${recipeUrl(5)}/job/j-1`, outcome: RepeatOutcome.Repeated({ by: "U1ABC", newJobId: "j-9", newJobUrl: `${recipeUrl(5)}/job/j-9` }) },
        { jobId: "j-2", outcome: RepeatOutcome.NotRepeated({ by: "U1ABC", reason: "not an original (master) job; repeat the original instead." }) },
        { jobId: "j-3", outcome: RepeatOutcome.Unknown({ by: "U1ABC", reason: "Workato did not answer" }) }
      ]
    })
    expect(checkLimits(m)).toEqual([])
    expect(m.text).toBe("Repeat of 3 jobs in Orders: 1 repeated, 1 could not be repeated, 1 unknown")
    const s = json(m.blocks)
    expect(s).toContain(`<${recipeUrl(5)}/job/j-1|j-1>: :repeat: Repeated by <@U1ABC> → new job <${recipeUrl(5)}/job/j-9|j-9>`)
    expect(s).toContain("`j-2`: :no_entry_sign: Could not repeat (<@U1ABC>): not an original (master) job")
  })

  it("hundreds of jobs with long reasons stay within limits", () => {
    const items = Array.from({ length: 500 }, (_, i) => ({
      jobId: `j-${i}`,
      jobUrl: `${UI}/${"x".repeat(990)}`,
      outcome: RepeatOutcome.NotRepeated({ by: "U1ABC", reason: nasty(3000, i) })
    }))
    const m = renderRepeatReport({ recipeId: 5, items })
    expect(checkLimits(m)).toEqual([])
    expect(json(m.blocks.at(-1))).toMatch(/…and \d+ more jobs/)
  })
})

describe("notice", () => {
  it("escapes plain words", () => {
    const m = renderNotice("recipe 123 not found <@U1>", { icon: ":warning:" })
    expect(checkLimits(m)).toEqual([])
    expect(m.blocks[0]).toMatchObject({ text: { text: ":warning: recipe 123 not found &lt;@U1&gt;" } })
    expect(checkLimits(renderNotice(nasty(10000)))).toEqual([])
  })
})
