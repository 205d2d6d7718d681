/**
 * "A failed job is repeated at most once by the bot, whatever number of messages, channels,
 * views and clicks show it, and whoever clicks": end to end (real Bolt app, real clients,
 * simulator + emulator, virtual time), counting the repeat requests the simulator received.
 * Issue 8 problems 3 and 5.
 */
import { assert, describe, it } from "@effect/vitest"
import { type Context, Effect, Exit, Option, Scope, TestClock, TestServices } from "effect"
import { SETTLE_EVERY } from "../src/repeat/feature.js"
import { Repeats } from "../src/repeat/Repeats.js"
import { PostedMessages, RepeatLocks } from "../src/store/index.js"
import {
  advanceTo,
  ALICE,
  auditLog,
  BOB,
  type Bot,
  CAROL,
  CHANNEL,
  click,
  nextDigest,
  OTHER_CHANNEL,
  type Peers,
  postDigest,
  repeatedIds,
  repeatRequests,
  repeatValue,
  seedFailures,
  startBot,
  waitFor
} from "./harness.js"

const E2E_TIMEOUT = 60_000

/** A digest of `recipeId` posted in `channel` on request (checked: "Posted"); its message. */
const digestIn = (peers: Peers, bot: Bot, recipeId: number, channel: string) =>
  Effect.gen(function*() {
    yield* Effect.promise(() => peers.slack.slashCommand(bot.eventsUrl, { text: `digest ${recipeId}`, userId: ALICE, channelId: channel }))
    assert.strictEqual((yield* nextDigest(bot)).result._tag, "Posted")
    return peers.slack.messages(channel).at(-1)!
  })

const textOf = (peers: Peers, channel: string, ts: string) => peers.slack.renderText(peers.slack.message(channel, ts)?.blocks ?? [])

/** A bounded real-time poll for a condition on the simulator (whose changes the emulator does not announce). */
const until = <E, R>(what: string, check: Effect.Effect<boolean, E, R>) =>
  Effect.gen(function*() {
    for (let polls = 0; !(yield* check); polls++) {
      if (polls > 1_000) return yield* Effect.die(new Error(`timed out waiting for ${what}`))
      yield* TestServices.provideLive(Effect.sleep("10 millis"))
    }
  })

/** How many times each job id was sent to Workato's repeat endpoint. */
const sendCounts = (peers: Peers) => {
  const counts = new Map<string, number>()
  for (const id of repeatedIds(peers)) counts.set(id, (counts.get(id) ?? 0) + 1)
  return counts
}

describe("at-most-once repeats", () => {
  it.scoped("problem 3: one job in two channels' digests and a failures list, clicked in all three → one repeat request; every view shows its state", () =>
    Effect.gen(function*() {
      const { jobs: [job], peers, recipe } = yield* seedFailures(1)
      const bot = yield* startBot(peers)
      const first = yield* postDigest(peers, bot, recipe.id)
      const second = yield* digestIn(peers, bot, recipe.id, OTHER_CHANNEL)
      yield* Effect.promise(() => peers.slack.slashCommand(bot.eventsUrl, { text: `failures ${recipe.id}`, userId: CAROL, channelId: CHANNEL }))
      const list = yield* waitFor(peers, "the failures list", () => peers.slack.ephemerals(CHANNEL).find((e) => e.user === CAROL))
      const listButton = peers.slack.buttons(CHANNEL, list.ts)[0]!
      const value = repeatValue(recipe.id, job!.id)
      peers.sim.setLatency("repeat", 300) // the three clicks arrive while the first repeat is in flight

      const [, fromSecond] = yield* Effect.all([
        click(peers, bot, first, ALICE, { value }),
        Effect.promise(() => peers.slack.clickButton(bot.eventsUrl, { channel: OTHER_CHANNEL, ts: second.ts, userId: BOB, value })),
        Effect.promise(() => peers.slack.clickButton(bot.eventsUrl, { channel: CHANNEL, ts: list.ts, userId: CAROL, actionId: listButton.actionId }))
      ], { concurrency: "unbounded" })

      // Each view ends up showing the one outcome, with the one new job.
      yield* waitFor(peers, "the outcome in the first channel", () => textOf(peers, CHANNEL, first.ts).includes("Repeated by"))
      yield* waitFor(peers, "the outcome in the second channel", () => textOf(peers, OTHER_CHANNEL, second.ts).includes("Repeated by"))
      yield* waitFor(peers, "the outcome in the list", () =>
        peers.slack.renderText(peers.slack.ephemeral(CHANNEL, list.ts)?.blocks ?? []).includes("Repeated by"))
      assert.strictEqual(repeatRequests(peers).length, 1)
      assert.deepStrictEqual(repeatedIds(peers), [job!.id])
      const newJob = peers.sim.jobs(recipe.id).find((j) => j.master_job_id === job!.id && j.id !== job!.id)!
      assert.include(textOf(peers, OTHER_CHANNEL, second.ts), newJob.id)
      const log = yield* auditLog(bot)
      assert.sameMembers(log.map((e) => e.outcome), ["enqueued", "duplicate", "duplicate"])

      // Clicked again later from a stale copy (a fresh trigger_id): nothing more is sent.
      yield* Effect.promise(() => peers.slack.send(bot.eventsUrl, fromSecond!.rawBody.replace(/trigger_id%22%3A%22[^%]+/, "trigger_id%22%3A%22again")))
      yield* waitFor(peers, "the stale click's answer", () =>
        peers.slack.ephemerals(OTHER_CHANNEL).filter((e) => e.user === BOB && e.text.includes("not repeated again"))[0])
      assert.strictEqual(repeatRequests(peers).length, 1)
    }), E2E_TIMEOUT)

  it.scoped("problem 3: a repeat that fails again is a new failed job and may be repeated again (once)", () =>
    Effect.gen(function*() {
      const { jobs: [job], peers, recipe } = yield* seedFailures(1)
      const bot = yield* startBot(peers)
      const first = yield* postDigest(peers, bot, recipe.id)
      peers.sim.setRepeatOutcome(job!.id, "failed") // its repeat will fail as well
      yield* click(peers, bot, first, ALICE, { value: repeatValue(recipe.id, job!.id) })
      yield* waitFor(peers, "the first repeat", () => textOf(peers, CHANNEL, first.ts).includes("Repeated by"))
      yield* TestClock.adjust("1 minute")
      const retry = peers.sim.jobs(recipe.id).find((j) => j.master_job_id === job!.id && j.id !== job!.id)!
      assert.strictEqual(retry.status, "failed")
      const second = yield* postDigest(peers, bot, recipe.id)
      assert.include(textOf(peers, CHANNEL, second.ts), retry.id)
      const again = yield* click(peers, bot, second, BOB, { value: repeatValue(recipe.id, job!.id) })
      yield* waitFor(peers, "the second repeat", () => textOf(peers, CHANNEL, second.ts).includes("Repeated by"))
      // The same click once more from a stale copy: that failure was repeated already.
      yield* Effect.promise(() => peers.slack.send(bot.eventsUrl, again.rawBody.replace(/trigger_id%22%3A%22[^%]+/, "trigger_id%22%3A%22again")))
      yield* until("the stale click in the audit log", Effect.map(auditLog(bot), (log) => log.length === 3))
      assert.deepStrictEqual((yield* auditLog(bot)).map((e) => e.outcome), ["enqueued", "enqueued", "duplicate"])
      assert.deepStrictEqual(repeatedIds(peers), [job!.id, job!.id]) // the master job, once per failure
    }), E2E_TIMEOUT)

  it.scoped("problem 3: Repeat all in two channels at once → each job repeated once; both messages show the outcomes", () =>
    Effect.gen(function*() {
      const { jobs, peers, recipe } = yield* seedFailures(40)
      const bot = yield* startBot(peers)
      const first = yield* postDigest(peers, bot, recipe.id)
      const second = yield* digestIn(peers, bot, recipe.id, OTHER_CHANNEL)
      peers.sim.setLatency("repeat", 200)
      yield* Effect.all([
        click(peers, bot, first, ALICE, { actionId: "repeat_all" }),
        Effect.promise(() => peers.slack.clickButton(bot.eventsUrl, { channel: OTHER_CHANNEL, ts: second.ts, userId: BOB, actionId: "repeat_all" }))
      ], { concurrency: "unbounded" })
      yield* waitFor(peers, "the first summary", () => textOf(peers, CHANNEL, first.ts).includes("40 jobs: 40 repeated"))
      yield* waitFor(peers, "the second summary", () => textOf(peers, OTHER_CHANNEL, second.ts).includes("40 jobs: 40 repeated"))
      const counts = sendCounts(peers)
      assert.sameMembers([...counts.keys()], jobs.map((j) => j.id))
      assert.isTrue([...counts.values()].every((n) => n === 1))
      assert.strictEqual((textOf(peers, OTHER_CHANNEL, second.ts).match(/Repeat in progress/g) ?? []).length, 0)
    }), E2E_TIMEOUT)

  it.scoped("problem 5: the bot restarts in the middle of Repeat all of 60 → the message says so; clicking again repeats the rest, each job once", () =>
    Effect.gen(function*() {
      const { jobs, peers, recipe } = yield* seedFailures(60)
      let digest = { ts: "" }
      yield* Effect.scoped(Effect.gen(function*() {
        const bot = yield* startBot(peers)
        digest = yield* postDigest(peers, bot, recipe.id)
        // Workato applies the first chunk and never answers; the bot stops while it waits.
        peers.sim.injectFault({ route: "repeat", kind: "hangAfterApply" })
        yield* click(peers, bot, digest, ALICE, { actionId: "repeat_all" })
        yield* until("the first chunk at Workato", Effect.sync(() => repeatRequests(peers).length === 1))
        assert.include(textOf(peers, CHANNEL, digest.ts), "Repeating 0 of 60")
      })) // the process stops: the in-flight chunk's outcome is unknown, the rest was never sent

      const bot = yield* startBot(peers)
      const notice = yield* waitFor(peers, "the interruption notice", () => {
        const text = textOf(peers, CHANNEL, digest.ts)
        return text.includes("interrupted") && text
      })
      assert.include(notice, "after 25 of 60 jobs; 35 jobs are left")
      const resume = peers.slack.buttons(CHANNEL, digest.ts).find((b) => b.actionId === "repeat_all")!
      assert.strictEqual(resume.text, "Repeat the 35 left")
      assert.include(notice, "Outcome unknown") // the chunk that was in flight

      const resumed = yield* click(peers, bot, digest, BOB, { actionId: "repeat_all" })
      const summary = yield* waitFor(peers, "the summary", () => {
        const text = textOf(peers, CHANNEL, digest.ts)
        return text.includes("60 jobs:") && text
      })
      assert.include(summary, "60 jobs: 35 repeated, 25 unknown")
      const counts = sendCounts(peers)
      assert.sameMembers([...counts.keys()], jobs.map((j) => j.id))
      assert.isTrue([...counts.values()].every((n) => n === 1))
      assert.deepStrictEqual(repeatRequests(peers).map((r) => (r.body as { job_ids: Array<string> }).job_ids.length), [25, 25, 10])
      // The click once more from a stale copy (a fresh trigger_id) finds nothing left to send.
      yield* Effect.promise(() => peers.slack.send(bot.eventsUrl, resumed.rawBody.replace(/trigger_id%22%3A%22[^%]+/, "trigger_id%22%3A%22again")))
      yield* waitFor(peers, "the answer to the stale click", () =>
        peers.slack.ephemerals(CHANNEL).find((e) => e.user === BOB && e.text.includes("already")))
      assert.strictEqual(repeatRequests(peers).length, 3)
    }), E2E_TIMEOUT)

  it.scoped("problem 5 with two replicas: one starting leaves the other's Repeat all alone; when that one stops, the other says so and finishes the rest, each job once", () =>
    Effect.gen(function*() {
      const { jobs, peers, recipe } = yield* seedFailures(60)
      const scopeA = yield* Scope.make()
      const botA = yield* startBot(peers).pipe(Scope.extend(scopeA))
      const digest = yield* postDigest(peers, botA, recipe.id)
      peers.sim.injectFault({ route: "repeat", kind: "hangAfterApply" })
      yield* click(peers, botA, digest, ALICE, { actionId: "repeat_all" })
      yield* until("the first chunk at Workato", Effect.sync(() => repeatRequests(peers).length === 1))

      // A second replica starts on the same database while the first is mid-run: nothing of it is settled.
      const botB = yield* startBot(peers)
      const run = botB.use(Effect.gen(function*() {
        const found = yield* (yield* PostedMessages).findByTs(CHANNEL, digest.ts)
        return Option.getOrThrow(yield* (yield* RepeatLocks).lastRun(Option.getOrThrow(found).id)).state
      }))
      assert.strictEqual(yield* run, "running")
      assert.notInclude(textOf(peers, CHANNEL, digest.ts), "interrupted")

      // The first replica stops; the second notices within a minute and says so in the message.
      yield* Scope.close(scopeA, Exit.void)
      yield* advanceTo(SETTLE_EVERY)
      yield* waitFor(peers, "the interruption notice", () => textOf(peers, CHANNEL, digest.ts).includes("35 jobs are left"))
      assert.strictEqual(yield* run, "interrupted")
      yield* click(peers, botB, digest, BOB, { actionId: "repeat_all" })
      yield* waitFor(peers, "the summary", () => textOf(peers, CHANNEL, digest.ts).includes("60 jobs: 35 repeated, 25 unknown"))
      const counts = sendCounts(peers)
      assert.sameMembers([...counts.keys()], jobs.map((j) => j.id))
      assert.isTrue([...counts.values()].every((n) => n === 1))
    }), E2E_TIMEOUT)

  it.scoped("per-recipe repeat queues go away when idle", () =>
    Effect.gen(function*() {
      const { peers, recipe } = yield* seedFailures(3)
      const other = peers.sim.addRecipe({})
      const [job] = peers.sim.addFailures(other.id, 1)
      const bot = yield* startBot(peers)
      const digest = yield* postDigest(peers, bot, recipe.id)
      yield* click(peers, bot, digest, ALICE, { actionId: "repeat_all" })
      yield* Effect.promise(() => peers.slack.slashCommand(bot.eventsUrl, { text: `repeat ${other.id} ${job!.id}`, userId: ALICE, channelId: CHANNEL }))
      yield* waitFor(peers, "the summary", () => textOf(peers, CHANNEL, digest.ts).includes("3 jobs: 3 repeated"))
      yield* waitFor(peers, "the report", () => peers.slack.messages(CHANNEL).find((m) => m.text.includes("Repeat of 1 job")))
      const queues = yield* Effect.provide(Effect.flatMap(Repeats, (r) => r.queueCount), bot.context as unknown as Context.Context<Repeats>)
      assert.strictEqual(queues, 0)
    }), E2E_TIMEOUT)
})
