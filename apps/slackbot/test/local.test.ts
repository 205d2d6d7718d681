import { assert, describe, it } from "@effect/vitest"
import { startSlackEmulator } from "@workato-jobs/slack-emulator"
import { startSim } from "@workato-jobs/workato-sim"
import { startLocalBot } from "../src/index.js"

describe("startLocalBot (promise API for benchmarks and scripts)", () => {
  it("runs the bot against local peers until closed", async () => {
    const sim = await startSim({ quotas: false })
    const slack = await startSlackEmulator({ rateLimit: false })
    try {
      const recipe = sim.addRecipe({})
      sim.addFailures(recipe.id, 3)
      const bot = await startLocalBot({
        workato: { url: sim.url, token: sim.token },
        slack: { apiUrl: slack.apiUrl, botToken: slack.botToken, signingSecret: slack.signingSecret },
        watches: [{ recipeId: recipe.id, channel: "C0ALERTS" }]
      })
      const digest = await slack.waitFor(() => slack.messages("C0ALERTS")[0], { timeoutMs: 10_000 })
      assert.include(digest.text, "3 failed Workato jobs")
      const click = await slack.clickButton(bot.eventsUrl, { channel: "C0ALERTS", ts: digest.ts, userId: "U0ALICE", actionId: "repeat_all" })
      assert.strictEqual(click.status, 200)
      await slack.waitFor(() => slack.renderText(slack.message("C0ALERTS", digest.ts)!.blocks).includes("3 jobs: 3 repeated"), { timeoutMs: 10_000 })
      await bot.close()
      const after = await fetch(bot.eventsUrl, { method: "POST" }).then(() => "answered", () => "closed")
      assert.strictEqual(after, "closed")
    } finally {
      await slack.close()
      await sim.close()
    }
  }, 30_000)
})
