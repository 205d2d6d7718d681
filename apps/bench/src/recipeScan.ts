// Workload 8: one digest round of a channel watching 500 recipes (5 folders × 100) of which 5
// have new failures. Goal (issue 11): at most 5 recipe-list requests (one per 100 recipes) plus
// the job lists of those 5 recipes. Side by side, in the same run: the naive round (every
// watched recipe's jobs listed, as before the recipe-list skip). The bot runs in this process
// against an in-process simulator; quotas are scaled on both sides (label in the row name).
import { startSlackEmulator } from "@workato-jobs/slack-emulator"
import { startSim } from "@workato-jobs/workato-sim"
import { startLocalBot } from "@workato-jobs/slackbot"
import { Duration, Effect, PubSub, Queue } from "effect"
import { countRow, type Row } from "./report.js"
import { quotasOf, type Scale } from "./scale.js"

const CHANNEL = "C0SCALE"

export const recipeScan = async (options: {
  readonly folders: number
  readonly recipesPerFolder: number
  readonly failing: number
  readonly scale: Scale
}): Promise<Row[]> => {
  const quotas = quotasOf(options.scale)
  const recipesPerMinute = quotas.otherPerMinute
  const sim = await startSim({ quotas: { ...quotas, recipesPerMinute } })
  const slack = await startSlackEmulator({ rateLimit: false, channels: [{ id: CHANNEL, name: "scale" }] })
  try {
    const folders = Array.from({ length: options.folders }, (_, f) => sim.addFolder({ name: `Team ${f + 1}` }))
    const recipes = folders.flatMap((folder) =>
      Array.from({ length: options.recipesPerFolder }, (_, i) => sim.addRecipe({ name: `${folder.name} recipe ${i + 1}`, folderId: folder.id }))
    )
    for (const recipe of recipes) sim.addJob(recipe.id, { status: "succeeded" })
    const bot = await startLocalBot({
      workato: { url: sim.url, token: sim.token, limits: quotas, recipesPerMinute },
      slack: { apiUrl: slack.apiUrl, botToken: slack.botToken, signingSecret: slack.signingSecret },
      digestInterval: "7 days",
      watches: folders.map((folder) => ({ folderId: folder.id, channel: CHANNEL }))
    })
    try {
      // The first round (at start-up) reads every recipe once and records its count.
      await Effect.runPromise(Effect.scoped(Effect.flatMap(PubSub.subscribe(bot.digests.events), Queue.take)))
      const round = async (run: () => Promise<unknown>) => {
        const step = Math.max(1, Math.floor(recipes.length / options.failing))
        const failing = Array.from({ length: options.failing }, (_, i) => recipes[i * step]!)
        for (const recipe of failing) sim.addFailures(recipe.id, 1)
        const from = sim.requests.length
        const started = performance.now()
        await run()
        const wall = (performance.now() - started) / 1000
        const requests = sim.requests.slice(from)
        const listed = new Set(requests.filter((r) => r.route === "list").map((r) => r.path.split("/")[3]))
        return {
          wall,
          recipeLists: requests.filter((r) => r.route === "recipes").length,
          jobLists: requests.filter((r) => r.route === "list").length,
          recipesScanned: listed.size,
          failingScanned: failing.filter((r) => listed.has(String(r.id))).length
        }
      }
      // The bot's round: the folders' lists, then only the recipes whose count moved.
      const skip = await round(() => Effect.runPromise(bot.digests.runWatched(CHANNEL, [])))
      // The naive round: every watched recipe's jobs listed.
      const naive = await round(() =>
        Effect.runPromise(bot.digests.run({
          channel: CHANNEL,
          recipes: recipes.map((r) => ({ recipeId: r.id, watched: true, lookBack: Duration.days(7) }))
        }))
      )
      const n = recipes.length
      const name = `8. digest round, ${n} watched recipes, ${options.failing} failing (${options.scale.label})`
      // One request per 100 recipes of each folder.
      const maxLists = options.folders * Math.ceil(options.recipesPerFolder / 100)
      return [
        { workload: name, figure: "recipe-list requests (skip)", value: String(skip.recipeLists), goal: `≤ ${maxLists}`, met: skip.recipeLists <= maxLists },
        countRow(name, "recipes whose jobs were listed (skip)", skip.recipesScanned, options.failing),
        countRow(name, "failing recipes scanned (skip)", skip.failingScanned, options.failing),
        { workload: name, figure: "job-list requests: skip / naive", value: `${skip.jobLists} / ${naive.jobLists}`, goal: "" },
        { workload: name, figure: "recipes scanned (naive)", value: String(naive.recipesScanned), goal: "" },
        {
          workload: name,
          figure: "round wall time: skip / naive",
          value: `${skip.wall.toFixed(2)} s / ${naive.wall.toFixed(2)} s`,
          goal: ""
        }
      ]
    } finally {
      await bot.close()
    }
  } finally {
    await slack.close()
    await sim.close()
  }
}
