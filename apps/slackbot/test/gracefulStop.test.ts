/**
 * Graceful stop (SIGTERM closes the bot's scope the same way): /readyz turns 503 while Slack is
 * still answered, no digest starts, the one in flight finishes its post and hands its lease
 * back, and another replica on the same database posts the digest at its first poll, once.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Fiber, Scope, TestServices } from "effect"
import { freshDatabase, testDialect } from "./database.js"
import { ALICE, CHANNEL, nextDigest, seedFailures, settingsFor, startBot, WaitTimeout } from "./harness.js"

const readyz = (origin: string) => Effect.promise(() => fetch(`${origin}/readyz`).then(async (r) => `${r.status} ${await r.text()}`))

describe(`graceful stop on ${testDialect}`, () => {
  it.scoped("a stopping replica answers Slack but not /readyz, hands its digest lease back, and another replica posts the digest once", () =>
    Effect.gen(function*() {
      const { jobs, peers, recipe } = yield* seedFailures(2)
      const database = yield* freshDatabase
      // Slack never answers the first post; the client gives up after 3 s (real time), so the
      // replica is mid-digest when it is asked to stop.
      peers.slack.injectFault({ method: "chat.postMessage", kind: "hang" })
      const overrides = {
        initialWatches: [{ recipeId: recipe.id, channel: CHANNEL }],
        database,
        slack: { ...settingsFor(peers).slack, requestTimeoutMs: 3_000 }
      }
      const scopeA = yield* Scope.make()
      const a = yield* startBot(peers, overrides).pipe(Scope.extend(scopeA))
      const origin = new URL(a.eventsUrl).origin
      assert.strictEqual(yield* readyz(origin), "200 ready")
      yield* Effect.promise(() => peers.slack.waitFor(() => peers.slack.callsTo("chat.postMessage").length === 1, { description: "the first post" }))

      const stopping = yield* Effect.fork(Scope.close(scopeA, Exit.void))
      for (let polls = 0; (yield* readyz(origin)) !== "503 not ready: the bot is stopping"; polls++) {
        if (polls > 500) return yield* new WaitTimeout({ what: "/readyz to say the bot is stopping" })
        yield* TestServices.provideLive(Effect.sleep("20 millis"))
      }
      const help = yield* Effect.promise(() => peers.slack.slashCommand(a.eventsUrl, { text: "help", userId: ALICE, channelId: CHANNEL }))
      assert.strictEqual(help.status, 200, "Slack is still answered while the bot stops")
      yield* Fiber.join(stopping)
      assert.strictEqual(peers.slack.messageCount(CHANNEL), 0)

      // The lease is free and still due: a second replica takes it at its first poll.
      const b = yield* startBot(peers, overrides)
      assert.strictEqual((yield* nextDigest(b)).result._tag, "Posted")
      assert.strictEqual(peers.slack.findByMetadata(CHANNEL, { eventType: "workato_digest" }).length, 1)
      const shown = JSON.stringify(peers.slack.messages(CHANNEL)[0]!.blocks)
      for (const job of jobs) assert.include(shown, job.id)
    }), 60_000)
})
