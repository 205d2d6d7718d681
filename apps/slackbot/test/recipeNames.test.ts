/**
 * Recipe names: the cache on its own (bounded, refreshed, failures remembered briefly, filled
 * from lists) against the simulator's Recipes API in virtual time, then end to end: every
 * message kind shows the name linked to the recipe, and a name that cannot be read shows the
 * id without failing the digest.
 */
import { assert, describe, it } from "@effect/vitest"
import type { RecordedResponse } from "@workato-jobs/slack-emulator"
import { Context, Duration, Effect, Layer, Option, TestClock } from "effect"
import { RecipeNames } from "../src/workato/RecipeNames.js"
import { ALICE, CHANNEL, jobsLayerFor, type Peers, requestDigest, startBot, startPeers, waitFor } from "./harness.js"

const E2E_TIMEOUT = 60_000

const recipeReads = (peers: Peers) => peers.sim.requests.filter((r) => r.route === "recipe").length

/** The cache over the real RecipesClient, alive until the test's scope closes. */
const namesFor = (peers: Peers, options: Parameters<typeof RecipeNames.layer>[0]) =>
  Layer.build(RecipeNames.layer(options).pipe(Layer.provide(jobsLayerFor(peers.sim)))).pipe(
    Effect.map((context) => Context.get(context, RecipeNames))
  )

/** What the user sees (blocks rendered as text, entities decoded). */
const seen = (peers: Peers, r: RecordedResponse | undefined) => {
  const body = (r?.body ?? {}) as { text?: string; blocks?: ReadonlyArray<unknown> }
  return peers.slack.renderMessage(body)
}

describe("RecipeNames (the cache)", () => {
  it.scoped("fetches a name once, again after the refresh interval, and keeps at most `capacity` names", () =>
    Effect.gen(function*() {
      const peers = yield* startPeers()
      const [a, b, c] = ["Load Shopify orders into Snowflake", "Sync Salesforce accounts", "Payroll export"].map((name) =>
        peers.sim.addRecipe({ name })
      )
      const names = yield* (namesFor(peers, { capacity: 2, refreshAfter: "1 hour" }))

      assert.strictEqual(Option.getOrUndefined(yield* names.name(a!.id)), "Load Shopify orders into Snowflake")
      assert.strictEqual(Option.getOrUndefined(yield* names.name(a!.id)), "Load Shopify orders into Snowflake")
      assert.strictEqual(recipeReads(peers), 1)

      yield* TestClock.adjust(Duration.minutes(61))
      yield* names.name(a!.id)
      assert.strictEqual(recipeReads(peers), 2, "read again after the refresh interval")

      // Capacity 2: a third name pushes out the least recently used one (a).
      yield* names.name(b!.id)
      yield* names.name(c!.id)
      assert.strictEqual(recipeReads(peers), 4)
      yield* names.name(c!.id)
      assert.strictEqual(recipeReads(peers), 4)
      yield* names.name(a!.id)
      assert.strictEqual(recipeReads(peers), 5, "a was dropped to keep the cache at its bound")
    }), E2E_TIMEOUT)

  it.scoped("an unreadable name is None (the id is shown), tried again only after `retryAfter`; names from a list cost nothing", () =>
    Effect.gen(function*() {
      const peers = yield* startPeers()
      const recipe = peers.sim.addRecipe({ name: "Orders sync" })
      const names = yield* (namesFor(peers, { retryAfter: "5 minutes" }))

      assert.isTrue(Option.isNone(yield* names.name(999_999)))
      peers.sim.injectFault({ route: "recipe", kind: "status403", times: 10 })
      assert.isTrue(Option.isNone(yield* names.name(recipe.id)))
      peers.sim.clearFaults()
      const after = recipeReads(peers)
      assert.isTrue(Option.isNone(yield* names.name(recipe.id)), "the failure is remembered for a while")
      assert.strictEqual(recipeReads(peers), after)
      yield* TestClock.adjust(Duration.minutes(6))
      assert.strictEqual(Option.getOrUndefined(yield* names.name(recipe.id)), "Orders sync")

      yield* names.remember([{ id: 424_242, name: "Known from a list" }])
      const before = recipeReads(peers)
      assert.deepStrictEqual(
        [...(yield* names.names([424_242, recipe.id]))],
        [[424_242, "Known from a list"], [recipe.id, "Orders sync"]]
      )
      assert.strictEqual(recipeReads(peers), before)
    }), E2E_TIMEOUT)
})

describe("recipe names in messages", () => {
  it.scoped("digest, failures list, job view, repeat report, watch notice and watches show the name, linked", () =>
    Effect.gen(function*() {
      const peers = yield* startPeers()
      const recipe = peers.sim.addRecipe({ name: "Load Shopify orders into Snowflake" })
      const failed = peers.sim.addFailures(recipe.id, 2)
      const bot = yield* startBot(peers)

      assert.strictEqual((yield* requestDigest(peers, bot, recipe.id)).result._tag, "Posted")
      const digest = peers.slack.messages(CHANNEL).at(-1)!
      assert.include(peers.slack.renderText(digest.blocks), "Load Shopify orders into Snowflake")
      const recipeSection = JSON.stringify(digest.blocks.find((b) => (b as { block_id?: string }).block_id === `recipe:${recipe.id}`))
      assert.include(recipeSection, `/recipes/${recipe.id}|Load Shopify orders into Snowflake>`)
      assert.include(digest.text, "Load Shopify orders into Snowflake")

      const answerTo = (text: string) =>
        Effect.gen(function*() {
          const before = peers.slack.responses().length
          yield* Effect.promise(() => peers.slack.slashCommand(bot.eventsUrl, { text, userId: ALICE, channelId: CHANNEL }))
          return yield* waitFor(peers, `the answer to ${text}`, () => peers.slack.responses().slice(before).find((r) => r.status === 200))
        })
      for (
        const command of [
          `failures ${recipe.id}`,
          `job ${recipe.id} ${failed[0]!.id}`,
          `repeat ${recipe.id} ${failed[0]!.id}`,
          `watch ${recipe.id}`,
          "watches",
          `unwatch ${recipe.id}`
        ]
      ) {
        const answer = yield* answerTo(command)
        assert.include(seen(peers, answer), "Load Shopify orders into Snowflake", command)
        assert.include(JSON.stringify(answer.body), `/recipes/${recipe.id}|Load Shopify orders into Snowflake`, command)
      }
      // One read of the name served every message above (the watch's stop check reads the recipe's state once more).
      assert.strictEqual(recipeReads(peers), 2)
    }), E2E_TIMEOUT)

  it.scoped("a name that cannot be read shows the recipe id and the digest is posted all the same", () =>
    Effect.gen(function*() {
      const peers = yield* startPeers()
      const recipe = peers.sim.addRecipe({ name: "Never shown" })
      peers.sim.addFailures(recipe.id, 2)
      peers.sim.injectFault({ route: "recipe", kind: "status403", times: 50 })
      const bot = yield* startBot(peers)

      assert.strictEqual((yield* requestDigest(peers, bot, recipe.id)).result._tag, "Posted")
      const digest = peers.slack.messages(CHANNEL).at(-1)!
      const text = peers.slack.renderText(digest.blocks)
      assert.include(text, `Recipe ${recipe.id}`)
      assert.notInclude(text, "Never shown")
      assert.isAbove(recipeReads(peers), 0)
    }), E2E_TIMEOUT)
})
