/**
 * End-to-end test rig: the Workato simulator and the Slack emulator on loopback, and the
 * real bot (Bolt HTTP receiver on port 0, SQLite in a temp dir, the real jobs-api client over
 * real sockets) wired to them. Virtual time: the sim reads the test's clock (TestClock, set to
 * the real time at start), so digest windows, job timestamps and schedules agree.
 */
import { NodeHttpClient } from "@effect/platform-node"
import { JobsClient } from "@workato-jobs/jobs-api"
import { type SlackEmulator, type StartOptions, startSlackEmulator } from "@workato-jobs/slack-emulator"
import { type Sim, type SimOptions, startSim } from "@workato-jobs/workato-sim"
import { Context, Data, Duration, Effect, Layer, Option, PubSub, Queue, Redacted, Scope, TestClock, TestServices } from "effect"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { botLayer } from "../src/bot.js"
import { BotConfig, type BotSettings } from "../src/config.js"
import { type DigestEvent, Digests } from "../src/digest/Digests.js"
import { SlackServer } from "../src/slack/SlackServer.js"
import { Store } from "../src/store/Store.js"

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
  readonly dbFile: string
}

/** Starts sim + emulator (closed with the scope) and a temp dir for the database. */
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
      Effect.promise(() => startSlackEmulator({ rateLimit: false, ...options.slack })),
      (s) => Effect.promise(() => s.close())
    )
    const dir = yield* Effect.acquireRelease(
      Effect.sync(() => mkdtempSync(join(tmpdir(), "slackbot-e2e-"))),
      (d) => Effect.sync(() => rmSync(d, { recursive: true, force: true }))
    )
    return { sim, slack, dbFile: join(dir, "bot.db") } satisfies Peers
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
  databaseFile: peers.dbFile,
  ...overrides
})

/** The real client against the sim; quotas raised (the sim's are off) so pacing never waits. */
export const jobsLayerFor = (sim: Sim) =>
  JobsClient.layer({
    token: sim.token,
    baseUrl: sim.url,
    limits: { repeatPerSecond: 1_000, cancelPerSecond: 1_000, otherPerMinute: 100_000 },
    retry: { times: 1, baseDelay: "100 millis", maxDelay: "1 second" }
  }).pipe(Layer.provide(NodeHttpClient.layerUndici))

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

/** A bounded real-time wait (the emulator polls its records); fails with `what` on timeout. */
export const waitFor = <A>(peers: Peers, what: string, check: () => A, timeoutMs = 10_000) =>
  Effect.promise(() => peers.slack.waitFor(check, { timeoutMs, description: what }))

/** The next digest result, waiting at most 15 s of real time. */
export const nextDigest = (bot: Bot) =>
  TestServices.provideLive(Queue.take(bot.digestEvents).pipe(
    Effect.timeoutFail({ duration: "15 seconds", onTimeout: () => new WaitTimeout({ what: "a digest run" }) })
  ))

export type { Scope }

/**
 * Moves virtual time forward by `duration` once a fiber is asleep until then (the schedule
 * registers its next wake-up only after the previous run): no run is skipped by advancing
 * too early. Waits at most 10 s of real time for the sleeper.
 */
export const advanceTo = (duration: Duration.DurationInput) =>
  Effect.gen(function*() {
    const target = (yield* Effect.clock).unsafeCurrentTimeMillis() + Duration.toMillis(duration)
    // TestClock.sleeps must run with the test services; only the pause between polls is live.
    for (let polls = 0; ; polls++) {
      const sleeps = yield* TestClock.sleeps()
      if ([...sleeps].some((at) => at <= target)) break
      if (polls > 2_000) return yield* Effect.die(new Error(`nothing sleeps until +${Duration.format(duration)}`))
      yield* TestServices.provideLive(Effect.sleep("5 millis"))
    }
    yield* TestClock.adjust(duration)
  })
