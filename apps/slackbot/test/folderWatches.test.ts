/**
 * Folder watches end to end (real Bolt app, simulator folders, virtual time): one command
 * watches every recipe of a folder and its subfolders; a recipe added later is picked up, one
 * moved out is dropped; `watches` shows the folder with its recipe count; unwatch stops it.
 */
import { assert, describe, it } from "@effect/vitest"
import type { RecordedMessage } from "@workato-jobs/slack-emulator"
import { Effect } from "effect"
import { FolderWatches } from "../src/store/index.js"
import { advanceTo, ALICE, CHANNEL, nextDigest, type Peers, startBot, startPeers, waitFor } from "./harness.js"

const E2E_TIMEOUT = 60_000

const jobIdsIn = (message: RecordedMessage) =>
  new Set([...JSON.stringify(message.blocks).matchAll(/j-[A-Za-z0-9]+-[A-Za-z0-9]+/g)].map((m) => m[0]))

const lastResponseText = (peers: Peers, before: number) =>
  waitFor(peers, "an answer", () => {
    const answer = peers.slack.responses().slice(before).find((r) => r.status === 200)
    // Without code marks, as read.
    return answer === undefined ? undefined : peers.slack.renderMessage(answer.body as { text?: string; blocks?: ReadonlyArray<unknown> }).replaceAll("`", "")
  })

describe("folder watches", () => {
  it.scoped("watch folder: every recipe in it and its subfolders, a recipe added later too, one moved out dropped; watches and unwatch", () =>
    Effect.gen(function*() {
      const peers = yield* startPeers()
      const sales = peers.sim.addFolder({ name: "Sales" })
      const shopify = peers.sim.addFolder({ name: "Shopify", parentId: sales.id })
      const elsewhere = peers.sim.addFolder({ name: "Finance" })
      const orders = peers.sim.addRecipe({ name: "Load Shopify orders into Snowflake", folderId: shopify.id })
      const leads = peers.sim.addRecipe({ name: "Sync Salesforce leads", folderId: sales.id })
      const payroll = peers.sim.addRecipe({ name: "Payroll export", folderId: elsewhere.id })
      const first = [...peers.sim.addFailures(orders.id, 2), ...peers.sim.addFailures(leads.id, 1)]
      const notWatched = peers.sim.addFailures(payroll.id, 1)
      const bot = yield* startBot(peers)
      const send = (text: string) =>
        Effect.gen(function*() {
          const before = peers.slack.responses().length
          yield* Effect.promise(() => peers.slack.slashCommand(bot.eventsUrl, { text, userId: ALICE, channelId: CHANNEL }))
          return yield* lastResponseText(peers, before)
        })

      const confirmation = yield* send(`watch folder ${sales.id} every 15 minutes`)
      assert.include(confirmation, `folder ${sales.id}`)
      assert.include(confirmation, "2 recipes now")
      assert.strictEqual((yield* nextDigest(bot)).result._tag, "Posted")
      const digest1 = peers.slack.messages(CHANNEL).at(-1)!
      assert.sameMembers([...jobIdsIn(digest1)], first.map((j) => j.id))
      const text1 = peers.slack.renderText(digest1.blocks)
      assert.include(text1, "Load Shopify orders into Snowflake")
      assert.include(text1, "Sync Salesforce leads")
      assert.notInclude(JSON.stringify(digest1.blocks), notWatched[0]!.id)

      // Later: a recipe is added to the subfolder, and one is moved out to Finance.
      const refunds = peers.sim.addRecipe({ name: "Refunds to NetSuite", folderId: shopify.id })
      peers.sim.moveRecipe(leads.id, elsewhere.id)
      const added = peers.sim.addFailures(refunds.id, 2)
      const movedOut = peers.sim.addFailures(leads.id, 1)
      const more = peers.sim.addFailures(orders.id, 1)
      yield* advanceTo("15 minutes")
      assert.strictEqual((yield* nextDigest(bot)).result._tag, "Posted")
      const digest2 = peers.slack.messages(CHANNEL).at(-1)!
      assert.sameMembers([...jobIdsIn(digest2)], [...added, ...more].map((j) => j.id))
      assert.notInclude(JSON.stringify(digest2.blocks), movedOut[0]!.id)
      assert.include(peers.slack.renderText(digest2.blocks), "Refunds to NetSuite")

      const list = yield* send("watches")
      assert.include(list, `Folder ${sales.id}`)
      assert.include(list, "2 recipes")
      assert.include(list, "1 folder")

      const stopped = yield* send(`unwatch folder ${sales.id}`)
      assert.include(stopped, `stopped watching folder ${sales.id}`)
      assert.deepStrictEqual(yield* bot.use(Effect.flatMap(FolderWatches, (s) => s.list)), [])
      assert.include(yield* send(`unwatch folder ${sales.id}`), `Folder ${sales.id} is not watched in this channel`)
      assert.include(yield* send("watches"), "No recipes are watched")
    }), E2E_TIMEOUT)

  it.scoped("WORKATO_WATCH folder:<id>=<channel> watches the folder from start-up", () =>
    Effect.gen(function*() {
      const peers = yield* startPeers()
      const folder = peers.sim.addFolder({ name: "Finance" })
      const recipe = peers.sim.addRecipe({ name: "Invoices to NetSuite", folderId: folder.id })
      const failed = peers.sim.addFailures(recipe.id, 2)
      const bot = yield* startBot(peers, { initialWatches: [{ folderId: folder.id, channel: CHANNEL }] })
      assert.strictEqual((yield* nextDigest(bot)).result._tag, "Posted")
      assert.sameMembers([...jobIdsIn(peers.slack.messages(CHANNEL).at(-1)!)], failed.map((j) => j.id))
      assert.strictEqual((yield* bot.use(Effect.flatMap(FolderWatches, (s) => s.list)))[0]?.folderId, folder.id)
    }), E2E_TIMEOUT)
})
