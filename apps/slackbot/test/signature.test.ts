import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { ALICE, buttonClick, CHANNEL, click, digestWithFailures, footprint, latest, rendered, repeatRequests, repeatValue, waitFor } from "./harness.js"

const E2E_TIMEOUT = 30_000

describe("request verification", () => {
  it.scoped("forged and stale signatures are rejected with 401 and nothing is done", () =>
    Effect.gen(function*() {
      const { bot, digest, jobs: [job], peers, recipe } = yield* digestWithFailures(1)
      const before = footprint(peers)
      const stale = Math.floor(Date.now() / 1000) - 6 * 60

      const attempts = [
        () => peers.slack.slashCommand(bot.eventsUrl, { text: `failures ${recipe.id}`, userId: ALICE, channelId: CHANNEL, signature: "v0=" + "0".repeat(64) }),
        () => peers.slack.slashCommand(bot.eventsUrl, { text: `failures ${recipe.id}`, userId: ALICE, channelId: CHANNEL, timestamp: stale }),
        () => peers.slack.clickButton(bot.eventsUrl, buttonClick(digest, ALICE, { value: repeatValue(recipe.id, job!.id), signature: "v0=forged" })),
        () => peers.slack.clickButton(bot.eventsUrl, buttonClick(digest, ALICE, { value: repeatValue(recipe.id, job!.id), timestamp: stale })),
        () => peers.slack.send(bot.eventsUrl, "token=x&command=%2Fworkato&text=help", { signature: "v0=abc" })
      ]
      for (const attempt of attempts) {
        const result = yield* Effect.promise(attempt)
        assert.strictEqual(result.status, 401)
      }
      assert.deepStrictEqual(footprint(peers), before)
      assert.strictEqual(repeatRequests(peers).length, 0)
      // The same requests, properly signed, are served: the 401s were the signature's doing.
      const ok = yield* Effect.promise(() => peers.slack.slashCommand(bot.eventsUrl, { text: "help", userId: ALICE, channelId: CHANNEL }))
      assert.strictEqual(ok.status, 200)
      assert.strictEqual(ok.ack?.outcome, "posted_ephemeral")
    }), E2E_TIMEOUT)

  it.scoped("a delivery Slack retries, or the same payload twice, is not worked on twice", () =>
    Effect.gen(function*() {
      const { bot, digest, jobs: [job], peers, recipe } = yield* digestWithFailures(1)
      peers.sim.setLatency("repeat", 200)

      const first = yield* click(peers, bot, digest, ALICE, { value: repeatValue(recipe.id, job!.id) })
      // The same bytes again, then flagged as Slack's retry: both acked, neither repeats.
      const again = yield* Effect.promise(() => peers.slack.send(bot.eventsUrl, first.rawBody))
      const retried = yield* Effect.promise(() =>
        peers.slack.send(bot.eventsUrl, first.rawBody.replace(/trigger_id%22%3A%22[^%]+/, "trigger_id%22%3A%22retry"), {
          headers: { "X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout" }
        })
      )
      assert.deepStrictEqual([first.status, again.status, retried.status], [200, 200, 200])
      yield* waitFor(peers, "the outcome", () => rendered(peers, latest(peers, digest)).includes("Repeated by"))
      assert.strictEqual(repeatRequests(peers).length, 1)

      const before = peers.sim.requests.length
      const command = yield* Effect.promise(() =>
        peers.slack.slashCommand(bot.eventsUrl, {
          text: `failures ${recipe.id}`,
          userId: ALICE,
          channelId: CHANNEL,
          headers: { "X-Slack-Retry-Num": "2" }
        })
      )
      assert.strictEqual(command.status, 200)
      const help = yield* Effect.promise(() => peers.slack.slashCommand(bot.eventsUrl, { text: "help", userId: ALICE, channelId: CHANNEL }))
      assert.strictEqual(help.status, 200)
      assert.strictEqual(peers.sim.requests.length, before)
    }), E2E_TIMEOUT)
})
