/** Deterministic failed-job fixtures, ordinary and adversarial. */
import type { FailedJob } from "../../src/blocks/index.js"

/** Small seeded PRNG (mulberry32): same fixtures on every run. */
export const rng = (seed: number) => {
  let a = seed >>> 0
  return (): number => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export const UI = "https://app.workato.com"
export const recipeUrl = (recipeId: number): string => `${UI}/recipes/${recipeId}`
export const T0 = Date.parse("2025-03-10T12:00:00Z")

const adapters = ["salesforce", "netsuite", "http", "slack", null] as const
const errorTypes = ["Record not found", "Timeout", "400 Bad Request", null] as const

export interface FixtureOptions {
  readonly recipes: number
  readonly seed?: number
  /** Fraction of trigger (poll) errors. */
  readonly pollRate?: number
  readonly title?: (i: number) => string
  readonly message?: (i: number) => string
  readonly recipeName?: (recipeId: number) => string | undefined
}

export const jobId = (i: number): string => `j-${i.toString(36).padStart(8, "A")}-${(i * 7919).toString(36).slice(0, 6)}`

export const makeFailures = (n: number, opts: FixtureOptions): Array<FailedJob> => {
  const r = rng(opts.seed ?? 1)
  return Array.from({ length: n }, (_, i) => {
    const recipeId = 1000 + Math.floor(r() * opts.recipes)
    const id = jobId(i)
    const name = opts.recipeName?.(recipeId) ?? `Recipe ${recipeId} sync`
    const job: FailedJob = {
      recipeId,
      recipeName: name,
      jobId: id,
      masterJobId: id,
      title: opts.title?.(i) ?? `New order #${i}`,
      adapter: adapters[Math.floor(r() * adapters.length)] ?? null,
      errorType: errorTypes[Math.floor(r() * errorTypes.length)] ?? null,
      message: opts.message?.(i) ?? `Record ${i} not found in the target system`,
      at: new Date(T0 - Math.floor(r() * 3_600_000)).toISOString(),
      jobUrl: `${recipeUrl(recipeId)}/job/${id}`,
      isPollError: r() < (opts.pollRate ?? 0.05)
    }
    return job
  })
}

/** Nasty text: markup characters, emoji with surrogate pairs and ZWJ, lone surrogates, controls. */
export const nasty = (length: number, seed = 7): string => {
  const pieces = ["<", ">", "&", "*", "_", "~", "`", "<!channel>", "<@U123|x>", "&amp;", "😀", "👩‍👩‍👧‍👦", "🇫🇷", "é", "\n", "\u0000", "\uD83D", " ", "a", "|", "https://x.io?a=1&b=<2>"]
  const r = rng(seed)
  let s = ""
  while (s.length < length) s += pieces[Math.floor(r() * pieces.length)]
  return s.slice(0, length)
}
