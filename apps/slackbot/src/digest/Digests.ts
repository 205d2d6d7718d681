/**
 * Digests: collect → render → post → record, for one channel and some recipes.
 * Used by the schedule (watched recipes, cursors advance) and by `/workato digest`
 * (watched recipes advance too; other recipes get a one-off look back, cursors untouched).
 *
 * Ordering is what makes restarts safe: the cursor moves in the same transaction that
 * records the posted message, and only after Slack accepted it. A crash before that re-posts
 * on the next run; a Workato or Slack failure leaves everything for the next run.
 */
import { type InvalidJobIds, type JobsApiError, JobsClient } from "@workato-jobs/jobs-api"
import { Clock, Duration, Effect, Either, Option, PubSub } from "effect"
import { randomUUID } from "node:crypto"
import { type FailedJob, renderDigest } from "../blocks/index.js"
import { BotConfig } from "../config.js"
import { makeKeyedLock } from "../keyedLock.js"
import { SlackWeb } from "../slack/SlackWeb.js"
import { Atomic, type Cursor, type NewMessage, PostedMessages, Watches } from "../store/index.js"
import { toFailedJob } from "../workato/failedJob.js"
import { collectFailures } from "./collect.js"

export interface DigestTarget {
  readonly channel: string
  readonly recipes: ReadonlyArray<{
    readonly recipeId: number
    /** Watched here: use and advance its cursor. Otherwise: look back `lookBack`, no cursor. */
    readonly watched: boolean
    /** How far back a run without cursor looks (the watch's interval, or DIGEST_INTERVAL). */
    readonly lookBack: Duration.Duration
  }>
}

/** A recipe that could not be read this time (it is retried on the next run). */
export interface RecipeProblem {
  readonly recipeId: number
  readonly error: JobsApiError | InvalidJobIds
}

export type DigestResult =
  | { readonly _tag: "Posted"; readonly ts: string; readonly failures: number; readonly problems: ReadonlyArray<RecipeProblem> }
  | {
    readonly _tag: "NothingNew"
    /** Recipes read without error (and without new failures). */
    readonly checked: ReadonlyArray<number>
    readonly since: number | undefined
    readonly problems: ReadonlyArray<RecipeProblem>
  }
  | { readonly _tag: "SlackRefused"; readonly code: string; readonly problems: ReadonlyArray<RecipeProblem> }

/** Published after every run: what the terminal demo prints, and what tests wait for. */
export interface DigestEvent {
  readonly channel: string
  readonly recipeIds: ReadonlyArray<number>
  readonly result: DigestResult
}

export class Digests extends Effect.Service<Digests>()("@workato-jobs/slackbot/Digests", {
  scoped: Effect.gen(function*() {
    const watches = yield* Watches
    const messages = yield* PostedMessages
    const atomic = yield* Atomic
    const jobs = yield* JobsClient
    const slack = yield* SlackWeb
    const config = yield* BotConfig
    // A scheduled run and a `/workato digest` in the same channel must not both post the same jobs.
    const perChannel = makeKeyedLock()
    // A short replay: whoever subscribes just after start-up still sees the first runs.
    const events = yield* PubSub.unbounded<DigestEvent>({ replay: 16 })
    const publish = (target: DigestTarget) => (result: DigestResult) =>
      PubSub.publish(events, { channel: target.channel, recipeIds: target.recipes.map((r) => r.recipeId), result })

    const run = (target: DigestTarget) =>
      Effect.gen(function*() {
        const now = yield* Clock.currentTimeMillis
        const collected = yield* Effect.forEach(
          target.recipes,
          (recipe) =>
            Effect.gen(function*() {
              const cursor = recipe.watched ? yield* watches.cursor(target.channel, recipe.recipeId) : Option.none<Cursor>()
              return yield* collectFailures({
                recipeId: recipe.recipeId,
                cursor,
                windowStart: now - Duration.toMillis(recipe.lookBack),
                now
              }).pipe(Effect.map((c) => ({ ...c, watched: recipe.watched })))
            }).pipe(
              Effect.provideService(JobsClient, jobs),
              Effect.either,
              Effect.map(Either.mapLeft((error): RecipeProblem => ({ recipeId: recipe.recipeId, error })))
            ),
          { concurrency: 4 }
        )
        const problems = collected.filter(Either.isLeft).map((e) => e.left)
        const parts = collected.filter(Either.isRight).map((e) => e.right)
        for (const problem of problems) {
          yield* Effect.logWarning(`digest for ${target.channel}: recipe ${problem.recipeId} could not be read`, problem.error.message)
        }

        // Jobs already posted in this channel never appear twice, whatever a cursor says.
        const fresh = yield* Effect.forEach(parts, (part) =>
          Effect.map(
            messages.postedJobIds(target.channel, part.recipeId, part.jobs.map((j) => j.id)),
            (posted) => ({ ...part, jobs: part.jobs.filter((j) => !posted.has(j.id)) })
          ))
        const cursors = fresh.flatMap((part) =>
          part.watched && Option.isSome(part.next) ? [{ recipeId: part.recipeId, cursor: part.next.value }] : []
        )
        const failures: Array<FailedJob> = fresh.flatMap((part) =>
          part.jobs.map((job) => toFailedJob(part.recipeId, job, jobs.jobUrl))
        )
        const sinces = fresh.map((p) => p.since)
        const since = sinces.length > 0 && sinces.every((s) => s !== undefined) ? Math.min(...sinces) : undefined

        if (failures.length === 0) {
          // Nothing to post; a first run still learns where to start next time.
          for (const { cursor, recipeId } of cursors) yield* watches.setCursor(target.channel, recipeId, cursor)
          return { _tag: "NothingNew", checked: fresh.map((p) => p.recipeId), since, problems } as DigestResult
        }

        const key = `d-${randomUUID()}`
        const digest = renderDigest({
          digestId: key,
          failures,
          recipeUrl: jobs.recipeUrl,
          now: new Date(now).toISOString(),
          ...(since === undefined ? {} : { since: new Date(since).toISOString() })
        })
        const posted = yield* Effect.either(slack.postMessage({ channel: target.channel, text: digest.text, blocks: digest.blocks }))
        if (Either.isLeft(posted)) {
          yield* Effect.logError(`digest for ${target.channel} not posted; it will be retried`, posted.left.message)
          return { _tag: "SlackRefused", code: posted.left.code, problems } as DigestResult
        }
        const repeatable = new Set(digest.repeatable.map((r) => `${r.recipeId}\u0000${r.masterJobId}`))
        const digestJobs: NewMessage["jobs"] = failures.map((f) => ({
          recipeId: f.recipeId,
          jobId: f.jobId,
          masterJobId: f.masterJobId,
          repeatable: repeatable.has(`${f.recipeId}\u0000${f.masterJobId}`)
        }))
        // Both or neither: a restart then re-posts, never skips.
        yield* atomic.run(Effect.gen(function*() {
          yield* messages.record({
            id: key,
            kind: "digest",
            channel: target.channel,
            ts: posted.right.ts,
            viewer: null,
            blocks: digest.blocks,
            text: digest.text,
            jobs: digestJobs
          })
          for (const { cursor, recipeId } of cursors) yield* watches.setCursor(target.channel, recipeId, cursor)
        }))
        yield* Effect.logInfo(`digest posted in ${target.channel}: ${failures.length} failed job(s)`)
        return { _tag: "Posted", ts: posted.right.ts, failures: failures.length, problems } as DigestResult
      }).pipe(
        perChannel(target.channel),
        Effect.tap(publish(target)),
        Effect.withSpan("Digests.run", { attributes: { channel: target.channel } })
      )

    /** All watches of a channel, for `/workato digest` without ids. */
    const runWatched = (channel: string, recipeIds: ReadonlyArray<number>) =>
      Effect.gen(function*() {
        const watched = yield* watches.inChannel(channel)
        const ids = recipeIds.length > 0 ? recipeIds : watched.map((w) => w.recipeId)
        return yield* run({
          channel,
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
