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

export const renderDigest = (input: DigestInput): Digest => {
  const entries = collapseByMaster(newestFirst(input.failures))
  const recipes = groupFailures(entries)
  const totalFailures = input.failures.length
  const repeatable: Array<JobRef> = recipes.flatMap((r) =>
    r.groups.flatMap((g) => g.entries.filter((e) => e.repeatable).map((e) => e.ref))
  )
  const urlOf = (recipeId: number): string => input.recipeUrl(recipeId)

  // Fixed parts.
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
  const fixed: Array<Block> = [header, summary]
  budget.take(2, blockTextLength(fixed))
  // Reserve the "…and N more" section up front; released if nothing is omitted.
  budget.take(1, MORE_MAX)

  // Room for jobs: breadth-first over recipes, then round-robin deeper.
  interface Pick {
    readonly recipe: RecipeGroup
    /** entries taken, in group order: [groupIndex, entryIndex] */
    readonly taken: Array<{ readonly g: number; readonly e: number; readonly block: SectionBlock }>
    next: { g: number; e: number }
    done: boolean
  }
  const sectionOf = (r: RecipeGroup): SectionBlock => recipeSection(r, urlOf(r.recipeId))
  const groupBlocks = new Map<string, Block>()
  const groupBlock = (r: RecipeGroup, g: number): Block => {
    const k = `${r.recipeId}:${g}`
    let b = groupBlocks.get(k)
    if (b === undefined) {
      b = groupContext(r, g, r.groups[g]!)
      groupBlocks.set(k, b)
    }
    return b
  }
  const advance = (p: Pick): void => {
    const g = p.recipe.groups[p.next.g]!
    if (p.next.e + 1 < g.entries.length) p.next = { g: p.next.g, e: p.next.e + 1 }
    else if (p.next.g + 1 < p.recipe.groups.length) p.next = { g: p.next.g + 1, e: 0 }
    else p.done = true
  }

  // Repeat all: room taken before jobs, for its longest form (with the "not listed"
  // note) or the progress line that later replaces it, whichever is longer.
  const longestRepeatAll = repeatAllBlock({ digestId: input.digestId, count: repeatable.length, unlisted: repeatable.length })
  if (longestRepeatAll !== undefined) budget.take(1, Math.max(blockTextLength([longestRepeatAll]), REPEAT_ALL_STATUS_MAX))

  const picks: Array<Pick> = []
  for (const recipe of recipes) {
    const first = recipe.groups[0]?.entries[0]
    if (first === undefined) continue
    const section = sectionOf(recipe)
    const block = jobSection(first)
    const cost = blockTextLength([section, groupBlock(recipe, 0)]) + jobCost(block)
    if (!budget.take(3, cost)) break
    const pick: Pick = { recipe, taken: [{ g: 0, e: 0, block }], next: { g: 0, e: 0 }, done: false }
    advance(pick)
    picks.push(pick)
  }
  for (let progressed = true; progressed; ) {
    progressed = false
    for (const p of picks) {
      if (p.done) continue
      const entry = p.recipe.groups[p.next.g]!.entries[p.next.e]!
      const block = jobSection(entry)
      const newGroup = p.next.e === 0
      const cost = jobCost(block) + (newGroup ? blockTextLength([groupBlock(p.recipe, p.next.g)]) : 0)
      if (!budget.take(newGroup ? 2 : 1, cost)) {
        p.done = true
        continue
      }
      p.taken.push({ g: p.next.g, e: p.next.e, block })
      advance(p)
      progressed = true
    }
  }

  // Assemble in display order.
  const blocks: Array<Block> = [...fixed]
  const shown: Array<JobRef> = []
  let shownFailures = 0
  let shownRepeatable = 0
  const shownPer = new Map<number, number>()
  const jobBlocks: Array<Block> = []
  for (const p of picks) {
    jobBlocks.push(sectionOf(p.recipe))
    const sorted = [...p.taken].sort((a, b) => a.g - b.g || a.e - b.e)
    let lastGroup = -1
    for (const t of sorted) {
      if (t.g !== lastGroup) {
        jobBlocks.push(groupBlock(p.recipe, t.g))
        lastGroup = t.g
      }
      const entry = p.recipe.groups[t.g]!.entries[t.e]!
      jobBlocks.push(t.block)
      shown.push(entry.ref)
      shownFailures += entry.failures
      shownPer.set(p.recipe.recipeId, (shownPer.get(p.recipe.recipeId) ?? 0) + entry.failures)
      if (entry.repeatable) shownRepeatable++
    }
  }
  const finalRepeatAll = repeatAllBlock({
    digestId: input.digestId,
    count: repeatable.length,
    unlisted: repeatable.length - shownRepeatable
  })
  if (finalRepeatAll !== undefined) blocks.push(finalRepeatAll)
  blocks.push(...jobBlocks)

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
      return `${text}: ${items.join(", ")}${items.length > 0 ? tail : ""}`
    }
    items.push(item)
    length += item.length + 2
  }
  text += `: ${items.join(", ")}`
  return text
}
