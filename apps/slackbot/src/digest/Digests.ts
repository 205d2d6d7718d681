/**
 * Digests: scan → keep what the channel has not seen → render → record → post, for one
 * channel and some recipes. Used by the schedule (watched recipes) and by `/workato digest`
 * (watched recipes, and one-off looks at others).
 *
 * Exactly once per channel (README "The two promises"):
 * - every scan reaches back to its watch's horizon (collect.ts), so no failure is skipped
 *   however long its job ran; every new failure goes into the digest, none is capped away;
 * - a job goes into a channel's digest only if seen_jobs has no row for it, and the rows are
 *   written in the same transaction that records the digest (state "sending") before it is
 *   posted;
 * - the post carries the digest's id as message metadata and is never retried blindly: an
 *   uncertain outcome leaves the digest "sending", and before posting it again the bot looks
 *   for that id in the channel's history (Deliveries below);
 * - record, post and its outcome run as one uninterruptible step: unwatch, an interval
 *   change or shutdown waits for it instead of splitting it.
 */
import { type InvalidJobIds, type JobsApiError, JobsClient, type Recipe } from "@workato-jobs/jobs-api"
import { Clock, Data, Duration, Effect, Either, Option, PubSub, Random } from "effect"
import { type FailedJob, renderDigest } from "../blocks/index.js"
import { BotConfig } from "../config.js"
import { yieldToEventLoop } from "../eventLoop.js"
import { makeKeyedLock } from "../keyedLock.js"
import { Atomic, type NewMessage, PostedMessages, Watches } from "../store/index.js"
import { toFailedJob } from "../workato/failedJob.js"
import { RecipeNames } from "../workato/RecipeNames.js"
import { ScanStart, scanRecipe } from "./collect.js"
import { WatchedRecipes } from "./WatchedRecipes.js"
import { Delivered, Deliveries } from "./Deliveries.js"

/** How long the bot keeps what it posted, hence how far back a scan may ever look. */
export const DEFAULT_RETENTION = Duration.days(30)

export interface DigestTarget {
  readonly channel: string
  readonly recipes: ReadonlyArray<{
    readonly recipeId: number
    /** Watched here: scan from (and move) its horizon. Otherwise: look back `lookBack` once. */
    readonly watched: boolean
    /** How far back a first (or one-off) scan looks: the watch's interval, or DIGEST_INTERVAL. */
    readonly lookBack: Duration.Duration
  }>
  /**
   * The recipes as Workato lists them this round (WatchedRecipes). A watched recipe whose
   * job_failed_count is the one its last scan started with has no new failure: its job scan
   * is skipped (its horizon stays, so a later scan still reaches back to it). A recipe not in
   * here, or whose count moved either way (a purge lowers it), is scanned.
   */
  readonly known?: ReadonlyMap<number, Recipe> | undefined
}

/** A recipe that could not be read this time (it is scanned again on the next run). */
export interface RecipeProblem {
  readonly recipeId: number
  readonly error: JobsApiError | InvalidJobIds
}

export type DigestResult = Data.TaggedEnum<{
  Posted: { readonly ts: string; readonly failures: number; readonly problems: ReadonlyArray<RecipeProblem> }
  NothingNew: {
    /** Recipes read without error (and without new failures). */
    readonly checked: ReadonlyArray<number>
    readonly since: number | undefined
    readonly problems: ReadonlyArray<RecipeProblem>
  }
  /** Slack answered and did not post (its error code): posted on a later run. */
  SlackRefused: { readonly code: string; readonly problems: ReadonlyArray<RecipeProblem> }
  /** Slack gave no usable answer: the next run looks for it in the channel before posting again. */
  Unconfirmed: { readonly reason: string; readonly problems: ReadonlyArray<RecipeProblem> }
}>
export const DigestResult = Data.taggedEnum<DigestResult>()

/** Published after every run: what the terminal demo prints, and what tests wait for. */
export interface DigestEvent {
  readonly channel: string
  readonly recipeIds: ReadonlyArray<number>
  readonly result: DigestResult
}

const afterDelivery = (delivered: Delivered, failures: number, problems: ReadonlyArray<RecipeProblem>): DigestResult =>
  Delivered.$match(delivered, {
    Posted: ({ ts }) => DigestResult.Posted({ ts, failures, problems }),
    Refused: ({ code }) => DigestResult.SlackRefused({ code, problems }),
    Unconfirmed: ({ reason }) => DigestResult.Unconfirmed({ reason, problems })
  })

export class Digests extends Effect.Service<Digests>()("@workato-jobs/slackbot/Digests", {
  scoped: Effect.gen(function*() {
    const watches = yield* Watches
    const messages = yield* PostedMessages
    const atomic = yield* Atomic
    const jobs = yield* JobsClient
    const deliveries = yield* Deliveries
    const config = yield* BotConfig
    const recipeNames = yield* RecipeNames
    const watchedRecipes = yield* WatchedRecipes
    const retention = DEFAULT_RETENTION
    // A scheduled run and a `/workato digest` in the same channel must not both post the same jobs.
    const perChannel = makeKeyedLock()
    // A short replay: whoever subscribes just after start-up still sees the first runs.
    const events = yield* PubSub.unbounded<DigestEvent>({ replay: 16 })
    const publish = (target: DigestTarget) => (result: DigestResult) =>
      PubSub.publish(events, { channel: target.channel, recipeIds: target.recipes.map((r) => r.recipeId), result })

    const scanAll = (target: DigestTarget, now: number) =>
      Effect.forEach(
        target.recipes,
        (recipe) =>
          Effect.gen(function*() {
            const state = recipe.watched ? yield* watches.scanState(target.channel, recipe.recipeId) : Option.none()
            const horizon = Option.map(state, (s) => s.horizonMs)
            const failedCount = target.known?.get(recipe.recipeId)?.job_failed_count ?? null
            const unchanged = Option.exists(state, (s) => s.failedCount !== null && s.failedCount === failedCount)
            if (unchanged) return { skipped: true as const, recipeId: recipe.recipeId }
            const start = Option.match(horizon, {
              onNone: () => ScanStart.LookBack({ since: now - Duration.toMillis(recipe.lookBack) }),
              onSome: (millis) => ScanStart.Horizon({ millis })
            })
            const scan = yield* scanRecipe({ recipeId: recipe.recipeId, start, floor: now - Duration.toMillis(retention) })
            // Overlapping scans are expected: keep only what this channel has not been shown.
            const fresh = new Set(yield* messages.unseen(target.channel, recipe.recipeId, scan.failed.map((j) => j.id)))
            return {
              ...scan,
              skipped: false as const,
              failedCount,
              watched: recipe.watched,
              failed: scan.failed.filter((j) => fresh.has(j.id))
            }
          }).pipe(
            Effect.provideService(JobsClient, jobs),
            Effect.either,
            Effect.map(Either.mapLeft((error): RecipeProblem => ({ recipeId: recipe.recipeId, error })))
          ),
        { concurrency: 4 }
      )

    const run = Effect.fn("Digests.run")(function*(target: DigestTarget) {
      // Earlier digests of this channel come first, in order; until they are out, new
      // failures wait (they are found again by the next scan).
      const earlier = yield* deliveries.flush(target.channel)
      if (Option.isSome(earlier.blocked)) return afterDelivery(earlier.blocked.value, 0, [])

      const now = yield* Clock.currentTimeMillis
      const scanned = yield* scanAll(target, now)
      const problems = scanned.filter(Either.isLeft).map((e) => e.left)
      const read = scanned.filter(Either.isRight).map((e) => e.right)
      const parts = read.filter((p) => !p.skipped)
      for (const problem of problems) {
        yield* Effect.logWarning(`digest for ${target.channel}: recipe ${problem.recipeId} could not be read`, problem.error.message)
      }
      const horizons = parts.filter((p) => p.watched)
      const moveHorizons = Effect.forEach(horizons, (p) => watches.setHorizon(target.channel, p.recipeId, p.nextHorizon, p.failedCount), {
        discard: true
      })
      // Names only of recipes in the message; one that cannot be read shows as its id.
      const names = yield* recipeNames.names(parts.filter((p) => p.failed.length > 0).map((p) => p.recipeId))
      // Mapping, rendering and recording thousands of failures takes tens of milliseconds
      // each: the event loop turns before each step (and between the record's statements), so
      // Slack requests arriving meanwhile are still acked at once.
      yield* yieldToEventLoop
      // Oldest first within a recipe, as people read a channel.
      const failures: Array<FailedJob> = parts.flatMap((part) =>
        [...part.failed].reverse().map((job) => toFailedJob(part.recipeId, job, jobs.jobUrl, names.get(part.recipeId)))
      )
      const since = parts.length > 0 ? Math.min(...parts.map((p) => p.since)) : undefined

      if (failures.length === 0) {
        yield* moveHorizons
        const lastEarlier = earlier.posted.at(-1)
        return lastEarlier === undefined
          ? DigestResult.NothingNew({ checked: read.map((p) => p.recipeId), since, problems })
          : DigestResult.Posted({ ts: lastEarlier, failures: 0, problems })
      }

      const id = `d-${now.toString(36)}-${(yield* Random.nextIntBetween(0, 2 ** 48)).toString(36)}`
      yield* yieldToEventLoop
      const digest = renderDigest({
        digestId: id,
        failures,
        recipeUrl: jobs.recipeUrl,
        now: new Date(now).toISOString(),
        ...(since === undefined ? {} : { since: new Date(since).toISOString() })
      })
      yield* yieldToEventLoop
      const repeatable = new Set(digest.repeatable.map((r) => `${r.recipeId}\u0000${r.masterJobId}`))
      const message: NewMessage = {
        id,
        kind: "digest",
        state: "sending",
        channel: target.channel,
        ts: null,
        viewer: null,
        blocks: digest.blocks,
        text: digest.text,
        jobs: failures.map((f) => ({
          recipeId: f.recipeId,
          jobId: f.jobId,
          masterJobId: f.masterJobId,
          repeatable: repeatable.has(`${f.recipeId}\u0000${f.masterJobId}`)
        }))
      }
      const delivered = yield* Effect.uninterruptible(Effect.gen(function*() {
        // The digest, its jobs (now seen by this channel) and the horizons: all or nothing.
        yield* atomic.run(Effect.zipRight(messages.record(message), moveHorizons))
        return yield* deliveries.post({ id, channel: target.channel, text: digest.text, blocks: digest.blocks })
      }))
      if (delivered._tag === "Posted") {
        yield* Effect.logInfo(`digest posted in ${target.channel}: ${failures.length} failed job(s)`)
      }
      return afterDelivery(delivered, failures.length, problems)
    }, (effect, target) => effect.pipe(perChannel(target.channel), Effect.tap(publish(target))))

    /** All watches of a channel (folders included), for `/workato digest` without ids. */
    const runWatched = (channel: string, recipeIds: ReadonlyArray<number>) =>
      Effect.gen(function*() {
        const { known, recipes: watched } = yield* watchedRecipes.inChannel(channel)
        const ids = recipeIds.length > 0 ? recipeIds : watched.map((w) => w.recipeId)
        return yield* run({
          channel,
          known,
          recipes: ids.map((recipeId) => {
            const watch = watched.find((w) => w.recipeId === recipeId)
            return {
              recipeId,
              watched: watch !== undefined,
              lookBack: watch === undefined ? config.digestInterval : Duration.millis(watch.intervalMs)
            }
          })
        })
      })

    return { run, runWatched, events: events as PubSub.PubSub<DigestEvent> } as const
  })
}) {}
