/**
 * What each `/workato` subcommand does once acknowledged. Answers go through the command's
 * response_url: ephemeral for lookups, in the channel for what changes the channel (watch,
 * unwatch, repeat). Workato errors become plain words; anything unexpected is logged and the
 * user gets a one-line apology, never a stack trace.
 */
import { JobsClient } from "@workato-jobs/jobs-api"
import { Chunk, Duration, Effect, Option, Stream } from "effect"
import { randomUUID } from "node:crypto"
import {
  link,
  mention,
  plural,
  renderFailures,
  renderJobDetail,
  renderRepeatReport,
  renderWatches
} from "../blocks/index.js"
import { BotConfig } from "../config.js"
import { Digests, type RecipeProblem } from "../digest/Digests.js"
import { DigestSchedule } from "../digest/schedule.js"
import { WatchedRecipes } from "../digest/WatchedRecipes.js"
import { formatInterval } from "../duration.js"
import { checkAllowed } from "../repeat/permission.js"
import { Repeats } from "../repeat/Repeats.js"
import { tagRepeatButtons } from "../repeat/viewTag.js"
import { mrkdwnNotice, notice, reply } from "../slack/reply.js"
import type { SlashCommand } from "../slack/SlackHandlers.js"
import { FolderWatches, PostedMessages, Watches } from "../store/index.js"
import { explainApiError } from "../workato/explain.js"
import { toFailedJob } from "../workato/failedJob.js"
import { toJobDetailView } from "../workato/jobDetail.js"
import { RecipeNames } from "../workato/RecipeNames.js"
import type { Command } from "./Command.js"

/** A short key for an ephemeral answer: "f-…" (failures list) or "j-…" (job detail). */
const viewKey = (prefix: string) => `${prefix}-${randomUUID().slice(0, 18)}`

type CommandContext = SlashCommand

/** A recipe's name as a render input: absent when it cannot be read (the id is shown). */
const nameOf = (recipeId: number) =>
  Effect.flatMap(RecipeNames, (names) => names.name(recipeId)).pipe(
    Effect.map(Option.match({ onNone: () => ({}), onSome: (recipeName) => ({ recipeName }) }))
  )

/** "<url|Orders sync> (recipe `42`)", or "recipe `42`" (linked) when its name is unknown. */
const recipeText = (recipeId: number, url: string, name: Option.Option<string>) =>
  Option.match(name, {
    onNone: () => link(url, `recipe ${recipeId}`),
    onSome: (n) => `${link(url, n, 100)} (recipe \`${recipeId}\`)`
  })

const failures = (ctx: CommandContext, recipeId: number, limit: number) =>
  Effect.gen(function*() {
    const jobs = yield* JobsClient
    const messages = yield* PostedMessages
    const found = yield* jobs.stream(recipeId, { status: "failed" }).pipe(
      Stream.take(limit),
      Stream.runCollect,
      Effect.map(Chunk.toReadonlyArray)
    )
    const failed = found.map((job) => toFailedJob(recipeId, job, jobs.jobUrl))
    const name = yield* nameOf(recipeId)
    const rendered = renderFailures({ recipeId, ...name, recipeUrl: jobs.recipeUrl(recipeId), failures: failed })
    // Kept, and named in its buttons, so a click on this ephemeral list can update it.
    const key = viewKey("f")
    const message = { text: rendered.text, blocks: tagRepeatButtons(rendered.blocks, key) }
    const shown = new Set(rendered.shown.map((r) => r.masterJobId))
    yield* messages.record({
      id: key,
      kind: "failures",
      channel: ctx.channelId,
      ts: null,
      viewer: ctx.userId,
      blocks: message.blocks,
      text: message.text,
      jobs: failed.map((f) => ({
        recipeId,
        jobId: f.jobId,
        masterJobId: f.masterJobId,
        repeatable: !f.isPollError && shown.has(f.masterJobId)
      }))
    })
    yield* reply(ctx.responseUrl, message)
  }).pipe(Effect.catchAll(apiErrors(ctx, { recipeId })))

const job = (ctx: CommandContext, recipeId: number, jobId: string) =>
  Effect.gen(function*() {
    const jobs = yield* JobsClient
    const messages = yield* PostedMessages
    const detail = yield* jobs.get(recipeId, jobId)
    const rendered = renderJobDetail(toJobDetailView({
      recipeId,
      ...(yield* nameOf(recipeId)),
      job: detail,
      jobUrl: jobs.jobUrl(recipeId, detail.id),
      recipeUrl: jobs.recipeUrl(recipeId)
    }))
    const key = viewKey("j")
    const message = { ...rendered, blocks: tagRepeatButtons(rendered.blocks, key) }
    if (message.repeatable !== undefined) {
      yield* messages.record({
        id: key,
        kind: "job",
        channel: ctx.channelId,
        ts: null,
        viewer: ctx.userId,
        blocks: message.blocks,
        text: message.text,
        jobs: [{ recipeId, jobId: detail.id, masterJobId: message.repeatable.masterJobId, repeatable: true }]
      })
    }
    yield* reply(ctx.responseUrl, message)
  }).pipe(Effect.catchAll(apiErrors(ctx, { recipeId, jobId })))

const repeat = (ctx: CommandContext, recipeId: number, jobIds: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    const allowed = yield* checkAllowed({
      guard: "repeat",
      userId: ctx.userId,
      responseUrl: ctx.responseUrl,
      source: "command",
      targets: jobIds.map((jobId) => ({ recipeId, jobId })),
      doing: "repeat Workato jobs from Slack",
      result: "nothing was repeated",
      where: ctx.channelId
    })
    if (!allowed) return
    const jobs = yield* JobsClient
    const repeats = yield* Repeats
    const results = yield* repeats.repeat({
      jobs: jobIds.map((jobId) => ({ recipeId, jobId, masterJobId: jobId })),
      userId: ctx.userId,
      source: `command:${ctx.triggerId}`,
      via: "command"
    })
    const byId = new Map(results.map((r) => [r.ref.masterJobId, r.outcome]))
    const message = renderRepeatReport({
      recipeId,
      ...(yield* nameOf(recipeId)),
      recipeUrl: jobs.recipeUrl(recipeId),
      items: jobIds.flatMap((jobId) => {
        const outcome = byId.get(jobId)
        return outcome === undefined ? [] : [{ jobId, jobUrl: jobs.jobUrl(recipeId, jobId), outcome }]
      })
    })
    yield* reply(ctx.responseUrl, message, { inChannel: true })
  })

/** WATCH_ALLOWED_USERS: who may change what this channel is sent (watch, unwatch, digest). */
const mayChangeWatches = (
  ctx: CommandContext,
  source: "watch" | "unwatch" | "digest",
  recipeIds: ReadonlyArray<number>,
  result: string,
  /** What else the audit should name (a folder watch names no recipe). */
  about?: string
) =>
  checkAllowed({
    guard: "watch",
    userId: ctx.userId,
    responseUrl: ctx.responseUrl,
    source,
    // A digest of every watched recipe, or a folder watch, names none: one entry for the request.
    targets: (recipeIds.length > 0 ? recipeIds : [0]).map((recipeId) => ({ recipeId, jobId: "" })),
    doing: "change which failures are posted in channels (watch, unwatch, digest)",
    result,
    where: about === undefined ? ctx.channelId : `${ctx.channelId}, ${about}`
  })

/** "Orders sync (recipe 42)", or "recipe 42": plain text for notices. */
const plainRecipe = (recipeId: number, name: Option.Option<string>) =>
  Option.match(name, { onNone: () => `recipe ${recipeId}`, onSome: (n) => `${n} (recipe ${recipeId})` })

const problemsText = (problems: ReadonlyArray<RecipeProblem>, names: ReadonlyMap<number, string>) =>
  problems.map((p) =>
    `${plainRecipe(p.recipeId, Option.fromNullable(names.get(p.recipeId)))} could not be read: ${explainApiError(p.error, { recipeId: p.recipeId })}`
  )

const digest = (ctx: CommandContext, recipeIds: ReadonlyArray<number>) =>
  Effect.gen(function*() {
    if (!(yield* mayChangeWatches(ctx, "digest", recipeIds, "no digest was posted"))) return
    const watches = yield* Watches
    const folderWatches = yield* FolderWatches
    const digests = yield* Digests
    const nothingWatched = (yield* watches.inChannel(ctx.channelId)).length === 0 &&
      (yield* folderWatches.inChannel(ctx.channelId)).length === 0
    if (recipeIds.length === 0 && nothingWatched) {
      return yield* notice(
        ctx.responseUrl,
        `No recipes are watched in this channel. Name one: ${ctx.command} digest <recipe_id>, or start watching it: ${ctx.command} watch <recipe_id>.`
      )
    }
    const result = yield* digests.runWatched(ctx.channelId, recipeIds)
    const names = yield* (yield* RecipeNames).names([
      ...result.problems.map((p) => p.recipeId),
      ...(result._tag === "NothingNew" ? result.checked : [])
    ])
    const problems = problemsText(result.problems, names)
    switch (result._tag) {
      case "Posted":
        if (problems.length > 0) yield* notice(ctx.responseUrl, problems.join("\n"), { icon: ":warning:" })
        return
      case "NothingNew": {
        const checked = result.checked.map((id) => plainRecipe(id, Option.fromNullable(names.get(id)))).join(", ")
        const since = result.since === undefined ? "since the last digest" : `since ${new Date(result.since).toISOString().slice(0, 16).replace("T", " ")} UTC`
        const lines = [...(checked === "" ? [] : [`No new failed jobs in ${checked} ${since}.`]), ...problems]
        return yield* notice(ctx.responseUrl, lines.join("\n"), problems.length > 0 ? { icon: ":warning:" } : {})
      }
      case "SlackRefused":
        return yield* notice(
          ctx.responseUrl,
          result.code === "not_in_channel" || result.code === "channel_not_found"
            ? `Slack did not let the bot post here (${result.code}). Invite the bot to this channel and try again.`
            : `Slack refused the digest (${result.code}). It will be tried again on the next scheduled run.`,
          { icon: ":warning:" }
        )
      case "Unconfirmed":
        return yield* notice(
          ctx.responseUrl,
          `Slack did not confirm the digest (${result.reason}). The next run checks whether it arrived before posting it again.`,
          { icon: ":warning:" }
        )
    }
  })

const watch = (ctx: CommandContext, recipeId: number, interval: Duration.Duration | undefined) =>
  Effect.gen(function*() {
    if (!(yield* mayChangeWatches(ctx, "watch", [recipeId], "nothing was changed"))) return
    const config = yield* BotConfig
    const jobs = yield* JobsClient
    const watches = yield* Watches
    const schedule = yield* DigestSchedule
    // One cheap request proves the recipe exists and the bot may read its jobs.
    yield* jobs.list(recipeId, { status: "failed" })
    const every = interval ?? config.digestInterval
    const { created } = yield* watches.put({
      channel: ctx.channelId,
      recipeId,
      intervalMs: Duration.toMillis(every),
      by: ctx.userId,
      replace: true
    })
    const name = yield* (yield* RecipeNames).name(recipeId)
    const recipe = recipeText(recipeId, jobs.recipeUrl(recipeId), name)
    const label = plainRecipe(recipeId, name)
    const text = created
      ? `:eyes: ${mention(ctx.userId)} is now watching ${recipe} here: new failed jobs are posted every ${formatInterval(every)}.`
      : `:eyes: ${mention(ctx.userId)} changed the digest of ${recipe} here to every ${formatInterval(every)}.`
    yield* reply(ctx.responseUrl, mrkdwnNotice(text, `Watching ${label} every ${formatInterval(every)}`), {
      inChannel: true
    })
    // After the confirmation: a new watch posts its first digest right away.
    yield* schedule.reconcile
  }).pipe(Effect.catchAll(apiErrors(ctx, { recipeId })))

const unwatch = (ctx: CommandContext, recipeId: number) =>
  Effect.gen(function*() {
    if (!(yield* mayChangeWatches(ctx, "unwatch", [recipeId], "nothing was changed"))) return
    const watches = yield* Watches
    const schedule = yield* DigestSchedule
    const jobs = yield* JobsClient
    const removed = yield* watches.remove(ctx.channelId, recipeId)
    const name = yield* (yield* RecipeNames).name(recipeId)
    const label = plainRecipe(recipeId, name)
    if (!removed) return yield* notice(ctx.responseUrl, `${capitalise(label)} is not watched in this channel.`)
    yield* schedule.reconcile
    yield* reply(
      ctx.responseUrl,
      mrkdwnNotice(
        `:no_bell: ${mention(ctx.userId)} stopped watching ${recipeText(recipeId, jobs.recipeUrl(recipeId), name)} here.`,
        `Stopped watching ${label}`
      ),
      { inChannel: true }
    )
  })

const watchFolder = (ctx: CommandContext, folderId: number, interval: Duration.Duration | undefined) =>
  Effect.gen(function*() {
    if (!(yield* mayChangeWatches(ctx, "watch", [], "nothing was changed", `folder ${folderId}`))) return
    const config = yield* BotConfig
    const folderWatches = yield* FolderWatches
    const watched = yield* WatchedRecipes
    const schedule = yield* DigestSchedule
    // Listing it proves the bot may read the folder's recipes (Workato lists an unknown folder as empty).
    const recipes = yield* watched.folderRecipes(folderId)
    const every = interval ?? config.digestInterval
    const { created } = yield* folderWatches.put({
      channel: ctx.channelId,
      folderId,
      intervalMs: Duration.toMillis(every),
      by: ctx.userId,
      replace: true
    })
    const now = recipes.length === 0 ? "no recipes now" : `${plural(recipes.length, "recipe")} now`
    const text = created
      ? `:eyes: ${mention(ctx.userId)} is now watching folder \`${folderId}\` and its subfolders here (${now}; recipes added later too): new failed jobs are posted every ${formatInterval(every)}.`
      : `:eyes: ${mention(ctx.userId)} changed the digest of folder \`${folderId}\` here to every ${formatInterval(every)} (${now}).`
    yield* reply(ctx.responseUrl, mrkdwnNotice(text, `Watching folder ${folderId} every ${formatInterval(every)}`), {
      inChannel: true
    })
    yield* schedule.reconcile
  }).pipe(
    Effect.catchTag("InvalidRecipeRequest", (e) => notice(ctx.responseUrl, `${capitalise(e.reason)}.`, { icon: ":warning:" })),
    Effect.catchAll(apiErrors(ctx, {}))
  )

const unwatchFolder = (ctx: CommandContext, folderId: number) =>
  Effect.gen(function*() {
    if (!(yield* mayChangeWatches(ctx, "unwatch", [], "nothing was changed", `folder ${folderId}`))) return
    const folderWatches = yield* FolderWatches
    const watches = yield* Watches
    const watched = yield* WatchedRecipes
    const schedule = yield* DigestSchedule
    const removed = yield* folderWatches.remove(ctx.channelId, folderId)
    if (!removed) return yield* notice(ctx.responseUrl, `Folder ${folderId} is not watched in this channel.`)
    yield* schedule.reconcile
    yield* reply(
      ctx.responseUrl,
      mrkdwnNotice(`:no_bell: ${mention(ctx.userId)} stopped watching folder \`${folderId}\` here.`, `Stopped watching folder ${folderId}`),
      { inChannel: true }
    )
    // Best effort: its recipes that nothing else here watches start afresh if watched again.
    const members = yield* Effect.either(watched.folderRecipes(folderId))
    const still = new Set((yield* watched.inChannel(ctx.channelId)).recipes.map((r) => r.recipeId))
    if (members._tag === "Right") {
      yield* watches.clearHorizons(ctx.channelId, members.right.map((r) => r.id).filter((id) => !still.has(id)))
    }
  })

const listWatches = (ctx: CommandContext) =>
  Effect.gen(function*() {
    const watches = yield* Watches
    const folderWatches = yield* FolderWatches
    const watched = yield* WatchedRecipes
    const jobs = yield* JobsClient
    const rows = yield* watches.details(ctx.channelId)
    const folders = yield* folderWatches.inChannel(ctx.channelId)
    const counts = yield* Effect.forEach(folders, (f) => Effect.either(watched.folderRecipes(f.folderId)), { concurrency: 2 })
    const names = yield* (yield* RecipeNames).names(rows.map((w) => w.recipeId))
    yield* reply(
      ctx.responseUrl,
      renderWatches({
        channelId: ctx.channelId,
        command: ctx.command,
        folders: folders.map((f, i) => {
          const listed = counts[i]!
          return {
            folderId: f.folderId,
            recipeCount: listed._tag === "Right" ? listed.right.length : undefined,
            every: formatInterval(Duration.millis(f.intervalMs)),
            ...(f.addedBy === null ? {} : { addedBy: f.addedBy })
          }
        }),
        watches: rows.map((w) => ({
          recipeId: w.recipeId,
          ...(names.has(w.recipeId) ? { recipeName: names.get(w.recipeId)! } : {}),
          recipeUrl: jobs.recipeUrl(w.recipeId),
          every: formatInterval(Duration.millis(w.intervalMs)),
          ...(w.lastDigestAt === null ? {} : { lastDigestAt: w.lastDigestAt }),
          ...(w.addedBy === null ? {} : { addedBy: w.addedBy })
        }))
      })
    )
  })

/** A Workato error (the only typed failure of a command), answered in plain words. */
const apiErrors = (ctx: CommandContext, about: { readonly recipeId?: number; readonly jobId?: string }) =>
  (error: Parameters<typeof explainApiError>[0]) =>
    notice(ctx.responseUrl, capitalise(explainApiError(error, about)) + ".", { icon: ":warning:" })

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)

/** Runs one parsed command (after the ack). Never fails: the user always gets an answer. */
export const handleCommand = (command: Command, ctx: CommandContext) =>
  Effect.gen(function*() {
    switch (command._tag) {
      case "Help":
        return // answered in the ack
      case "Failures":
        return yield* failures(ctx, command.recipeId, command.limit)
      case "Job":
        return yield* job(ctx, command.recipeId, command.jobId)
      case "Repeat":
        return yield* repeat(ctx, command.recipeId, command.jobIds)
      case "Digest":
        return yield* digest(ctx, command.recipeIds)
      case "Watch":
        return yield* watch(ctx, command.recipeId, command.interval)
      case "Unwatch":
        return yield* unwatch(ctx, command.recipeId)
      case "WatchFolder":
        return yield* watchFolder(ctx, command.folderId, command.interval)
      case "UnwatchFolder":
        return yield* unwatchFolder(ctx, command.folderId)
      case "Watches":
        return yield* listWatches(ctx)
    }
  }).pipe(
    Effect.catchAllCause((cause) =>
      Effect.zipRight(
        Effect.logError(`${ctx.command} ${command._tag} failed`, cause),
        notice(ctx.responseUrl, "Sorry, something went wrong on the bot's side. The details are in its log.", {
          icon: ":warning:"
        })
      )
    ),
    Effect.annotateLogs({ command: command._tag, channel: ctx.channelId, user: ctx.userId })
  )

