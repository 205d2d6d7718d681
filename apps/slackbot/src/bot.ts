/**
 * The whole bot as one layer. Built once per process (or per test): every service in it,
 * the Workato rate limiter and the SQLite store included, exists once and is shared by
 * the schedule and by every Slack request.
 *
 * Order of construction: store, clients and services; then the features register their
 * listeners and the schedule starts; then the HTTP endpoint (or socket) opens.
 */
import { NodeHttpClient } from "@effect/platform-node"
import { SqlClient } from "@effect/sql"
import { JobsClient, RecipesClient, type RecipesClientOptions } from "@workato-jobs/jobs-api"
import { Context, Effect, Layer, Ref } from "effect"
import { CommandsLive } from "./commands/feature.js"
import { BotConfig } from "./config.js"
import { Deliveries } from "./digest/Deliveries.js"
import { Digests } from "./digest/Digests.js"
import { RecipeStops } from "./digest/RecipeStops.js"
import { DigestSchedule, startSchedule } from "./digest/schedule.js"
import { WatchedRecipes } from "./digest/WatchedRecipes.js"
import { RepeatLive } from "./repeat/feature.js"
import { RepeatBatcher } from "./repeat/RepeatBatcher.js"
import { Repeats } from "./repeat/Repeats.js"
import { MessageUpdater } from "./slack/MessageUpdater.js"
import { SlackApp } from "./slack/SlackApp.js"
import { SlackConfig } from "./slack/SlackConfig.js"
import { NotReady, Readiness } from "./slack/Probes.js"
import { SlackHandlers } from "./slack/SlackHandlers.js"
import { SlackServer } from "./slack/SlackServer.js"
import { SlackWeb } from "./slack/SlackWeb.js"
import { HeartbeatLive } from "./replicas/heartbeat.js"
import { PruningLive } from "./replicas/pruning.js"
import { Replica } from "./replicas/Replica.js"
import { databaseLayer, databaseReady, storeLayer, workatoQuotaLayer } from "./store/index.js"
import { RecipeNames } from "./workato/RecipeNames.js"

// One database per bot (layers are shared by reference within one build): the store and the
// Workato quota store below both use it.
const DatabaseLive = Layer.unwrapEffect(
  Effect.map(BotConfig, (config) => databaseLayer(config.database))
)

const StoreLive = storeLayer.pipe(Layer.provide(DatabaseLive))

// Replicas on one PostgreSQL database share one Workato quota (see store/WorkatoQuota.ts).
const QuotaLive = workatoQuotaLayer.pipe(Layer.provide(DatabaseLive))

// response_url posts go through the platform HttpClient like every other call.
const SlackLive = Layer.mergeAll(SlackWeb.Default.pipe(Layer.provide(NodeHttpClient.layerUndici)), SlackHandlers.Default).pipe(
  Layer.provideMerge(SlackApp.Default)
)

const SlackConfigLive = Layer.effect(SlackConfig, Effect.map(BotConfig, (config) => config.slack))

/** Set when the bot begins to stop (SIGTERM, or its scope closing). */
class Stopping extends Context.Tag("@workato-jobs/slackbot/Stopping")<Stopping, Ref.Ref<boolean>>() {}

// GET /readyz: not stopping, and the database reachable with every migration applied.
const ReadinessLive = Layer.effect(
  Readiness,
  Effect.gen(function*() {
    const sql = yield* SqlClient.SqlClient
    const stopping = yield* Stopping
    const database = databaseReady.pipe(
      Effect.provideService(SqlClient.SqlClient, sql),
      Effect.mapError((error) => new NotReady({ reason: error.reason }))
    )
    return {
      ready: Effect.flatMap(Ref.get(stopping), (stops) => stops ? new NotReady({ reason: "the bot is stopping" }) : database)
    }
  })
).pipe(Layer.provide(DatabaseLive))

/**
 * Graceful stop, built after the listener so that it runs before the listener closes: /readyz
 * turns 503 (the load balancer sends requests elsewhere), no new digest starts and those in
 * flight hand their leases back (another replica takes them at its next poll), while Slack
 * requests are still answered; then the listener closes and the rest stops.
 */
const GracefulStopLive = Layer.scopedDiscard(Effect.gen(function*() {
  const stopping = yield* Stopping
  const schedule = yield* DigestSchedule
  yield* Effect.addFinalizer(() =>
    Effect.gen(function*() {
      yield* Ref.set(stopping, true)
      yield* Effect.logInfo("stopping: no new digests; in-flight ones hand their leases back; Slack still answered")
      yield* schedule.stop
    })
  )
}))

const ScheduleLive = Layer.effectDiscard(startSchedule)

/** Both Workato clients from one set of options (each keeps its own quota classes). */
export const workatoClients = (options: RecipesClientOptions) =>
  Layer.merge(JobsClient.layer(options), RecipesClient.layer(options))

/**
 * The bot, given how to reach Workato: a JobsClient and a RecipesClient (`workatoClients(options)`:
 * from the environment in main.ts, or pointed at the simulator), with their HTTP transport provided.
 */
export const botLayer = <E>(workato: Layer.Layer<JobsClient | RecipesClient, E>) => {
  const clients = workato.pipe(Layer.provide(QuotaLive))
  // The heartbeat is taken before, and handed back after, everything that may hold repeat
  // locks (Slack handlers, the schedule): others never settle this replica's live work.
  const alive = HeartbeatLive.pipe(Layer.provideMerge(Layer.mergeAll(StoreLive, Replica.Default)))
  const adapters = Layer.mergeAll(SlackLive, RecipeNames.Default).pipe(Layer.provideMerge(Layer.merge(alive, clients)))
  const base = WatchedRecipes.Default.pipe(Layer.provideMerge(adapters))
  const services = Layer.mergeAll(
    Layer.merge(Digests.Default, RecipeStops.Default).pipe(Layer.provide(Deliveries.Default)),
    Repeats.Default.pipe(Layer.provide(RepeatBatcher.Default)),
    MessageUpdater.Default
  ).pipe(Layer.provideMerge(base))
  const withSchedule = DigestSchedule.Default.pipe(Layer.provideMerge(services))
  const registered = Layer.mergeAll(CommandsLive, RepeatLive, ScheduleLive, PruningLive).pipe(Layer.provideMerge(withSchedule))
  const server = SlackServer.Default.pipe(Layer.provideMerge(registered))
  return GracefulStopLive.pipe(
    Layer.provideMerge(server),
    Layer.provide(Layer.merge(SlackConfigLive, ReadinessLive)),
    Layer.provide(Layer.effect(Stopping, Ref.make(false)))
  )
}
