import { assert, describe, it } from "@effect/vitest"
import type { RecordedResponse } from "@workato-jobs/slack-emulator"
import { Effect } from "effect"
import { ALICE, CHANNEL, type Peers, repeatValue, startBot, startPeers, waitFor } from "./harness.js"

const E2E_TIMEOUT = 30_000

/** What the user sees (blocks rendered as text, entities decoded), lower-cased for matching. */
const seen = (peers: Peers, r: RecordedResponse | undefined) => {
  const body = (r?.body ?? {}) as { text?: string; blocks?: ReadonlyArray<unknown> }
  return peers.slack.renderMessage(body).toLowerCase()
}

describe("/workato", () => {
  it.scoped("help and every kind of bad input are answered in the ack, ephemeral, with the usage", () =>
    Effect.gen(function*() {
      const peers = yield* startPeers()
      const bot = yield* startBot(peers)
      const send = (text: string) =>
        Effect.promise(() => peers.slack.slashCommand(bot.eventsUrl, { text, userId: ALICE, channelId: CHANNEL }))

      const help = yield* send("help")
      assert.strictEqual(help.status, 200)
      assert.strictEqual(help.ack?.outcome, "posted_ephemeral")
      for (const sub of ["failures <recipe_id> [limit]", "job <recipe_id> <job_id>", "repeat <recipe_id> <job_id>", "watch <recipe_id> [every <duration>]", "unwatch <recipe_id>", "watches", "digest [<recipe_id>"]) {
        assert.include(seen(peers, help.ack), sub)
      }
      const empty = yield* send("")
      assert.include(seen(peers, empty.ack), "failures <recipe_id>")

      const cases: ReadonlyArray<readonly [string, string, string]> = [
        ["frobnicate 1", "\"frobnicate\" is not a /workato subcommand", "/workato failures <recipe_id> [limit]"],
        ["failures abc", "\"abc\" is not a recipe id", "/workato failures <recipe_id> [limit]"],
        ["job 12", "the job id is missing", "/workato job <recipe_id> <job_id>"],
        ["repeat 12", "the job id is missing", "/workato repeat <recipe_id> <job_id>"],
        ["watch 12 every fortnight", "\"fortnight\" is not a duration", "/workato watch <recipe_id> [every <duration>]"],
        ["unwatch x", "is not a recipe id", "/workato unwatch <recipe_id>"],
        ["digest 1 b", "\"b\" is not a recipe id", "/workato digest"]
      ]
      for (const [text, problem, usage] of cases) {
        const answer = yield* send(text)
        assert.strictEqual(answer.status, 200, text)
        assert.strictEqual(answer.ack?.outcome, "posted_ephemeral", text)
        assert.include(seen(peers, answer.ack), problem, text)
        assert.include(seen(peers, answer.ack), usage, text)
      }
      // Nothing reached Workato for any of them.
      assert.strictEqual(peers.sim.requests.length, 0)
    }), E2E_TIMEOUT)

  it.scoped("failures lists a recipe's failed jobs with Repeat buttons; job shows one job", () =>
    Effect.gen(function*() {
      const peers = yield* startPeers()
      const recipe = peers.sim.addRecipe({ name: "Orders sync" })
      peers.sim.addJob(recipe.id, { status: "succeeded" })
      const failed = peers.sim.addFailures(recipe.id, 3)
      const bot = yield* startBot(peers)

      const list = yield* Effect.promise(() =>
        peers.slack.slashCommand(bot.eventsUrl, { text: `failures ${recipe.id} 2`, userId: ALICE, channelId: CHANNEL })
      )
      assert.strictEqual(list.status, 200)
      assert.strictEqual(list.body, "")
      const shown = yield* waitFor(peers, "the failures list", () => peers.slack.ephemerals(CHANNEL).at(-1))
      assert.strictEqual(shown.user, ALICE)
      assert.include(shown.text, "2 recent failed jobs")
      const buttons = peers.slack.buttons(CHANNEL, shown.ts)
      assert.strictEqual(buttons.length, 2)
      assert.include(buttons[0]!.value!, repeatValue(recipe.id, failed.at(-1)!.id))

      const job = yield* Effect.promise(() =>
        peers.slack.slashCommand(bot.eventsUrl, { text: `job ${recipe.id} ${failed[0]!.id}`, userId: ALICE, channelId: CHANNEL })
      )
      assert.strictEqual(job.status, 200)
      const detail = yield* waitFor(peers, "the job detail", () =>
        peers.slack.ephemerals(CHANNEL).find((e) => e.text.includes(failed[0]!.id)))
      const rendered = peers.slack.renderText(detail.blocks)
      assert.include(rendered, "Failing step")
      assert.strictEqual(peers.slack.buttons(CHANNEL, detail.ts).length, 1)
    }), E2E_TIMEOUT)

  it.scoped("Workato errors are answered in plain words", () =>
    Effect.gen(function*() {
      const peers = yield* startPeers()
      const recipe = peers.sim.addRecipe({})
      const bot = yield* startBot(peers)
      const send = (text: string) =>
        Effect.promise(() => peers.slack.slashCommand(bot.eventsUrl, { text, userId: ALICE, channelId: CHANNEL }))
      const answerTo = (text: string) =>
        Effect.gen(function*() {
          const before = peers.slack.responses().length
          yield* send(text)
          return yield* waitFor(peers, `the answer to ${text}`, () => peers.slack.responses().slice(before).find((r) => r.status === 200))
        })

      assert.include(seen(peers, yield* answerTo("failures 999999")), "recipe 999999 not found")
      assert.include(seen(peers, yield* answerTo(`job ${recipe.id} j-nope`)), `job j-nope of recipe ${recipe.id} was not found`)
      peers.sim.injectFault({ route: "list", kind: "status401" })
      assert.include(seen(peers, yield* answerTo(`failures ${recipe.id}`)), "the workato api token was rejected")
      for (const r of peers.slack.responses()) assert.notInclude(JSON.stringify(r.body), "    at ")
    }), E2E_TIMEOUT)
})
