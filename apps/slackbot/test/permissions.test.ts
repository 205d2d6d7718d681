/**
 * WATCH_ALLOWED_USERS and REPEAT_ALLOWED_USERS end to end: each denied command (and button) is
 * answered in plain words to the one who asked, written to the audit log, and changes nothing;
 * reading stays open to everyone. Issue 8 problem 6.
 */
import { assert, describe, it } from "@effect/vitest"
import type { RecordedResponse } from "@workato-jobs/slack-emulator"
import { Effect, Option } from "effect"
import { Watches } from "../src/store/index.js"
import { ALICE, auditLog, BOB, CHANNEL, click, type Peers, postDigest, repeatRequests, repeatValue, seedFailures, startBot, waitFor } from "./harness.js"

const E2E_TIMEOUT = 60_000

const seen = (peers: Peers, r: RecordedResponse | undefined) =>
  peers.slack.renderMessage((r?.body ?? {}) as { text?: string; blocks?: ReadonlyArray<unknown> })

describe("permissions", () => {
  it.scoped("WATCH_ALLOWED_USERS: watch, unwatch (recipes and folders) and digest by anyone else are refused in plain words, audited, and change nothing", () =>
    Effect.gen(function*() {
      const { peers, recipe } = yield* seedFailures(2)
      const other = peers.sim.addRecipe({})
      const bot = yield* startBot(peers, {
        watchAllowedUsers: Option.some(new Set([BOB])),
        initialWatches: [{ recipeId: recipe.id, channel: CHANNEL }]
      })
      // The initial watch's first digest: the channel has seen these failures.
      yield* waitFor(peers, "the first digest", () => peers.slack.messages(CHANNEL)[0])
      const watchesNow = () => bot.use(Effect.map(Effect.flatMap(Watches, (w) => w.list), (list) => list.map((w) => `${w.channel}:${w.recipeId}:${w.intervalMs}`)))
      const before = yield* watchesNow()
      const command = (text: string) =>
        Effect.gen(function*() {
          const sent = yield* Effect.promise(() => peers.slack.slashCommand(bot.eventsUrl, { text, userId: ALICE, channelId: CHANNEL }))
          return yield* waitFor(peers, `the answer to "${text}"`, () => peers.slack.responses(sent.responseUrl)[0])
        })

      for (const [text, result] of [
        [`watch ${other.id}`, "nothing was changed"],
        [`watch ${recipe.id} every 1h`, "nothing was changed"],
        [`unwatch ${recipe.id}`, "nothing was changed"],
        [`digest ${recipe.id}`, "no digest was posted"],
        ["digest", "no digest was posted"],
        ["watch folder 7", "nothing was changed"],
        ["unwatch folder 7", "nothing was changed"]
      ] as const) {
        const answer = yield* command(text)
        assert.include(seen(peers, answer), "only some people may change which failures are posted", text)
        assert.include(seen(peers, answer), result, text)
        assert.include(seen(peers, answer), BOB, text) // who to ask
        assert.strictEqual((answer.body as { response_type?: string }).response_type, "ephemeral", text)
      }
      assert.deepStrictEqual(yield* watchesNow(), before)
      assert.strictEqual(peers.slack.callsTo("chat.postMessage").length, 1) // only the first digest
      const denied = (yield* auditLog(bot)).filter((e) => e.outcome === "denied")
      assert.deepStrictEqual(denied.map((e) => [e.userId, e.source, e.recipeId]), [
        [ALICE, "watch", other.id],
        [ALICE, "watch", recipe.id],
        [ALICE, "unwatch", recipe.id],
        [ALICE, "digest", recipe.id],
        [ALICE, "digest", 0],
        [ALICE, "watch", 0],
        [ALICE, "unwatch", 0]
      ])
      assert.isTrue(denied.slice(0, 5).every((e) => e.detail === `not in WATCH_ALLOWED_USERS (${CHANNEL})`))
      assert.deepStrictEqual(denied.slice(5).map((e) => e.detail), [
        `not in WATCH_ALLOWED_USERS (${CHANNEL}, folder 7)`,
        `not in WATCH_ALLOWED_USERS (${CHANNEL}, folder 7)`
      ])

      // Reading is open to everyone.
      assert.include(seen(peers, yield* command("watches")), String(recipe.id))
      assert.include(seen(peers, yield* command(`failures ${recipe.id}`)).toLowerCase(), "failed job")
      // The allowed user may.
      const sent = yield* Effect.promise(() => peers.slack.slashCommand(bot.eventsUrl, { text: `unwatch ${recipe.id}`, userId: BOB, channelId: CHANNEL }))
      yield* waitFor(peers, "Bob's unwatch", () => peers.slack.responses(sent.responseUrl)[0])
      assert.deepStrictEqual(yield* watchesNow(), [])
    }), E2E_TIMEOUT)

  it.scoped("REPEAT_ALLOWED_USERS: a denied /workato repeat and a denied Repeat all are answered and audited; nothing is sent", () =>
    Effect.gen(function*() {
      const { jobs: [a, b], peers, recipe } = yield* seedFailures(2)
      const bot = yield* startBot(peers, { repeatAllowedUsers: Option.some(new Set([BOB])) })
      const digest = yield* postDigest(peers, bot, recipe.id)

      const sent = yield* Effect.promise(() =>
        peers.slack.slashCommand(bot.eventsUrl, { text: `repeat ${recipe.id} ${a!.id} ${b!.id}`, userId: ALICE, channelId: CHANNEL }))
      const answer = yield* waitFor(peers, "the denial", () => peers.slack.responses(sent.responseUrl)[0])
      assert.include(seen(peers, answer), "nothing was repeated")
      yield* click(peers, bot, digest, ALICE, { actionId: "repeat_all" })
      yield* waitFor(peers, "the Repeat all denial", () => peers.slack.ephemerals(CHANNEL).find((e) => e.user === ALICE && e.text.includes("may not repeat")))
      yield* click(peers, bot, digest, ALICE, { value: repeatValue(recipe.id, a!.id) })
      yield* waitFor(peers, "the button denial", () => peers.slack.ephemerals(CHANNEL).filter((e) => e.user === ALICE && e.text.includes("may not repeat"))[1])

      assert.strictEqual(repeatRequests(peers).length, 0)
      assert.strictEqual(peers.slack.buttons(CHANNEL, digest.ts).length, 3) // two Repeat buttons and Repeat all, untouched
      const log = yield* auditLog(bot)
      assert.sameDeepMembers(log.map((e) => [e.userId, e.source, e.jobId, e.outcome]), [
        [ALICE, "command", a!.id, "denied"],
        [ALICE, "command", b!.id, "denied"],
        [ALICE, "repeat_all", a!.id, "denied"],
        [ALICE, "repeat_all", b!.id, "denied"],
        [ALICE, "button", a!.id, "denied"]
      ])
    }), E2E_TIMEOUT)
})
