/**
 * End-to-end test rig: the Workato simulator and the Slack emulator on loopback, and the
 * real bot (Bolt HTTP receiver on port 0, a fresh database of the run's dialect, the real jobs-api client over
 * real sockets) wired to them. Virtual time: the sim reads the test's clock (TestClock, set to
 * the real time at start), so digest windows, job timestamps and schedules agree.
 */
import { NodeHttpClient } from "@effect/platform-node"
import { JobsClient, RecipesClient } from "@workato-jobs/jobs-api"
import { assert } from "@effect/vitest"
import {
  type ClickButtonInput,
  type RecordedMessage,
  type SlackEmulator,
  type StartOptions,
  startSlackEmulator
} from "@workato-jobs/slack-emulator"
import { type Sim, type SimOptions, startSim } from "@workato-jobs/workato-sim"
import { Context, Data, Duration, Effect, Layer, Option, PubSub, Queue, Redacted, Scope, TestClock, TestServices } from "effect"
import { encodeRepeatValue } from "../src/blocks/index.js"
import { botLayer } from "../src/bot.js"
import { BotConfig, type BotSettings, type Database } from "../src/config.js"
import { freshDatabase, testDialect } from "./database.js"
import { type DigestEvent, Digests } from "../src/digest/Digests.js"
import { SlackServer } from "../src/slack/SlackServer.js"
import { AuditLog, type Store } from "../src/store/index.js"

/** A bounded wait in a test ran out. */
export class WaitTimeout extends Data.TaggedError("WaitTimeout")<{ readonly what: string }> {}

export const CHANNEL = "C0ALERTS"
export const OTHER_CHANNEL = "C0OPS"
export const ALICE = "U0ALICE"
export const BOB = "U0BOB"
export const CAROL = "U0CAROL"

export interface Peers {
  readonly sim: Sim
  readonly slack: SlackEmulator
  /** A fresh database of this run's dialect (SQLite, or PostgreSQL in the postgres project). */
  readonly database: Database
}

/** Starts sim + emulator and a fresh database (closed or dropped with the scope). */
export const startPeers = (options: { readonly sim?: SimOptions; readonly slack?: StartOptions } = {}) =>
  Effect.gen(function*() {
    // Virtual time starts at the real time: timestamps look real and Slack signatures stay fresh.
    yield* TestClock.setTime(Date.now())
    const clock = yield* Effect.clock
    const sim = yield* Effect.acquireRelease(
      Effect.promise(() => startSim({ quotas: false, now: () => clock.unsafeCurrentTimeMillis(), ...options.sim })),
      (s) => Effect.promise(() => s.close())
    )
    const slack = yield* Effect.acquireRelease(
      // Message ts on the virtual clock too: the bot searches history from its own record times.
      Effect.promise(() => startSlackEmulator({ rateLimit: false, now: () => clock.unsafeCurrentTimeMillis(), ...options.slack })),
      (s) => Effect.promise(() => s.close())
    )
    return { sim, slack, database: yield* freshDatabase } satisfies Peers
  })

export const settingsFor = (peers: Peers, overrides: Partial<BotSettings> = {}): BotSettings => ({
  slack: {
    botToken: Redacted.make(peers.slack.botToken),
    signingSecret: Option.some(Redacted.make(peers.slack.signingSecret)),
    appToken: Option.none(),
    apiUrl: Option.some(peers.slack.apiUrl),
    port: 0,
    host: "127.0.0.1"
  },
  digestInterval: Duration.minutes(15),
  initialWatches: [],
  repeatAllowedUsers: Option.none(),
  watchAllowedUsers: Option.none(),
  retention: Duration.days(30),
  auditRetention: Duration.days(365),
  database: peers.database,
  ...overrides
})

/**
 * The real clients (jobs and recipes) against the sim; quotas raised (the sim's are off) so pacing
 * never waits. Recipe reads are not retried: the bot falls back without them (ids for names, a
 * full scan, no stop check), and a retry's backoff would need its own step of virtual time.
 */
export const jobsLayerFor = (sim: Sim) => {
  const options = {
    token: Redacted.make(sim.token),
    baseUrl: sim.url,
    limits: { repeatPerSecond: 1_000, cancelPerSecond: 1_000, otherPerMinute: 100_000 },
    retry: { times: 1, baseDelay: "100 millis", maxDelay: "1 second" }
  } as const
  return Layer.merge(
    JobsClient.layer(options),
    RecipesClient.layer({ ...options, recipesPerMinute: 100_000, retry: { times: 0 } })
  ).pipe(Layer.provide(NodeHttpClient.layerUndici))
}

export interface Bot {
  readonly eventsUrl: string
  readonly context: Context.Context<Store | Digests | SlackServer>
  /** Runs an effect against the bot's own services (its store, its digests). */
  readonly use: <A, E>(effect: Effect.Effect<A, E, Store | Digests>) => Effect.Effect<A, E>
  /** Digest results, in order, from the moment the bot started. */
  readonly digestEvents: Queue.Dequeue<DigestEvent>
}

/** Builds the bot in the current scope (closing the scope stops it: a "restart" is a new scope). */
export const startBot = (peers: Peers, overrides: Partial<BotSettings> = {}) =>
  Effect.gen(function*() {
    const layer = botLayer(jobsLayerFor(peers.sim)).pipe(Layer.provide(BotConfig.layer(settingsFor(peers, overrides))))
    // Subscribe before the schedule's first run can publish.
    const scope = yield* Effect.scope
    const context = yield* Layer.buildWithScope(layer, scope)
    const server = Context.get(context, SlackServer)
    const digests = Context.get(context, Digests)
    const digestEvents = yield* PubSub.subscribe(digests.events)
    return {
      eventsUrl: Option.getOrThrow(server.eventsUrl),
      context: context as Context.Context<Store | Digests | SlackServer>,
      use: <A, E>(effect: Effect.Effect<A, E, Store | Digests>): Effect.Effect<A, E> => Effect.provide(effect, context),
      digestEvents
    } satisfies Bot
  })

/** A bounded real-time wait (checked after every call the emulator records); fails with `what` on timeout. */
export const waitFor = <A>(peers: Peers, what: string, check: () => A, timeoutMs = 10_000) =>
  Effect.promise(() => peers.slack.waitFor(check, { timeoutMs, description: what }))

/** The next digest result, waiting at most 15 s (or `within`) of real time. */
export const nextDigest = (bot: Bot, within: Duration.DurationInput = "15 seconds") =>
  TestServices.provideLive(Queue.take(bot.digestEvents).pipe(
    Effect.timeoutFail({ duration: within, onTimeout: () => new WaitTimeout({ what: "a digest run" }) })
  ))

export type { Scope }

/** Peers with one recipe and `n` failed jobs of it (newest first, as `addFailures` returns them). */
export const seedFailures = (n: number) =>
  Effect.gen(function*() {
    const peers = yield* startPeers()
    const recipe = peers.sim.addRecipe({})
    const jobs = peers.sim.addFailures(recipe.id, n)
    return { peers, recipe, jobs }
  })

/** `/workato digest <recipeId>` by Alice in CHANNEL; the digest run it caused. */
export const requestDigest = (peers: Peers, bot: Bot, recipeId: number, within?: Duration.DurationInput) =>
  Effect.gen(function*() {
    yield* Effect.promise(() => peers.slack.slashCommand(bot.eventsUrl, { text: `digest ${recipeId}`, userId: ALICE, channelId: CHANNEL }))
    return yield* nextDigest(bot, within)
  })

/** Posts a digest of `recipeId`'s failures in CHANNEL (checked: "Posted") and returns its message. */
export const postDigest = (peers: Peers, bot: Bot, recipeId: number) =>
  Effect.gen(function*() {
    const event = yield* requestDigest(peers, bot, recipeId)
    assert.strictEqual(event.result._tag, "Posted")
    return peers.slack.messages(CHANNEL).at(-1)!
  })

/** The common scenario: `n` failures seeded, the bot started, a digest with their buttons posted. */
export const digestWithFailures = (n: number, overrides: Partial<BotSettings> = {}) =>
  Effect.gen(function*() {
    const { jobs, peers, recipe } = yield* seedFailures(n)
    const bot = yield* startBot(peers, overrides)
    const digest = yield* postDigest(peers, bot, recipe.id)
    return { peers, recipe, jobs, bot, digest }
  })

/** A Repeat button's value for a job, as the blocks module encodes it. */
export const repeatValue = (recipeId: number, jobId: string): string => {
  const value = encodeRepeatValue({ recipeId, masterJobId: jobId })
  if (value === undefined) throw new Error(`no Repeat value for recipe ${recipeId}, job ${jobId}`)
  return value
}

/** The emulator's input for a click on a button of `message` in CHANNEL (plus any delivery overrides). */
export const buttonClick = (
  message: { readonly ts: string },
  userId: string,
  button: Omit<ClickButtonInput, "channel" | "ts" | "userId">
): ClickButtonInput => ({ channel: CHANNEL, ts: message.ts, userId, ...button })

/** A signed click on a button of `message`, sent to the bot. */
export const click = (
  peers: Peers,
  bot: Bot,
  message: { readonly ts: string },
  userId: string,
  button: Omit<ClickButtonInput, "channel" | "ts" | "userId">
) => Effect.promise(() => peers.slack.clickButton(bot.eventsUrl, buttonClick(message, userId, button)))

/** The current version of a CHANNEL message (after its updates). */
export const latest = (peers: Peers, message: { readonly ts: string }) => peers.slack.message(CHANNEL, message.ts)!

/** A message's blocks as the text a user reads. */
export const rendered = (peers: Peers, message: RecordedMessage | undefined) => peers.slack.renderText(message?.blocks ?? [])

/** How many repeat outcomes ("Repeated by") a CHANNEL message shows now. */
export const outcomesShown = (peers: Peers, message: { readonly ts: string }) =>
  (rendered(peers, latest(peers, message)).match(/Repeated by/g) ?? []).length

/** Requests the sim got on its repeat endpoint, in order. */
export const repeatRequests = (peers: Peers) => peers.sim.requests.filter((r) => r.route === "repeat")

/** Job ids sent to Workato's repeat endpoint, in order. */
export const repeatedIds = (peers: Peers) =>
  repeatRequests(peers).flatMap((r) => (r.body as { job_ids: Array<string> }).job_ids)

/** The bot's audit log. */
export const auditLog = (bot: Bot) => bot.use(Effect.flatMap(AuditLog, (s) => s.entries))

/** The outcome of each audit log entry, in order. */
export const auditOutcomes = (bot: Bot) => Effect.map(auditLog(bot), (log) => log.map((e) => e.outcome))

/** Everything the bot could have done in reaction to a request. */
export const footprint = (peers: Peers) => ({
  workato: peers.sim.requests.length,
  slackCalls: peers.slack.calls.length,
  responses: peers.slack.responses().length,
  ephemerals: peers.slack.ephemerals().length
})

/**
 * Moves virtual time forward by `duration` once a fiber is asleep until then and the set of
 * sleepers has settled (the schedule registers its next wake-up only after the previous run,
 * which on PostgreSQL waits for real database I/O; another fiber's sleep, such as the watch
 * re-read's, must not count as the schedule's): no run is skipped by advancing too early.
 * Waits at most 10 s of real time.
 */
export const advanceTo = (duration: Duration.DurationInput) =>
  Effect.gen(function*() {
    const target = (yield* Effect.clock).unsafeCurrentTimeMillis() + Duration.toMillis(duration)
    // TestClock.sleeps must run with the test services; only the pause between polls is live.
    let previous = ""
    let unchanged = 0
    for (let polls = 0; ; polls++) {
      const sleeps = [...(yield* TestClock.sleeps())]
      const now = sleeps.join(",")
      unchanged = now === previous ? unchanged + 1 : 0
      previous = now
      if (sleeps.some((at) => at <= target) && unchanged >= SETTLED_POLLS) break
      if (polls > 2_000) return yield* Effect.die(new Error(`nothing sleeps until +${Duration.format(duration)}`))
      yield* TestServices.provideLive(Effect.sleep("5 millis"))
    }
    yield* TestClock.adjust(duration)
  })

/** Polls (5 ms apart) with the same sleepers before they count as settled. */
const SETTLED_POLLS = testDialect === "postgres" ? 10 : 1
