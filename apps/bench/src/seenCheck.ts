// Workload 7: a channel with a year of 15-minute digests (35,000 digests × 15 jobs: 525,000 jobs
// it was shown) in the bot's own store (SQLite in a temp file, migrated as the bot does): the
// time to decide which of 400 new failures it already saw — PostedMessages.unseen, what every
// digest asks before posting. Half of the 400 are from its newest digests, half are new.
import { Atomic, databaseLayer, PostedMessages, storeLayer } from "@workato-jobs/slackbot"
import { Effect, Layer } from "effect"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { progress } from "./progress.js"
import type { Row } from "./report.js"

const CHANNEL = "C0BENCH"
const RECIPE = 1
/** Digests recorded per transaction while filling the history. */
const FILL_BATCH = 500
const GOAL_MS = 50

export const seenCheck = async (options: {
  readonly digests: number
  readonly jobsPerDigest: number
  readonly candidates: number
  readonly rounds: number
}): Promise<Row[]> => {
  const dir = mkdtempSync(join(tmpdir(), "bench-seen-"))
  const layer = storeLayer.pipe(Layer.provide(databaseLayer({ _tag: "Sqlite", filename: join(dir, "bot.db") })))
  const jobId = (digest: number, i: number) => `j-${digest}-${i}`
  const program = Effect.gen(function*() {
    const messages = yield* PostedMessages
    const atomic = yield* Atomic
    const fillStarted = performance.now()
    for (let from = 0; from < options.digests; from += FILL_BATCH) {
      const to = Math.min(options.digests, from + FILL_BATCH)
      if (from % (FILL_BATCH * 10) === 0) progress(`history: ${from.toLocaleString("en-US")} of ${options.digests.toLocaleString("en-US")} digests`)
      yield* atomic.run(Effect.forEach(Array.from({ length: to - from }, (_, k) => from + k), (d) =>
        messages.record({
          id: `d-${d}`,
          kind: "digest",
          channel: CHANNEL,
          ts: `${d}.000100`,
          viewer: null,
          blocks: [],
          text: "",
          jobs: Array.from({ length: options.jobsPerDigest }, (_, i) => ({
            recipeId: RECIPE,
            jobId: jobId(d, i),
            masterJobId: jobId(d, i),
            repeatable: true
          }))
        }), { discard: true }))
    }
    const fillMs = performance.now() - fillStarted
    const seen = Array.from({ length: options.candidates / 2 }, (_, k) =>
      jobId(options.digests - 1 - Math.floor(k / options.jobsPerDigest), k % options.jobsPerDigest))
    const fresh = Array.from({ length: options.candidates - seen.length }, (_, k) => `j-new-${k}`)
    const candidates = [...seen, ...fresh]
    const times: Array<number> = []
    let answer: ReadonlyArray<string> = []
    for (let round = 0; round < options.rounds; round++) {
      const started = performance.now()
      answer = yield* messages.unseen(CHANNEL, RECIPE, candidates)
      times.push(performance.now() - started)
    }
    return { fillMs, times, correct: answer.length === fresh.length && answer.every((id) => id.startsWith("j-new-")) }
  })
  try {
    const { correct, fillMs, times } = await Effect.runPromise(Effect.scoped(Effect.provide(program, Layer.fresh(layer))))
    const sorted = [...times].sort((a, b) => a - b)
    const median = sorted[Math.floor(sorted.length / 2)]!
    const worst = sorted.at(-1)!
    const name = `7. seen check, a year of history (${options.digests.toLocaleString("en-US")} digests × ${options.jobsPerDigest} jobs)`
    return [
      { workload: name, figure: "history recorded (setup)", value: `${(fillMs / 1000).toFixed(1)} s`, goal: "context" },
      {
        workload: name,
        figure: `which of ${options.candidates} new failures the channel saw: median / worst of ${options.rounds}`,
        value: `${median.toFixed(1)} ms / ${worst.toFixed(1)} ms${correct ? "" : " (WRONG ANSWER)"}`,
        goal: `< ${GOAL_MS} ms`,
        met: correct && worst < GOAL_MS
      }
    ]
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
