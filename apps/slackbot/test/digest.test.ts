import { assert, describe, it } from "@effect/vitest"
import type { RecordedMessage } from "@workato-jobs/slack-emulator"
import { Effect, Option } from "effect"
import { Watches } from "../src/store/index.js"
import { advanceTo, ALICE, CHANNEL, nextDigest, OTHER_CHANNEL, requestDigest, seedFailures, startBot, startPeers, waitFor } from "./harness.js"

const E2E_TIMEOUT = 30_000

/** Job ids named in a digest's Repeat buttons and links. */
const jobIdsIn = (message: RecordedMessage) => new Set([...JSON.stringify(message.blocks).matchAll(/j-[A-Za-z0-9]+-[A-Za-z0-9]+/g)].map((m) => m[0]))

const minutesAgo = (peersNow: number, minutes: number) => peersNow - minutes * 60_000

describe("digests", () => {
  it.scoped("0, 1, 7 and 500 failures: nothing, then messages Slack accepts (limits checked by the emulator)", () =>
    Effect.gen(function*() {
      const peers = yield* startPeers()
      const recipes = [0, 1, 7, 500].map((n) => {
        const recipe = peers.sim.addRecipe({ name: `Recipe with ${n}` })
        peers.sim.addJob(recipe.id, { status: "succeeded" })
        peers.sim.addFailures(recipe.id, n)
        return { id: recipe.id, n }
      })
      const bot = yield* startBot(peers)
      for (const { id, n } of recipes) {
        const before = peers.slack.messages(CHANNEL).length
        const event = yield* requestDigest(peers, bot, id)
        if (n === 0) {
          assert.strictEqual(event.result._tag, "NothingNew")
          const answer = yield* waitFor(peers, "the no-failures answer", () => peers.slack.ephemerals(CHANNEL).find((e) => e.text.includes(`recipe ${id}`)))
          assert.include(answer.text, "No new failed jobs")
          assert.strictEqual(peers.slack.messages(CHANNEL).length, before)
          continue
        }
        assert.strictEqual(event.result._tag, "Posted", `${n} failures`)
        const message = peers.slack.messages(CHANNEL).at(-1)!
        assert.isAtMost(message.blocks.length, 50)
        assert.include(message.text, `${n} failed Workato job`)
        const buttons = peers.slack.buttons(CHANNEL, message.ts)
        assert.isAtLeast(buttons.length, 1)
        if (n > 1) assert.isDefined(buttons.find((b) => b.text === `Repeat all ${n}`))
        if (n === 500) assert.include(peers.slack.renderText(message.blocks), "more failed job")
      }
      // Every chat.postMessage was accepted: none hit invalid_blocks / msg_too_long.
      assert.isTrue(peers.slack.callsTo("chat.postMessage").every((c) => c.ok))
    }), E2E_TIMEOUT)

  it.scoped("on its interval, each watch posts only the failures it has not posted yet (virtual time)", () =>
    Effect.gen(function*() {
      const peers = yield* startPeers()
      const recipe = peers.sim.addRecipe({ name: "Orders" })
      const clock = yield* Effect.clock
      const now = clock.unsafeCurrentTimeMillis()
      peers.sim.addFailures(recipe.id, 1, { startedAt: minutesAgo(now, 60) }) // before the first window
      const early = peers.sim.addFailures(recipe.id, 2, { startedAt: minutesAgo(now, 5) })
      const bot = yield* startBot(peers, { initialWatches: [{ recipeId: recipe.id, channel: CHANNEL }] })

      const first = yield* nextDigest(bot)
      assert.strictEqual(first.result._tag, "Posted")
      const firstMessage = peers.slack.messages(CHANNEL)[0]!
      assert.deepStrictEqual([...jobIdsIn(firstMessage)].sort(), early.map((j) => j.id).sort())

      const later = peers.sim.addFailures(recipe.id, 3)
      yield* advanceTo("15 minutes")
      const second = yield* nextDigest(bot)
      assert.strictEqual(second.result._tag, "Posted")
      const secondMessage = peers.slack.messages(CHANNEL)[1]!
      assert.deepStrictEqual([...jobIdsIn(secondMessage)].sort(), later.map((j) => j.id).sort())

      yield* advanceTo("15 minutes")
      const third = yield* nextDigest(bot)
      assert.strictEqual(third.result._tag, "NothingNew")
      assert.strictEqual(peers.slack.messages(CHANNEL).length, 2)
    }), E2E_TIMEOUT)

  it.scoped("a restart (new app, same database) neither repeats nor loses a failure", () =>
    Effect.gen(function*() {
      const { jobs: before, peers, recipe } = yield* seedFailures(2)
      const settings = { initialWatches: [{ recipeId: recipe.id, channel: CHANNEL }] }

      yield* Effect.scoped(Effect.gen(function*() {
        const bot = yield* startBot(peers, settings)
        assert.strictEqual((yield* nextDigest(bot)).result._tag, "Posted")
      }))
      // While the bot is down: new failures. And Slack refuses the next post once.
      const during = peers.sim.addFailures(recipe.id, 3)
      peers.slack.injectFault({ method: "chat.postMessage", kind: "error", error: "not_in_channel" })

      const bot = yield* startBot(peers, settings)
      // This interval's digest is done: the restarted bot's next one is due an interval later.
      yield* advanceTo("15 minutes")
      const refused = yield* nextDigest(bot)
      assert.strictEqual(refused.result._tag, "SlackRefused")
      yield* advanceTo("15 minutes")
      const posted = yield* nextDigest(bot)
      assert.strictEqual(posted.result._tag, "Posted")

      const messages = peers.slack.messages(CHANNEL)
      assert.strictEqual(messages.length, 2)
      assert.deepStrictEqual([...jobIdsIn(messages[0]!)].sort(), before.map((j) => j.id).sort())
      assert.deepStrictEqual([...jobIdsIn(messages[1]!)].sort(), during.map((j) => j.id).sort())
    }), E2E_TIMEOUT)

  it.scoped("a Workato outage during a digest: nothing posted, retried next tick, nothing lost", () =>
    Effect.gen(function*() {
      const peers = yield* startPeers()
      const recipe = peers.sim.addRecipe({})
      const bot = yield* startBot(peers, { initialWatches: [{ recipeId: recipe.id, channel: CHANNEL }] })
      assert.strictEqual((yield* nextDigest(bot)).result._tag, "NothingNew") // learns its starting point

      const failures = peers.sim.addFailures(recipe.id, 4)
      peers.sim.injectFault({ route: "any", kind: "status503", times: 1_000 })
      yield* advanceTo("15 minutes")
      // The client retries once after a backoff (virtual time too).
      yield* advanceTo("1 second")
      const failed = yield* nextDigest(bot)
      assert.strictEqual(failed.result._tag, "NothingNew")
      if (failed.result._tag === "NothingNew") assert.strictEqual(failed.result.problems[0]?.error._tag, "ServerError")
      assert.isAtLeast(peers.sim.counts()["list"]?.byStatus[503] ?? 0, 2) // the first try and the client's retry
      assert.strictEqual(peers.slack.messages(CHANNEL).length, 0)

      peers.sim.clearFaults()
      const more = peers.sim.addFailures(recipe.id, 2)
      yield* advanceTo("15 minutes")
      assert.strictEqual((yield* nextDigest(bot)).result._tag, "Posted")
      const message = peers.slack.messages(CHANNEL)[0]!
      assert.deepStrictEqual([...jobIdsIn(message)].sort(), [...failures, ...more].map((j) => j.id).sort())
    }), E2E_TIMEOUT)

  it.scoped("watch, watches, digest and unwatch, per channel", () =>
    Effect.gen(function*() {
      const { peers, recipe } = yield* seedFailures(2)
      const bot = yield* startBot(peers)
      const send = (text: string, channelId = CHANNEL) =>
        Effect.promise(() => peers.slack.slashCommand(bot.eventsUrl, { text, userId: ALICE, channelId }))

      yield* send(`watch ${recipe.id} every 30 minutes`)
      const confirmation = yield* waitFor(peers, "the watch confirmation", () =>
        peers.slack.messages(CHANNEL).find((m) => m.text.includes(`Watching ${peers.sim.recipe(recipe.id).name} (recipe ${recipe.id})`)))
      assert.include(confirmation.text, "every 30 minutes")
      // A new watch shows its last interval at once.
      const first = yield* nextDigest(bot)
      assert.strictEqual(first.result._tag, "Posted")
      assert.deepStrictEqual(
        yield* bot.use(Effect.flatMap(Watches, (s) => s.list)),
        [{ channel: CHANNEL, recipeId: recipe.id, intervalMs: 30 * 60_000 }]
      )

      yield* send("watches")
      const list = yield* waitFor(peers, "the watches list", () => peers.slack.ephemerals(CHANNEL).find((e) => e.text.includes("watched")))
      assert.include(peers.slack.renderText(list.blocks), "every 30 minutes")
      yield* send("watches", OTHER_CHANNEL)
      const none = yield* waitFor(peers, "the empty list", () => peers.slack.ephemerals(OTHER_CHANNEL).at(-1))
      assert.include(none.text, "No recipes are watched")

      // digest now: only what is new since the watch's last digest.
      const fresh = peers.sim.addFailures(recipe.id, 1)
      yield* send("digest")
      assert.strictEqual((yield* nextDigest(bot)).result._tag, "Posted")
      const latest = peers.slack.messages(CHANNEL).at(-1)!
      assert.deepStrictEqual([...jobIdsIn(latest)], [fresh[0]!.id])

      yield* send(`unwatch ${recipe.id}`)
      yield* waitFor(peers, "the unwatch confirmation", () => peers.slack.messages(CHANNEL).find((m) => m.text.includes("Stopped watching")))
      assert.deepStrictEqual(yield* bot.use(Effect.flatMap(Watches, (s) => s.list)), [])
      assert.isTrue(Option.isNone(yield* bot.use(Effect.flatMap(Watches, (s) => s.horizon(CHANNEL, recipe.id)))))
      yield* send(`unwatch ${recipe.id}`)
      yield* waitFor(peers, "the not-watched answer", () => peers.slack.ephemerals(CHANNEL).find((e) => e.text.includes("is not watched")))
      yield* send("digest", OTHER_CHANNEL)
      yield* waitFor(peers, "the no-watches answer", () => peers.slack.ephemerals(OTHER_CHANNEL).find((e) => e.text.includes("No recipes are watched in this channel. Name one")))
      yield* send("watch 424242")
      yield* waitFor(peers, "recipe not found", () => peers.slack.ephemerals(CHANNEL).find((e) => e.text.toLowerCase().includes("recipe 424242 not found")))
    }), E2E_TIMEOUT)
})
