import { assert, describe, it } from "@effect/vitest"
import { Effect, Option } from "effect"
import {
  ALICE,
  auditLog,
  auditOutcomes,
  BOB,
  CAROL,
  CHANNEL,
  click,
  digestWithFailures,
  latest,
  outcomesShown,
  postDigest,
  rendered,
  repeatedIds,
  repeatRequests,
  repeatValue,
  seedFailures,
  startBot,
  waitFor
} from "./harness.js"

const E2E_TIMEOUT = 30_000

describe("Repeat buttons", () => {
  it.scoped("a click is acked at once, repeats the master job once, and updates the message in place", () =>
    Effect.gen(function*() {
      const { bot, digest, jobs: [job], peers, recipe } = yield* digestWithFailures(1)

      const answer = yield* click(peers, bot, digest, ALICE, { value: repeatValue(recipe.id, job!.id) })
      assert.strictEqual(answer.status, 200)
      assert.strictEqual(answer.body, "")
      const updated = yield* waitFor(peers, "the outcome in the message", () =>
        rendered(peers, latest(peers, digest)).includes("Repeated by") && latest(peers, digest))
      assert.strictEqual(repeatRequests(peers).length, 1)
      const newJob = peers.sim.jobs(recipe.id).find((j) => j.master_job_id === job!.id && j.id !== job!.id)!
      assert.include(rendered(peers, updated), newJob.id)
      assert.strictEqual(peers.slack.buttons(CHANNEL, digest.ts).length, 0) // the button is gone
      assert.isTrue(updated.updates.some((v) => v.via === "chat.update"))
      const log = yield* auditLog(bot)
      assert.deepStrictEqual(log.map((e) => [e.userId, e.recipeId, e.jobId, e.source, e.outcome, e.newJobId]), [
        [ALICE, recipe.id, job!.id, "button", "enqueued", newJob.id]
      ])
    }), E2E_TIMEOUT)

  it.scoped("REPEAT_ALLOWED_USERS: others get an ephemeral explanation and nothing is repeated", () =>
    Effect.gen(function*() {
      const { bot, digest, jobs: [job], peers, recipe } = yield* digestWithFailures(1, { repeatAllowedUsers: Option.some(new Set([BOB])) })

      yield* click(peers, bot, digest, ALICE, { value: repeatValue(recipe.id, job!.id) })
      const told = yield* waitFor(peers, "the denial", () => peers.slack.ephemerals(CHANNEL).find((e) => e.user === ALICE && e.text.includes("may not repeat")))
      assert.include(rendered(peers, told as never), "nothing was repeated")
      assert.strictEqual(repeatRequests(peers).length, 0)
      assert.strictEqual(peers.slack.buttons(CHANNEL, digest.ts).length, 1)
      assert.deepStrictEqual((yield* auditLog(bot)).map((e) => [e.userId, e.outcome]), [[ALICE, "denied"]])

      // The allowed user still can.
      yield* click(peers, bot, digest, BOB, { value: repeatValue(recipe.id, job!.id) })
      yield* waitFor(peers, "Bob's repeat", () => rendered(peers, latest(peers, digest)).includes("Repeated by"))
      assert.strictEqual(repeatRequests(peers).length, 1)
    }), E2E_TIMEOUT)

  it.scoped("double clicks, by one person or by two, repeat the job once", () =>
    Effect.gen(function*() {
      const { bot, digest, jobs: [a, b], peers, recipe } = yield* digestWithFailures(2)
      peers.sim.setLatency("repeat", 300) // both clicks arrive while the first repeat is in flight

      const same = yield* Effect.all([
        click(peers, bot, digest, ALICE, { value: repeatValue(recipe.id, a!.id) }),
        click(peers, bot, digest, ALICE, { value: repeatValue(recipe.id, a!.id) })
      ], { concurrency: "unbounded" })
      const two = yield* Effect.all([
        click(peers, bot, digest, BOB, { value: repeatValue(recipe.id, b!.id) }),
        click(peers, bot, digest, CAROL, { value: repeatValue(recipe.id, b!.id) })
      ], { concurrency: "unbounded" })
      for (const r of [...same, ...two]) assert.strictEqual(r.status, 200)

      yield* waitFor(peers, "both outcomes", () => outcomesShown(peers, digest) === 2)
      assert.deepStrictEqual(repeatedIds(peers).sort(), [a!.id, b!.id].sort())
      // The second person was told (a double click by one person needs no answer: the message
      // shows the outcome), and both duplicates are in the audit log.
      const told = yield* waitFor(peers, "the duplicate notice", () =>
        peers.slack.ephemerals(CHANNEL).find((e) => e.text.includes("not repeated again")))
      assert.include([BOB, CAROL], told.user)
      const outcomes = (yield* auditOutcomes(bot)).sort()
      assert.deepStrictEqual(outcomes, ["duplicate", "duplicate", "enqueued", "enqueued"])
    }), E2E_TIMEOUT)

  it.scoped("a burst of clicks on different jobs shares Workato requests (25 jobs each at most)", () =>
    Effect.gen(function*() {
      const { bot, digest, peers } = yield* digestWithFailures(30)
      peers.sim.setLatency("repeat", 300)
      const shown = peers.slack.buttons(CHANNEL, digest.ts).filter((b) => b.actionId.startsWith("repeat_job"))
      assert.isAtLeast(shown.length, 10)

      yield* Effect.forEach(shown, (b) => click(peers, bot, digest, ALICE, { value: b.value! }), { concurrency: "unbounded" })
      yield* waitFor(peers, "every outcome", () => outcomesShown(peers, digest) === shown.length)
      const sizes = repeatRequests(peers).map((r) => (r.body as { job_ids: Array<string> }).job_ids.length)
      assert.strictEqual(sizes.reduce((a, b) => a + b, 0), shown.length)
      assert.isBelow(sizes.length, shown.length)
      assert.isTrue(sizes.every((n) => n <= 25))
    }), E2E_TIMEOUT)

  it.scoped("expired trigger data and an unknown outcome are shown in plain words, never retried", () =>
    Effect.gen(function*() {
      const { jobs: [expired, flaky], peers, recipe } = yield* seedFailures(2)
      peers.sim.expire(expired!.id)
      const bot = yield* startBot(peers)
      const digest = yield* postDigest(peers, bot, recipe.id)

      yield* click(peers, bot, digest, ALICE, { value: repeatValue(recipe.id, expired!.id) })
      yield* waitFor(peers, "the expiry reason", () => rendered(peers, latest(peers, digest)).includes("retention policy"))

      // The repeat runs but the answer is lost: the bot cannot know, so it says so.
      peers.sim.injectFault({ route: "repeat", kind: "dropAfterApply" })
      yield* click(peers, bot, digest, ALICE, { value: repeatValue(recipe.id, flaky!.id) })
      yield* waitFor(peers, "the unknown outcome", () => rendered(peers, latest(peers, digest)).includes("Outcome unknown"))
      const text = rendered(peers, latest(peers, digest))
      assert.include(text, "check the recipe's jobs in Workato")
      assert.strictEqual(repeatRequests(peers).filter((r) => JSON.stringify(r.body).includes(flaky!.id)).length, 1)
      assert.deepStrictEqual(yield* auditOutcomes(bot), ["rejected", "unknown"])
    }), E2E_TIMEOUT)

  it.scoped("Repeat all shows progress while batches run, then a summary", () =>
    Effect.gen(function*() {
      const { peers, recipe } = yield* seedFailures(60)
      peers.sim.addJob(recipe.id, { status: "failed", isPollError: true, error: { adapter: "salesforce", error_type: "Trigger error", message: "poll failed" } })
      const bot = yield* startBot(peers)
      const digest = yield* postDigest(peers, bot, recipe.id)

      const answer = yield* click(peers, bot, digest, ALICE, { actionId: "repeat_all" })
      assert.strictEqual(answer.status, 200)
      const done = yield* waitFor(peers, "the summary", () =>
        rendered(peers, latest(peers, digest)).includes("60 jobs: 60 repeated") && latest(peers, digest))
      const progress = done.updates.map((v) => peers.slack.renderText(v.blocks)).filter((t) => t.includes("Repeating"))
      assert.isTrue(progress.some((t) => t.includes("Repeating 0 of 60")))
      assert.isTrue(progress.some((t) => t.includes("Repeating 25 of 60")))
      assert.isTrue(progress.some((t) => t.includes("Repeating 50 of 60")))
      // 3 requests of at most 25; the trigger error was not sent.
      const batches = repeatRequests(peers).map((r) => (r.body as { job_ids: Array<string> }).job_ids.length)
      assert.deepStrictEqual(batches, [25, 25, 10])
      assert.strictEqual((yield* auditLog(bot)).filter((e) => e.source === "repeat_all" && e.outcome === "enqueued").length, 60)

      // A second Repeat all on the same digest (a stale client, a fresh trigger_id) repeats nothing more.
      assert.match(answer.rawBody, /trigger_id%22%3A%22[^%]+/)
      yield* Effect.promise(() => peers.slack.send(bot.eventsUrl, answer.rawBody.replace(/trigger_id%22%3A%22[^%]+/, "trigger_id%22%3A%22again")))
      assert.strictEqual(repeatRequests(peers).length, 3)
    }), E2E_TIMEOUT)

  it.scoped("a click on an ephemeral failures list updates that list through the response_url", () =>
    Effect.gen(function*() {
      const { jobs: [older, newer], peers, recipe } = yield* seedFailures(2)
      const bot = yield* startBot(peers)
      const list = (limit: number) =>
        Effect.gen(function*() {
          const before = peers.slack.ephemerals(CHANNEL).length
          yield* Effect.promise(() => peers.slack.slashCommand(bot.eventsUrl, { text: `failures ${recipe.id} ${limit}`, userId: ALICE, channelId: CHANNEL }))
          return yield* waitFor(peers, "the list", () => peers.slack.ephemerals(CHANNEL)[before])
        })
      // Two lists on screen; the click comes from the first (which shows only the newest job).
      const first = yield* list(1)
      const second = yield* list(2)
      const button = peers.slack.buttons(CHANNEL, first.ts)[0]!
      assert.strictEqual(button.value, repeatValue(recipe.id, newer!.id))

      yield* Effect.promise(() => peers.slack.clickButton(bot.eventsUrl, { channel: CHANNEL, ts: first.ts, userId: ALICE, value: button.value! }))
      const updated = yield* waitFor(peers, "the updated list", () => {
        const e = peers.slack.ephemeral(CHANNEL, first.ts)
        return e !== undefined && peers.slack.renderText(e.blocks).includes("Repeated by") && e
      })
      assert.isTrue(updated.updates.some((v) => v.via === "response_url"))
      assert.notInclude(JSON.stringify(updated.blocks), older!.id) // still the first list, not the second
      assert.strictEqual(peers.slack.ephemeral(CHANNEL, second.ts)!.updates.length, second.updates.length)
      assert.strictEqual(repeatRequests(peers).length, 1)
      assert.strictEqual(peers.slack.callsTo("chat.update").length, 0)
    }), E2E_TIMEOUT)
})

describe("/workato repeat", () => {
  it.scoped("repeats by id, explains non-master and expired jobs, and respects REPEAT_ALLOWED_USERS", () =>
    Effect.gen(function*() {
      const { jobs: [ok, expired, original], peers, recipe } = yield* seedFailures(3)
      peers.sim.expire(expired!.id)
      const repeatOfOriginal = peers.sim.addJob(recipe.id, { status: "failed", masterJobId: original!.id })
      const bot = yield* startBot(peers, { repeatAllowedUsers: Option.some(new Set([ALICE])) })

      yield* Effect.promise(() => peers.slack.slashCommand(bot.eventsUrl, { text: `repeat ${recipe.id} ${ok!.id}`, userId: BOB, channelId: CHANNEL }))
      yield* waitFor(peers, "the denial", () => peers.slack.ephemerals(CHANNEL).find((e) => e.user === BOB && e.text.includes("may not repeat")))
      assert.strictEqual(repeatRequests(peers).length, 0)

      const ack = yield* Effect.promise(() =>
        peers.slack.slashCommand(bot.eventsUrl, {
          text: `repeat ${recipe.id} ${ok!.id} ${expired!.id} ${repeatOfOriginal.id} j-Unknown-Job`,
          userId: ALICE,
          channelId: CHANNEL
        })
      )
      assert.strictEqual(ack.status, 200)
      const report = yield* waitFor(peers, "the report", () => peers.slack.messages(CHANNEL).find((m) => m.text.includes("Repeat of 4 jobs")))
      const text = peers.slack.renderText(report.blocks)
      assert.include(report.text, "1 repeated, 3 could not be repeated")
      assert.include(text, "retention policy")
      assert.include(text, "not an original job")
      assert.include(text, "does not know this job")
      assert.strictEqual(repeatRequests(peers).length, 1)
    }), E2E_TIMEOUT)
})
