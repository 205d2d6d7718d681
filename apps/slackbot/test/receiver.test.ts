import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import {
  ALICE,
  auditOutcomes,
  BOB,
  buttonClick,
  CHANNEL,
  click,
  digestWithFailures,
  footprint,
  outcomesShown,
  type Peers,
  repeatedIds,
  repeatValue,
  startBot,
  startPeers,
  waitFor
} from "./harness.js"

// FastAckReceiver over real HTTP on loopback, every request signed by the emulator: a
// block_actions click is acked 200 (empty body) before Bolt processes it; everything else
// takes Bolt's own HTTPReceiver path, so its answers are unchanged.

const E2E_TIMEOUT = 30_000

/** The bytes `clickButton` would send, captured by a throwaway loopback server (the bot never sees them). */
const captureClick = (peers: Peers, input: Parameters<Peers["slack"]["clickButton"]>[1]) =>
  Effect.acquireUseRelease(
    Effect.async<ReturnType<typeof createServer>>((resume) => {
      const server = createServer((req, res) => req.resume().on("end", () => res.end()))
      server.listen(0, "127.0.0.1", () => resume(Effect.succeed(server)))
    }),
    (server) =>
      Effect.promise(() =>
        peers.slack.clickButton(`http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`, input)
      ),
    (server) => Effect.async<void>((resume) => void server.close(() => resume(Effect.void)))
  )

describe("FastAckReceiver", () => {
  it.scoped("a signed click is acked 200 with an empty body, then processed once", () =>
    Effect.gen(function*() {
      const { bot, digest, jobs: [job], peers, recipe } = yield* digestWithFailures(1)

      const answer = yield* click(peers, bot, digest, ALICE, { value: repeatValue(recipe.id, job!.id) })
      assert.strictEqual(answer.status, 200)
      assert.strictEqual(answer.body, "")
      yield* waitFor(peers, "the outcome", () => outcomesShown(peers, digest) === 1)
      assert.deepStrictEqual(repeatedIds(peers), [job!.id])
      assert.deepStrictEqual(yield* auditOutcomes(bot), ["enqueued"])
    }), E2E_TIMEOUT)

  it.scoped("a burst of concurrent clicks: every one acked, each job repeated once", () =>
    Effect.gen(function*() {
      const { bot, digest, jobs, peers, recipe } = yield* digestWithFailures(5)
      peers.sim.setLatency("repeat", 200) // the clicks land while repeats are in flight

      // Every job clicked three times at once (by the same person: no notices expected).
      const clicks = [...jobs, ...jobs, ...jobs].map((job) => click(peers, bot, digest, ALICE, { value: repeatValue(recipe.id, job.id) }))
      const answers = yield* Effect.all(clicks, { concurrency: "unbounded" })
      assert.deepStrictEqual(answers.map((a) => [a.status, a.body]), clicks.map(() => [200, ""]))
      yield* waitFor(peers, "every outcome", () => outcomesShown(peers, digest) === jobs.length)
      assert.deepStrictEqual(repeatedIds(peers).sort(), jobs.map((j) => j.id).sort())
    }), E2E_TIMEOUT)

  it.scoped("forged and stale clicks are answered 401 and nothing is done", () =>
    Effect.gen(function*() {
      const { bot, digest, jobs: [job], peers, recipe } = yield* digestWithFailures(1)
      const before = footprint(peers)
      const stale = Math.floor(Date.now() / 1000) - 6 * 60
      const clicked = buttonClick(digest, ALICE, { value: repeatValue(recipe.id, job!.id) })
      const good = yield* captureClick(peers, clicked)

      const attempts = [
        () => peers.slack.clickButton(bot.eventsUrl, { ...clicked, signature: "v0=" + "0".repeat(64) }),
        () => peers.slack.clickButton(bot.eventsUrl, { ...clicked, signature: "v1=" + good.signature.slice(3) }),
        () => peers.slack.clickButton(bot.eventsUrl, { ...clicked, timestamp: stale }),
        // The right signature over other bytes, and signed bytes under another timestamp.
        () => peers.slack.send(bot.eventsUrl, good.rawBody.replace("U0ALICE", "U0BOB"), { signature: good.signature, timestamp: good.timestamp }),
        () => peers.slack.send(bot.eventsUrl, good.rawBody, { signature: good.signature, timestamp: good.timestamp + 1 })
      ]
      for (const attempt of attempts) {
        const result = yield* Effect.promise(attempt)
        assert.strictEqual(result.status, 401)
        assert.strictEqual(result.body, "")
      }

      // The same click, properly signed, is served: the 401s were the signature's doing. It
      // is processed after the requests above, so once its outcome shows they did nothing.
      const served = yield* Effect.promise(() => peers.slack.send(bot.eventsUrl, good.rawBody))
      assert.strictEqual(served.status, 200)
      yield* waitFor(peers, "the outcome", () => outcomesShown(peers, digest) === 1)
      assert.deepStrictEqual(repeatedIds(peers), [job!.id])
      assert.deepStrictEqual(yield* auditOutcomes(bot), ["enqueued"])
      assert.deepStrictEqual(footprint(peers).responses, before.responses)
      assert.deepStrictEqual(footprint(peers).ephemerals, before.ephemerals)
    }), E2E_TIMEOUT)

  it.scoped("a click Slack retries, or the same delivery twice, is acked but not processed again", () =>
    Effect.gen(function*() {
      const { bot, digest, jobs: [first, second], peers, recipe } = yield* digestWithFailures(2)
      const clickOn = (job: { readonly id: string }, userId: string) => buttonClick(digest, userId, { value: repeatValue(recipe.id, job.id) })

      // Bob's click on the same button, taken before the button goes away (the bot never sees it).
      const bobs = yield* captureClick(peers, clickOn(first!, BOB))
      const original = yield* Effect.promise(() => peers.slack.clickButton(bot.eventsUrl, clickOn(first!, ALICE)))
      yield* waitFor(peers, "the first outcome", () => outcomesShown(peers, digest) === 1)
      // The same bytes again, and Bob's click flagged as Slack's retry of an earlier delivery:
      // had either been processed, the audit log would show a duplicate and Bob a notice.
      const again = yield* Effect.promise(() => peers.slack.send(bot.eventsUrl, original.rawBody))
      const retried = yield* Effect.promise(() =>
        peers.slack.send(bot.eventsUrl, bobs.rawBody, { headers: { "X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout" } })
      )
      assert.deepStrictEqual([original, again, retried].map((r) => [r.status, r.body]), [[200, ""], [200, ""], [200, ""]])

      // Clicks are processed in order: once a later click's outcome shows, the two were handled.
      const before = footprint(peers)
      yield* Effect.promise(() => peers.slack.clickButton(bot.eventsUrl, clickOn(second!, ALICE)))
      yield* waitFor(peers, "the later outcome", () => outcomesShown(peers, digest) === 2)
      assert.deepStrictEqual(repeatedIds(peers), [first!.id, second!.id])
      assert.deepStrictEqual(yield* auditOutcomes(bot), ["enqueued", "enqueued"])
      assert.strictEqual(footprint(peers).responses, before.responses)
      assert.strictEqual(footprint(peers).ephemerals, before.ephemerals)
    }), E2E_TIMEOUT)

  it.scoped("a click whose payload does not start with its type still goes through Bolt's path", () =>
    Effect.gen(function*() {
      const { bot, digest, jobs: [job], peers, recipe } = yield* digestWithFailures(1)

      const captured = yield* captureClick(peers, buttonClick(digest, ALICE, { value: repeatValue(recipe.id, job!.id) }))
      const { type, ...rest } = captured.payload
      const reordered = new URLSearchParams([["payload", JSON.stringify({ ...rest, type })]]).toString()
      const answer = yield* Effect.promise(() => peers.slack.send(bot.eventsUrl, reordered))
      assert.strictEqual(answer.status, 200)
      assert.strictEqual(answer.body, "")
      yield* waitFor(peers, "the outcome", () => outcomesShown(peers, digest) === 1)
      assert.deepStrictEqual(repeatedIds(peers), [job!.id])
    }), E2E_TIMEOUT)

  it.scoped("slash command acks still carry their reply; a forged one is refused", () =>
    Effect.gen(function*() {
      const peers = yield* startPeers()
      const bot = yield* startBot(peers)

      const help = yield* Effect.promise(() => peers.slack.slashCommand(bot.eventsUrl, { text: "help", userId: ALICE, channelId: CHANNEL }))
      assert.strictEqual(help.status, 200)
      assert.strictEqual(help.headers["content-type"], "application/json")
      assert.strictEqual(help.ack?.outcome, "posted_ephemeral")
      assert.include(peers.slack.renderMessage(JSON.parse(help.body)), "/workato")

      const wrong = yield* Effect.promise(() => peers.slack.slashCommand(bot.eventsUrl, { text: "frobnicate", userId: ALICE, channelId: CHANNEL }))
      assert.strictEqual(wrong.status, 200)
      assert.strictEqual(wrong.ack?.outcome, "posted_ephemeral")
      assert.notStrictEqual(wrong.body, help.body)

      const before = footprint(peers)
      const forged = yield* Effect.promise(() =>
        peers.slack.slashCommand(bot.eventsUrl, { text: "help", userId: ALICE, channelId: CHANNEL, signature: "v0=" + "0".repeat(64) })
      )
      assert.strictEqual(forged.status, 401)
      assert.strictEqual(forged.body, "")
      assert.deepStrictEqual(footprint(peers), before)
    }), E2E_TIMEOUT)

  it.scoped("url_verification, ssl_check, /healthz and unknown paths are answered as Bolt answers them", () =>
    Effect.gen(function*() {
      const peers = yield* startPeers()
      const bot = yield* startBot(peers)

      const challenge = yield* Effect.promise(() =>
        peers.slack.send(bot.eventsUrl, JSON.stringify({ type: "url_verification", token: "t", challenge: "c-123" }), { contentType: "application/json" })
      )
      assert.strictEqual(challenge.status, 200)
      assert.deepStrictEqual(JSON.parse(challenge.body), { challenge: "c-123" })
      // ssl_check needs no signature (Slack sends none with it).
      const ssl = yield* Effect.promise(() => peers.slack.send(bot.eventsUrl, "ssl_check=1&token=x", { signature: "v0=none" }))
      assert.deepStrictEqual([ssl.status, ssl.body], [200, ""])

      const origin = new URL(bot.eventsUrl).origin
      const healthz = yield* Effect.promise(() => fetch(`${origin}/healthz`).then(async (r) => [r.status, await r.text()]))
      assert.deepStrictEqual(healthz, [200, "ok"])
      const unknown = yield* Effect.promise(() => fetch(`${origin}/elsewhere`, { method: "POST", body: "payload=%7B%7D" }).then((r) => r.status))
      assert.strictEqual(unknown, 404)
    }), E2E_TIMEOUT)
})
