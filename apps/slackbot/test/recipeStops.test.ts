/**
 * "Recipe stopped" alerts end to end (real Bolt app, the simulator's stopRecipe/startRecipe,
 * virtual time): one message per stop and one "running again" note, across a restart; a stop
 * by Workato says why and shows the last failures, a stop by a user looks different.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { advanceTo, CHANNEL, nextDigest, type Peers, startBot, startPeers } from "./harness.js"

const E2E_TIMEOUT = 60_000

const alerts = (peers: Peers) =>
  peers.slack.messages(CHANNEL).filter((m) => /stopped|running again/.test(m.text) && !m.text.includes("failed Workato job"))

describe("recipe stopped alerts", () => {
  it.scoped("stopped by Workato: one alert with the cause and the last failures, once across a restart; running again: one note", () =>
    Effect.gen(function*() {
      const peers = yield* startPeers()
      const recipe = peers.sim.addRecipe({ name: "Load Shopify orders into Snowflake" })
      const settings = { initialWatches: [{ recipeId: recipe.id, channel: CHANNEL }] }

      yield* Effect.scoped(Effect.gen(function*() {
        const bot = yield* startBot(peers, settings)
        yield* nextDigest(bot) // first sighting: running, nothing to say
        assert.deepStrictEqual(alerts(peers), [])

        const failed = peers.sim.addFailures(recipe.id, 2, {
          isPollError: true,
          error: { adapter: "shopify", error_type: "auth", message: "401 Unauthorized: token expired" }
        })
        peers.sim.stopRecipe(recipe.id, { cause: "trigger_errors_limit" })
        yield* advanceTo("15 minutes")
        yield* nextDigest(bot)
        const [alert] = alerts(peers)
        assert.isDefined(alert)
        const text = peers.slack.renderText(alert!.blocks)
        assert.include(text, "stopped by Workato")
        assert.include(text, "Load Shopify orders into Snowflake")
        assert.include(text, "its trigger failed too many times in a row")
        assert.include(text, "401 Unauthorized: token expired")
        assert.include(JSON.stringify(alert!.blocks), `/recipes/${recipe.id}|`)
        assert.include(JSON.stringify(alert!.blocks), failed[1]!.id)
        assert.deepStrictEqual((alert!.metadata as { readonly event_type?: unknown } | undefined)?.event_type, "workato_digest")

        yield* advanceTo("15 minutes")
        yield* nextDigest(bot)
        assert.strictEqual(alerts(peers).length, 1, "still stopped: no second alert")
      }))

      // Restarted (same database): the stop was announced already.
      const bot = yield* startBot(peers, settings)
      yield* advanceTo("15 minutes")
      yield* nextDigest(bot)
      assert.strictEqual(alerts(peers).length, 1, "no second alert after a restart")

      peers.sim.startRecipe(recipe.id)
      yield* advanceTo("15 minutes")
      yield* nextDigest(bot)
      yield* advanceTo("15 minutes")
      yield* nextDigest(bot)
      const all = alerts(peers)
      assert.strictEqual(all.length, 2)
      assert.include(all[1]!.text, "is running again")
      assert.include(peers.slack.renderText(all[1]!.blocks), "Load Shopify orders into Snowflake")
    }), E2E_TIMEOUT)

  it.scoped("stopped by a user: one quiet line, no header; a folder member too", () =>
    Effect.gen(function*() {
      const peers = yield* startPeers()
      const folder = peers.sim.addFolder({ name: "Finance" })
      const recipe = peers.sim.addRecipe({ name: "Payroll export", folderId: folder.id })
      const bot = yield* startBot(peers, { initialWatches: [{ folderId: folder.id, channel: CHANNEL }] })
      yield* nextDigest(bot)
      peers.sim.stopRecipe(recipe.id)
      yield* advanceTo("15 minutes")
      yield* nextDigest(bot)
      const [alert] = alerts(peers)
      assert.isDefined(alert)
      assert.include(alert!.text, "Payroll export was stopped by a user in Workato")
      assert.isFalse(alert!.blocks.some((b) => (b as { type: string }).type === "header"))
      // The folder's list carried the state: no recipe read one by one.
      assert.strictEqual(peers.sim.requests.filter((r) => r.route === "recipe").length, 0)
    }), E2E_TIMEOUT)
})
