// Workload 6: one digest of 5,000 failures across 50 recipes (collected through the API,
// rendered, posted), in the bot's own process: its time, the process's RSS when idle and at its
// peak during the digest, and the event loop's longest stall meanwhile (goal: under 50 ms, so
// clicks and commands are still acknowledged while a big digest is built).
import { startSlackEmulator } from "@workato-jobs/slack-emulator"
import { startSim } from "@workato-jobs/workato-sim"
import { startBotChild } from "./botChild.js"
import { progress } from "./progress.js"
import type { Row } from "./report.js"

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`

export const digestBuild = async (options: { readonly failures: number; readonly recipes: number }): Promise<Row[]> => {
  const sim = await startSim({ quotas: false, requestLogLimit: 0 })
  const slack = await startSlackEmulator({ rateLimit: false })
  const recipes = Array.from({ length: options.recipes }, (_, i) => sim.addRecipe({ name: `Bench: digest ${i + 1}` }))
  for (const recipe of recipes) sim.addFailures(recipe.id, Math.ceil(options.failures / options.recipes))
  // The simulator's quotas are off: this measures the bot, not Workato's pacing.
  const bot = await startBotChild({
    workato: { url: sim.url, token: sim.token, limits: { otherPerMinute: 1e6, repeatPerSecond: 1e3, cancelPerSecond: 1e3 } },
    slack: { apiUrl: slack.apiUrl, botToken: slack.botToken, signingSecret: slack.signingSecret }
  })
  try {
    const idle = await bot.request<number>({ run: "rss" }, "rss")
    progress(`digest of ${options.failures} failures across ${options.recipes} recipes`)
    const digest = await bot.request<{ ms: number; peakRss: number; maxStallMs: number; result: string }>({
      run: "digest",
      target: { channel: "C0ALERTS", recipeIds: recipes.map((r) => r.id), lookBackHours: 24 }
    }, "digest")
    const posted = slack.messages("C0ALERTS").length
    const name = `6. digest of ${options.failures} failures, ${options.recipes} recipes`
    return [
      { workload: name, figure: "time (collect via API + render + post)", value: `${(digest.ms / 1000).toFixed(2)} s`, goal: "context" },
      { workload: name, figure: "bot RSS idle → peak during digest", value: `${mib(idle)} → ${mib(digest.peakRss)} (×${(digest.peakRss / idle).toFixed(2)})`, goal: "context" },
      { workload: name, figure: "event loop's longest stall during the digest", value: `${digest.maxStallMs.toFixed(1)} ms`, goal: "< 50 ms", met: digest.maxStallMs < 50 },
      { workload: name, figure: "message posted within Block Kit limits", value: `${digest.result}, ${posted} message`, goal: "Posted, 1 message", met: digest.result === "Posted" && posted === 1 }
    ]
  } finally {
    await bot.close()
    await slack.close()
    await sim.close()
  }
}
