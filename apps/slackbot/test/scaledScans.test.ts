/**
 * Scans that scale, end to end: with a folder of recipes watched, a digest round reads the
 * folder's recipe list (one request per 100 recipes) and lists jobs only of the recipes whose
 * job_failed_count moved since their last scan. A count that went down (retention) still
 * scans; a recipe list that cannot be read falls back to scanning every recipe.
 */
import { assert, describe, it } from "@effect/vitest"
import type { RecordedMessage } from "@workato-jobs/slack-emulator"
import { Effect } from "effect"
import { advanceTo, CHANNEL, nextDigest, type Peers, startBot, startPeers } from "./harness.js"

const E2E_TIMEOUT = 60_000

const jobIdsIn = (message: RecordedMessage) =>
  new Set([...JSON.stringify(message.blocks).matchAll(/j-[A-Za-z0-9]+-[A-Za-z0-9]+/g)].map((m) => m[0]))

/** Recipes whose jobs were listed since request `from`, and how many recipe-list requests were made. */
const since = (peers: Peers, from: number) => {
  const requests = peers.sim.requests.slice(from)
  return {
    jobListsOf: new Set(requests.filter((r) => r.route === "list").map((r) => Number(r.path.split("/")[3]))),
    recipeLists: requests.filter((r) => r.route === "recipes").length
  }
}

describe("scans that scale", () => {
  it.scoped("only recipes with new failures are scanned; a lower count (purge) still scans; a failed count read falls back to scanning all", () =>
    Effect.gen(function*() {
      const peers = yield* startPeers()
      const folder = peers.sim.addFolder({ name: "Ops" })
      const recipes = Array.from({ length: 30 }, (_, i) => peers.sim.addRecipe({ name: `Recipe ${i}`, folderId: folder.id }))
      for (const r of recipes) peers.sim.addJob(r.id, { status: "succeeded" })
      const elsewhere = peers.sim.addRecipe({ name: "Watched on its own" })
      const bot = yield* startBot(peers, {
        initialWatches: [{ folderId: folder.id, channel: CHANNEL }, { recipeId: elsewhere.id, channel: CHANNEL }]
      })
      yield* nextDigest(bot) // first round: every recipe scanned once, counts recorded

      // Two recipes fail: only they are scanned, after one recipe-list request.
      const [a, b, c] = [recipes[3]!, recipes[17]!, recipes[25]!]
      const failedA = peers.sim.addFailures(a.id, 2)
      const failedB = peers.sim.addFailures(b.id, 1)
      let mark = peers.sim.requests.length
      yield* advanceTo("15 minutes")
      assert.strictEqual((yield* nextDigest(bot)).result._tag, "Posted")
      assert.deepStrictEqual([...since(peers, mark).jobListsOf].sort(), [a.id, b.id].sort())
      assert.strictEqual(since(peers, mark).recipeLists, 2) // the folder's list, and the one recipe watched on its own read with its folder
      assert.sameMembers([...jobIdsIn(peers.slack.messages(CHANNEL).at(-1)!)], [...failedA, ...failedB].map((j) => j.id))

      // Nothing new: no job list at all.
      mark = peers.sim.requests.length
      yield* advanceTo("15 minutes")
      assert.strictEqual((yield* nextDigest(bot)).result._tag, "NothingNew")
      assert.strictEqual(since(peers, mark).jobListsOf.size, 0)

      // Retention erases A's two failures while one new one comes: its count goes from 2 to 1.
      const now = (yield* Effect.clock).unsafeCurrentTimeMillis()
      peers.sim.purgeJobs(a.id, now + 1)
      const afterPurge = peers.sim.addFailures(a.id, 1)
      mark = peers.sim.requests.length
      yield* advanceTo("15 minutes")
      assert.strictEqual((yield* nextDigest(bot)).result._tag, "Posted")
      assert.deepStrictEqual([...since(peers, mark).jobListsOf], [a.id])
      assert.sameMembers([...jobIdsIn(peers.slack.messages(CHANNEL).at(-1)!)], afterPurge.map((j) => j.id))

      // Recipes cannot be read: the recipe watched on its own is scanned in full (nothing
      // missed); the folder's recipes are unknown this round and are scanned the next.
      const failedC = peers.sim.addFailures(c.id, 1)
      const failedD = peers.sim.addFailures(elsewhere.id, 1)
      peers.sim.injectFault({ route: "recipes", kind: "status403", times: 2 })
      peers.sim.injectFault({ route: "recipe", kind: "status403", times: 2 })
      yield* advanceTo("15 minutes")
      assert.strictEqual((yield* nextDigest(bot)).result._tag, "Posted")
      assert.sameMembers([...jobIdsIn(peers.slack.messages(CHANNEL).at(-1)!)], failedD.map((j) => j.id))
      yield* advanceTo("15 minutes")
      assert.strictEqual((yield* nextDigest(bot)).result._tag, "Posted")
      assert.sameMembers([...jobIdsIn(peers.slack.messages(CHANNEL).at(-1)!)], failedC.map((j) => j.id))
    }), E2E_TIMEOUT)
})
