/**
 * The failure digest: a header with the count, failures grouped per recipe and then
 * per error (adapter + error type), one section per job with its Repeat button, a
 * "Repeat all N" button, and "…and N more" for whatever does not fit.
 *
 * Room is shared breadth-first: every recipe that fits gets its newest failure
 * before any recipe gets a second one. Order: recipes with the most failed jobs
 * first (then the most recent failure, then recipe id); within a recipe, error
 * groups by the same rule; within a group, newest job first.
 */
import { Budget } from "./budget.js"
import { slackDate, type Timestamp } from "./dates.js"
import { BlockIds } from "./ids.js"
import { collapseByMaster, errorKindLabel, jobCost, jobSection, type JobEntry, newestFirst } from "./jobSection.js"
import { blockTextLength, Limits, link, mrkdwn, mrkdwnEscaped, oneLine, plural, truncate } from "./limits.js"
import type { FailedJob, JobRef } from "./model.js"
import { REPEAT_ALL_STATUS_MAX, repeatAllBlock } from "./repeatAll.js"
import type { Block, SectionBlock } from "./types.js"

export interface DigestInput {
  /** Identifies the digest for "Repeat all" (the button's value); ≤ 2,000 characters. */
  readonly digestId: string
  readonly failures: ReadonlyArray<FailedJob>
  /** Workato UI page of a recipe (its job list). */
  readonly recipeUrl: (recipeId: number) => string
  /** Start of the period covered ("since …"). */
  readonly since?: Timestamp
  readonly now: Timestamp
}

export interface Digest {
  readonly text: string
  readonly blocks: Array<Block>
  /** Jobs with a section in the message, in display order (one per master job). */
  readonly shown: ReadonlyArray<JobRef>
  /** Failed jobs not in the message (summarised as "…and N more"). */
  readonly omitted: number
  /**
   * What "Repeat all" repeats: every repeatable master job of the digest, listed or
   * not, in display order. Its length is the N of "Repeat all N" (no button when < 2).
   */
  readonly repeatable: ReadonlyArray<JobRef>
}

/** Longest "…and N more" section. */
const MORE_MAX = 1500
const RECIPE_NAME_MAX = 100

interface ErrorGroup {
  readonly label: string
  readonly isPoll: boolean
  readonly entries: Array<JobEntry>
  failures: number
  readonly newest: number
}

interface RecipeGroup {
  readonly recipeId: number
  name: string
  readonly groups: Array<ErrorGroup>
  failures: number
  readonly newest: number
}

const errorKey = (job: FailedJob): string => `${job.isPollError ? "poll" : "job"}\u0000${job.adapter ?? ""}\u0000${job.errorType ?? ""}`

const byCountThenRecency = <A extends { readonly failures: number; readonly newest: number }>(a: A, b: A): number =>
  b.failures - a.failures || a.newest - b.newest

/** Recipes → error groups → entries, in display order (`newest` = rank of its newest entry). */
const groupFailures = (entries: ReadonlyArray<JobEntry>): Array<RecipeGroup> => {
  const recipes = new Map<number, RecipeGroup & { byError: Map<string, ErrorGroup> }>()
  entries.forEach((entry, rank) => {
    const job = entry.latest
    let recipe = recipes.get(job.recipeId)
    if (recipe === undefined) {
      recipe = { recipeId: job.recipeId, name: "", groups: [], failures: 0, newest: rank, byError: new Map() }
      recipes.set(job.recipeId, recipe)
    }
    if (recipe.name === "" && job.recipeName !== undefined && oneLine(job.recipeName) !== "") {
      recipe.name = job.recipeName
    }
    const key = errorKey(job)
    let group = recipe.byError.get(key)
    if (group === undefined) {
      group = { label: errorKindLabel(job.adapter, job.errorType), isPoll: job.isPollError, entries: [], failures: 0, newest: rank }
      recipe.byError.set(key, group)
      recipe.groups.push(group)
    }
    group.entries.push(entry)
    group.failures += entry.failures
    recipe.failures += entry.failures
  })
  const out = [...recipes.values()]
  for (const r of out) r.groups.sort(byCountThenRecency)
  return out.sort((a, b) => byCountThenRecency(a, b) || a.recipeId - b.recipeId)
}

const recipeLabel = (r: { readonly recipeId: number; readonly name: string }): string =>
  r.name === "" ? `Recipe ${r.recipeId}` : r.name

const recipeSection = (r: RecipeGroup, url: string): SectionBlock => ({
  type: "section",
  block_id: `recipe:${r.recipeId}`,
  text: mrkdwn(
    `*${link(url, recipeLabel(r), RECIPE_NAME_MAX)}* · recipe \`${r.recipeId}\` · ${plural(r.failures, "failed job")}`
  )
})

const groupContext = (r: RecipeGroup, index: number, g: ErrorGroup): Block => ({
  type: "context",
  block_id: `grp:${r.recipeId}:${index}`,
  elements: [
    mrkdwn(
      g.isPoll
        ? `:rotating_light: *Trigger errors* · ${g.label} · ${plural(g.failures, "failure")} · nothing to repeat`
        : `:x: *${g.label}* · ${plural(g.failures, "failed job")}`
    )
  ]
})

const total = (n: number): string => plural(n, "failed Workato job")

/** A recipe's entries in display order, with the index of their error group. */
interface Slot {
  readonly group: number
  readonly entry: JobEntry
}

/** What of one recipe made it into the message. */
interface Pick {
  readonly recipe: RecipeGroup
  readonly slots: ReadonlyArray<Slot>
  readonly sections: Array<SectionBlock>
  done: boolean
}

/**
 * Chooses the job sections that fit `budget`: first the newest entry of each recipe
 * in order (recipe section + group line + job), then one more entry per recipe per
 * round, so room is shared breadth-first.
 */
const selectJobs = (
  recipes: ReadonlyArray<RecipeGroup>,
  budget: Budget,
  recipeBlock: (r: RecipeGroup) => Block,
  groupBlock: (r: RecipeGroup, group: number) => Block
): Array<Pick> => {
  const picks: Array<Pick> = []
  // Cost of the next slot of a pick: its section, plus a group line when it opens a group.
  const tryNext = (p: Pick, extraBlocks: number, extraText: number): boolean => {
    const i = p.sections.length
    const slot = p.slots[i]
    if (slot === undefined) return false
    const section = jobSection(slot.entry)
    const opensGroup = i === 0 || p.slots[i - 1]!.group !== slot.group
    const groupText = opensGroup ? blockTextLength([groupBlock(p.recipe, slot.group)]) : 0
    if (!budget.take(extraBlocks + 1 + (opensGroup ? 1 : 0), extraText + groupText + jobCost(section))) return false
    p.sections.push(section)
    return true
  }
  for (const recipe of recipes) {
    const slots = recipe.groups.flatMap((g, group) => g.entries.map((entry) => ({ group, entry })))
    const pick: Pick = { recipe, slots, sections: [], done: false }
    if (!tryNext(pick, 1, blockTextLength([recipeBlock(recipe)]))) break
    picks.push(pick)
  }
  for (let progressed = true; progressed; ) {
    progressed = false
    for (const p of picks) {
      if (p.done) continue
      if (tryNext(p, 0, 0)) progressed = true
      else p.done = true
    }
  }
  return picks
}

export const renderDigest = (input: DigestInput): Digest => {
  const entries = collapseByMaster(newestFirst(input.failures))
  const recipes = groupFailures(entries)
  const totalFailures = input.failures.length
  const repeatable: Array<JobRef> = recipes.flatMap((r) =>
    r.groups.flatMap((g) => g.entries.filter((e) => e.repeatable).map((e) => e.ref))
  )
  const urlOf = (recipeId: number): string => input.recipeUrl(recipeId)

  const header: Block = {
    type: "header",
    block_id: BlockIds.header,
    text: {
      type: "plain_text",
      text: totalFailures === 0 ? "No failed Workato jobs" : truncate(total(totalFailures), Limits.headerText),
      emoji: true
    }
  }
  const pollFailures = input.failures.filter((f) => f.isPollError).length
  const summaryParts = [
    input.since === undefined ? `As of ${slackDate(input.now)}` : `Since ${slackDate(input.since)}`,
    plural(recipes.length, "recipe")
  ]
  if (pollFailures > 0) summaryParts.push(`${plural(pollFailures, "trigger error")} (no Repeat)`)
  const summary: Block = { type: "context", block_id: BlockIds.summary, elements: [mrkdwn(summaryParts.join(" · "))] }

  const budget = new Budget()
  budget.take(2, blockTextLength([header, summary]))
  // The "…and N more" section, reserved up front.
  budget.take(1, MORE_MAX)
  // Repeat all: its longest form (with the "not listed" note) or the progress line
  // that later replaces it, whichever is longer.
  const longestRepeatAll = repeatAllBlock({ digestId: input.digestId, count: repeatable.length, unlisted: repeatable.length })
  if (longestRepeatAll !== undefined) budget.take(1, Math.max(blockTextLength([longestRepeatAll]), REPEAT_ALL_STATUS_MAX))

  const recipeBlocks = new Map<number, Block>()
  const recipeBlock = (r: RecipeGroup): Block => {
    let b = recipeBlocks.get(r.recipeId)
    if (b === undefined) recipeBlocks.set(r.recipeId, (b = recipeSection(r, urlOf(r.recipeId))))
    return b
  }
  const groupBlock = (r: RecipeGroup, group: number): Block => groupContext(r, group, r.groups[group]!)
  const picks = selectJobs(recipes, budget, recipeBlock, groupBlock)

  // Assemble in display order.
  const jobBlocks: Array<Block> = []
  const shown: Array<JobRef> = []
  const shownPer = new Map<number, number>()
  let shownRepeatable = 0
  for (const p of picks) {
    jobBlocks.push(recipeBlock(p.recipe))
    p.sections.forEach((section, i) => {
      const slot = p.slots[i]!
      if (i === 0 || p.slots[i - 1]!.group !== slot.group) jobBlocks.push(groupBlock(p.recipe, slot.group))
      jobBlocks.push(section)
      shown.push(slot.entry.ref)
      shownPer.set(p.recipe.recipeId, (shownPer.get(p.recipe.recipeId) ?? 0) + slot.entry.failures)
      if (slot.entry.repeatable) shownRepeatable++
    })
  }
  const repeatAll = repeatAllBlock({
    digestId: input.digestId,
    count: repeatable.length,
    unlisted: repeatable.length - shownRepeatable
  })
  const blocks: Array<Block> = [header, summary, ...(repeatAll === undefined ? [] : [repeatAll]), ...jobBlocks]

  let shownFailures = 0
  for (const n of shownPer.values()) shownFailures += n
  const omitted = totalFailures - shownFailures
  if (omitted > 0) blocks.push(moreSection(recipes, shownPer, omitted, urlOf))

  return { text: fallbackText(recipes, totalFailures), blocks, shown, omitted, repeatable }
}

/** "…and 480 more failed jobs in 12 recipes: <url|Orders> (300), <url|CRM> (90) and 10 more" */
const moreSection = (
  recipes: ReadonlyArray<RecipeGroup>,
  shownPer: ReadonlyMap<number, number>,
  omitted: number,
  urlOf: (recipeId: number) => string
): Block => {
  const rest = recipes
    .map((r) => ({ r, n: r.failures - (shownPer.get(r.recipeId) ?? 0) }))
    .filter((x) => x.n > 0)
    .sort((a, b) => b.n - a.n)
  const head = `…and ${plural(omitted, "more failed job")} in ${plural(rest.length, "recipe")}`
  const items: Array<string> = []
  let length = head.length + 2
  for (const { n, r } of rest) {
    const item = `${link(urlOf(r.recipeId), recipeLabel(r), 60)} (${n.toLocaleString("en-US")})`
    // Room for this item, its separator and the longest possible " and N more" tail.
    if (length + item.length + 2 + ` and ${rest.length.toLocaleString("en-US")} more`.length > MORE_MAX) break
    items.push(item)
    length += item.length + 2
  }
  const left = rest.length - items.length
  const text =
    items.length === 0 ? head : `${head}: ${items.join(", ")}${left > 0 ? ` and ${left.toLocaleString("en-US")} more` : ""}`
  return { type: "section", block_id: BlockIds.more, text: mrkdwn(text) }
}

/** Notification text: "7 failed Workato jobs in 3 recipes: Orders sync (4), CRM (2), Billing (1)" */
const fallbackText = (recipes: ReadonlyArray<RecipeGroup>, totalFailures: number): string => {
  if (totalFailures === 0) return "No failed Workato jobs"
  let text = `${total(totalFailures)} in ${plural(recipes.length, "recipe")}`
  const items: Array<string> = []
  let length = text.length + 2
  for (const [i, r] of recipes.entries()) {
    const item = `${mrkdwnEscaped(recipeLabel(r), 60)} (${r.failures.toLocaleString("en-US")})`
    const tail = ` and ${plural(recipes.length - i, "more recipe")}`
    if (length + item.length + 2 + tail.length > Limits.fallbackText) {
      return items.length === 0 ? text : `${text}: ${items.join(", ")}${tail}`
    }
    items.push(item)
    length += item.length + 2
  }
  text += `: ${items.join(", ")}`
  return text
}
