import { assert, describe, it } from "@effect/vitest"
import { type RecordedResponse, startSlackEmulator } from "@workato-jobs/slack-emulator"
import { Context, Effect, Layer, Option, PubSub, Redacted } from "effect"
import { Server } from "node:net"
import { botLayer } from "../src/bot.js"
import { BotConfig } from "../src/config.js"
import { Digests } from "../src/digest/Digests.js"
import { SlackServer } from "../src/slack/SlackServer.js"
import {
  ALICE,
  type Bot,
  CHANNEL,
  jobsLayerFor,
  nextDigest,
  type Peers,
  rendered,
  repeatRequests,
  repeatValue,
  seedFailures,
  settingsFor,
  startPeers,
  waitFor
} from "./harness.js"

// The bot in Socket Mode (SLACK_APP_TOKEN set), end to end: Bolt's SocketModeReceiver and the
// real @slack/socket-mode client connect to the emulator's WebSocket; commands and clicks
// arrive as envelopes and are acked on the socket; answers go through response_url and the
// Web API exactly as in HTTP mode.

const E2E_TIMEOUT = 30_000

/** TCP servers listening in this process (the sim, the emulator, and whatever the bot opens). */
const listeningServers = (): ReadonlySet<Server> =>
  new Set(
    (process as unknown as { _getActiveHandles(): ReadonlyArray<unknown> })._getActiveHandles()
      .filter((h): h is Server => h instanceof Server && h.listening)
  )

/** startBot of the harness, with SLACK_APP_TOKEN set and no signing secret (as .env would have it). */
const startSocketBot = (peers: Peers, appToken = peers.slack.appToken) =>
  Effect.gen(function*() {
    const http = settingsFor(peers)
    const settings = {
      ...http,
      slack: { ...http.slack, appToken: Option.some(Redacted.make(appToken)), signingSecret: Option.none() }
    }
    const layer = botLayer(jobsLayerFor(peers.sim)).pipe(Layer.provide(BotConfig.layer(settings)))
    const context = yield* Layer.buildWithScope(layer, yield* Effect.scope)
    const digestEvents = yield* PubSub.subscribe(Context.get(context, Digests).events)
    const server = Context.get(context, SlackServer)
    const bot: Bot = {
      eventsUrl: "", // no HTTP endpoint in Socket Mode
      context,
      use: (effect) => Effect.provide(effect, context),
      digestEvents
    }
    return { server, bot }
  })

const command = (peers: Peers, text: string) =>
  Effect.promise(() => peers.slack.socketSlashCommand({ text, userId: ALICE, channelId: CHANNEL }))

/** What the user sees of a response (blocks rendered as text), lower-cased for matching. */
const seen = (peers: Peers, r: RecordedResponse | undefined) =>
  peers.slack.renderMessage((r?.body ?? {}) as { text?: string; blocks?: ReadonlyArray<unknown> }).toLowerCase()

describe("Socket Mode (SLACK_APP_TOKEN)", () => {
  it.scoped("connects over the WebSocket and opens no HTTP port", () =>
    Effect.gen(function*() {
      const peers = yield* startPeers()
      const before = listeningServers()
      const { server } = yield* startSocketBot(peers)
      const opened = [...listeningServers()].filter((s) => !before.has(s))
      assert.deepStrictEqual(opened.map((s) => s.address()), [], "the bot listens on no port in Socket Mode")
      assert.isTrue(Option.isNone(server.eventsUrl))
      // It asked for the URL with the app-level token (Bearer), and the link is up.
      const open = peers.slack.callsTo("apps.connections.open")
      assert.deepStrictEqual(open.map((c) => [c.ok, c.bearer]), [[true, true]])
      const [connection] = peers.slack.socketConnections()
      assert.strictEqual(connection?.closedAt, undefined)
      assert.strictEqual(peers.slack.socketConnections().length, 1)
    }), E2E_TIMEOUT)

  it.scoped("/workato help is answered in the ack on the socket", () =>
    Effect.gen(function*() {
      const peers = yield* startPeers()
      yield* startSocketBot(peers)
      const help = yield* command(peers, "help")
      assert.strictEqual(help.type, "slash_commands")
      assert.strictEqual(help.ackPayload?.["response_type"], "ephemeral")
      assert.strictEqual(help.ack?.outcome, "posted_ephemeral")
      for (const sub of ["failures <recipe_id> [limit]", "job <recipe_id> <job_id>", "repeat <recipe_id> <job_id>", "watch <recipe_id> [every <duration>]", "watches"]) {
        assert.include(seen(peers, help.ack), sub)
      }
      assert.include(peers.slack.ephemerals(CHANNEL).at(-1)?.text ?? "", "/workato")
      // Bad input is answered the same way; nothing reached Workato.
      const bad = yield* command(peers, "failures abc")
      assert.include(seen(peers, bad.ack), "\"abc\" is not a recipe id")
      assert.strictEqual(peers.sim.requests.length, 0)
    }), E2E_TIMEOUT)

  it.scoped("/workato failures <recipe> is acked empty, then answered through response_url", () =>
    Effect.gen(function*() {
      const { jobs: failed, peers, recipe } = yield* seedFailures(3)
      yield* startSocketBot(peers)

      const list = yield* command(peers, `failures ${recipe.id}`)
      assert.deepStrictEqual(list.ackPayload, {})
      assert.strictEqual(list.ack, undefined)
      const [answer] = yield* waitFor(peers, "the failures list", () =>
        peers.slack.responses(list.responseUrl).length > 0 && peers.slack.responses(list.responseUrl))
      assert.strictEqual(answer?.outcome, "posted_ephemeral")
      const text = seen(peers, answer)
      assert.include(text, `3 recent failed jobs* of ${peers.sim.recipe(recipe.id).name.toLowerCase()}`)
      assert.include(text, `(recipe \`${recipe.id}\`)`)
      const shown = peers.slack.ephemerals(CHANNEL).at(-1)!
      assert.strictEqual(shown.user, ALICE)
      const buttons = peers.slack.buttons(CHANNEL, shown.ts)
      assert.deepStrictEqual(
        buttons.map((b) => b.value).sort(),
        failed.map((j) => repeatValue(recipe.id, j.id)).sort()
      )
    }), E2E_TIMEOUT)

  it.scoped("a Repeat click over the socket repeats the job once and chat.update shows the outcome", () =>
    Effect.gen(function*() {
      const { jobs: [job], peers, recipe } = yield* seedFailures(1)
      const { bot } = yield* startSocketBot(peers)
      yield* command(peers, `digest ${recipe.id}`)
      assert.strictEqual((yield* nextDigest(bot)).result._tag, "Posted")
      const digest = peers.slack.messages(CHANNEL).at(-1)!

      const click = yield* Effect.promise(() =>
        peers.slack.socketClickButton({ channel: CHANNEL, ts: digest.ts, value: repeatValue(recipe.id, job!.id), userId: ALICE }))
      assert.strictEqual(click.type, "interactive")
      assert.deepStrictEqual(click.ackPayload, {})
      const updated = yield* waitFor(peers, "the outcome in the message", () => {
        const now = peers.slack.message(CHANNEL, digest.ts)
        return rendered(peers, now).includes("Repeated by") && now
      })
      assert.strictEqual(repeatRequests(peers).length, 1)
      const newJob = peers.sim.jobs(recipe.id).find((j) => j.master_job_id === job!.id && j.id !== job!.id)
      assert.isDefined(newJob)
      assert.include(rendered(peers, updated), newJob!.id)
      assert.isTrue(updated.updates.some((v) => v.via === "chat.update"))
      assert.isTrue(peers.slack.callsTo("chat.update").every((c) => c.ok))
      assert.strictEqual(peers.slack.buttons(CHANNEL, digest.ts).length, 0)
    }), E2E_TIMEOUT)

  it.scoped("after Slack asks for a refresh (disconnect), the bot reconnects and keeps answering", () =>
    Effect.gen(function*() {
      const peers = yield* startPeers()
      yield* startSocketBot(peers)
      assert.strictEqual(peers.slack.socketDisconnect("refresh_requested"), 1)
      // @slack/socket-mode closes the link and reconnects after its reconnect delay (5 s by default).
      yield* waitFor(peers, "a second connection", () => peers.slack.socketConnections().filter((c) => c.closedAt === undefined && c.id === 2).length === 1, 15_000)
      assert.strictEqual(peers.slack.socketConnections()[0]?.closeCode, 1000)
      assert.strictEqual(peers.slack.callsTo("apps.connections.open").length, 2)
      const help = yield* command(peers, "help")
      assert.strictEqual(help.connection, 2)
      assert.strictEqual(help.ack?.outcome, "posted_ephemeral")
    }), E2E_TIMEOUT)

  it.scoped("stopping the bot closes its connection with a close handshake before the stop returns", () =>
    Effect.gen(function*() {
      // An emulator of our own, to close right after the bot: a connection still closing then is cut (1006).
      const peers = { ...(yield* startPeers()), slack: yield* Effect.promise(() => startSlackEmulator({ rateLimit: false })) }
      yield* Effect.scoped(startSocketBot(peers))
      yield* Effect.promise(() => peers.slack.close())
      const [connection] = yield* waitFor(peers, "the connection closed", () =>
        peers.slack.socketConnections()[0]?.closedAt !== undefined && peers.slack.socketConnections())
      assert.strictEqual(connection?.closeCode, 1000)
    }), E2E_TIMEOUT)

  it.scoped("a wrong SLACK_APP_TOKEN stops start-up with a sentence naming it", () =>
    Effect.gen(function*() {
      const peers = yield* startPeers()
      const error = yield* Effect.flip(startSocketBot(peers, "xapp-1-revoked"))
      assert.strictEqual(error._tag, "SlackStartError")
      assert.include(error.message, "invalid_auth")
      assert.include(error.message, "check SLACK_APP_TOKEN")
      assert.notInclude(error.message, "xapp-1-revoked")
      assert.deepStrictEqual(peers.slack.socketConnections(), [])
    }), E2E_TIMEOUT)
})
