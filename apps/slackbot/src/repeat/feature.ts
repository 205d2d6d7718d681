/**
 * The Repeat buttons on Bolt: `repeat_job:<key>` (one job) and `repeat_all` (every
 * repeatable job of a digest). Each click is acknowledged at once; then: who may repeat,
 * the lock (a job is repeated at most once, whichever message or view shows it), the repeat,
 * the audit, and the message updated in place with what happened.
 */
import { JobsClient } from "@workato-jobs/jobs-api"
import { Array as Arr, Duration, Effect, Exit, Layer, Option, Schedule } from "effect"
import { randomUUID } from "node:crypto"
import {
  ActionIds,
  applyRepeatOutcome,
  BlockIds,
  type JobRef,
  mention,
  outcomeLine,
  parseRepeatValue,
  renderRepeatAllInterrupted,
  renderRepeatAllProgress,
  renderRepeatAllSummary,
  RepeatJobActionPattern,
  RepeatOutcome
} from "../blocks/index.js"
import { type EditableMessage, type Edit, MessageUpdater } from "../slack/MessageUpdater.js"
import { mrkdwnNotice, notice, reply } from "../slack/reply.js"
import { type ButtonClick, SlackHandlers } from "../slack/SlackHandlers.js"
import { PostedMessages, RepeatLocks, type RepeatRun } from "../store/index.js"
import { Replica } from "../replicas/Replica.js"
import { type Located, locateMessage, storedMessage } from "./locate.js"
import { checkAllowed } from "./permission.js"
import { viewKeyOf } from "./viewTag.js"
import { outcomeOfLock, type Repeated, type RepeatTarget, Repeats } from "./Repeats.js"

/** Tells only the clicker (never touches the message). */
const tell = (click: ButtonClick, text: string, fallback: string = text) =>
  reply(click.responseUrl, mrkdwnNotice(text, fallback), { replaceOriginal: false })

/** Edits the message if it can be edited; a failed edit is logged, the repeat stands. */
const editorOf = (message: EditableMessage | undefined) =>
  Effect.map(MessageUpdater, (updater) => (edit: Edit): Effect.Effect<void> =>
    message === undefined
      ? Effect.void
      : updater.edit(message, edit).pipe(Effect.catchAll((error) => Effect.logWarning("message not updated", error.message))))

const permitted = (click: ButtonClick, jobLabel: string, jobs: ReadonlyArray<JobRef & { readonly jobId?: string }>) =>
  checkAllowed({
    guard: "repeat",
    userId: click.userId,
    responseUrl: click.responseUrl,
    source: jobLabel === "all" ? "repeat_all" : "button",
    targets: jobs.map((j) => ({ recipeId: j.recipeId, jobId: j.jobId ?? j.masterJobId })),
    doing: "repeat Workato jobs from Slack",
    result: "nothing was repeated",
    where: click.channelId
  })

/** The failed job a Repeat button stands for: the message's own record says which (by its master job). */
const targetOf = (located: Located, ref: JobRef) =>
  Effect.gen(function*() {
    if (Option.isNone(located.digest)) return { ...ref, jobId: ref.masterJobId }
    const listed = (yield* (yield* PostedMessages).jobsOf(located.digest.value.id))
      .find((j) => j.recipeId === ref.recipeId && j.masterJobId === ref.masterJobId)
    return { ...ref, jobId: listed?.jobId ?? ref.masterJobId } satisfies RepeatTarget
  })

const repeatOne = (click: ButtonClick) =>
  Effect.gen(function*() {
    const ref = parseRepeatValue(click.value)
    if (ref === undefined) return yield* notice(click.responseUrl, "This button does not name a job; nothing was repeated.")
    if (!(yield* permitted(click, "one", [ref]))) return
    const located = yield* locateMessage(click, (b) => b["block_id"] === click.blockId, viewKeyOf(click.actionId))
    const editMessage = yield* editorOf(located.message)
    const repeats = yield* Repeats
    const [result] = yield* repeats.repeat({
      jobs: [yield* targetOf(located, ref)],
      userId: click.userId,
      source: located.source,
      via: "button",
      onStart: () =>
        editMessage((blocks) => applyRepeatOutcome(blocks, ref, RepeatOutcome.InProgress({ by: click.userId })))
    })
    if (result === undefined) return
    if (result.heldBy !== undefined) {
      // Someone clicked first (here or on another message showing the job): nothing was sent
      // now. Tell a second person what happened; the same person's double click needs no
      // answer (the message shows the outcome).
      if (result.heldBy.userId !== click.userId || result.heldBy.source !== located.source) {
        yield* tell(click, `This job was not repeated again: ${outcomeLine(result.outcome)}`, "This job was not repeated again.")
      }
      if (result.heldBy.state === "in_flight") return
    }
    // This message now shows the job's state, wherever the repeat was asked for.
    yield* editMessage((blocks) => applyRepeatOutcome(blocks, ref, result.outcome))
    if (located.message === undefined) yield* tell(click, outcomeLine(result.outcome), "Repeat finished.")
  })

/** How many edits a Repeat-all may spend on a response_url (Slack allows 5 uses per URL). */
const EPHEMERAL_EDIT_BUDGET = 4

/** The summary's counts; a job someone else is repeating right now counts as repeated. */
const tally = (results: ReadonlyArray<Repeated>) => ({
  repeated: results.filter((r) => r.outcome._tag === "Repeated" || r.outcome._tag === "InProgress").length,
  notRepeated: results.filter((r) => r.outcome._tag === "NotRepeated").length,
  unknown: results.filter((r) => r.outcome._tag === "Unknown").length
})

const withOutcomes = (results: ReadonlyArray<Repeated>): Edit => (blocks) =>
  results.reduce((acc, r) => applyRepeatOutcome(acc, r.ref, r.outcome), blocks)

/**
 * What Repeat all of a message covers: its repeatable jobs, one per master job (Workato
 * repeats master jobs), split into those already handled (by any message, any run) and those
 * left. A lock left by an attempt that certainly sent nothing does not count as handled.
 */
const coverage = (messageId: string) =>
  Effect.gen(function*() {
    const messages = yield* PostedMessages
    const locks = yield* RepeatLocks
    const jobs = yield* JobsClient
    const targets = Arr.dedupeWith(
      (yield* messages.jobsOf(messageId)).filter((j) => j.repeatable)
        .map((j): RepeatTarget => ({ recipeId: j.recipeId, jobId: j.jobId, masterJobId: j.masterJobId })),
      (a, b) => a.recipeId === b.recipeId && a.masterJobId === b.masterJobId
    )
    const handled: Array<Repeated> = []
    const left: Array<RepeatTarget> = []
    for (const refs of Object.values(Arr.groupBy(targets, (t) => String(t.recipeId)))) {
      const found = new Map((yield* locks.findAll(refs[0].recipeId, refs.map((r) => r.jobId))).map((l) => [l.jobId, l]))
      for (const ref of refs) {
        const lock = found.get(ref.jobId)
        if (lock === undefined || (lock.state === "done" && lock.outcome === "not_sent")) left.push(ref)
        else handled.push({ ref, outcome: outcomeOfLock(lock, jobs.jobUrl), heldBy: lock })
      }
    }
    return { targets, handled, left }
  })

const repeatAll = (click: ButtonClick) =>
  Effect.gen(function*() {
    const messages = yield* PostedMessages
    const locks = yield* RepeatLocks
    const repeats = yield* Repeats
    // The button's value is the digest's key.
    const located = yield* locateMessage(click, (b) => b["block_id"] === BlockIds.repeatAll, click.value)
    const editMessage = yield* editorOf(located.message)
    const found = Option.isSome(located.digest) ? located.digest : yield* messages.findById(click.value)
    const digest = Option.getOrUndefined(found)
    if (digest === undefined) {
      return yield* tell(click, "The bot no longer knows which jobs this message listed, so nothing was repeated. Use `/workato failures <recipe_id>` instead.")
    }
    const { handled, left, targets } = yield* coverage(digest.id)
    if (!(yield* permitted(click, "all", targets))) return
    const total = targets.length
    const summarise = (results: ReadonlyArray<Repeated>) =>
      editMessage((blocks) => renderRepeatAllSummary(withOutcomes(results)(blocks), { total, ...tally(results), by: click.userId }))
    if (left.length === 0) {
      // Everything was handled already (by an earlier run, or from other messages showing the jobs).
      yield* tell(click, "Every job of this message was already repeated (or tried), so nothing more was sent.")
      return yield* summarise(handled)
    }
    // One Repeat all per message at a time, even when two people (or two replicas) click at once.
    const runId = randomUUID()
    const started = yield* locks.startRun({ id: runId, messageId: digest.id, userId: click.userId, total, holder: (yield* Replica).id })
    if (started._tag === "Running") {
      return yield* tell(click, `Repeat all is already running (started by ${mention(started.run.userId)}); nothing more was repeated.`, "Repeat all is already running.")
    }
    let editsLeft = click.isEphemeral ? EPHEMERAL_EDIT_BUDGET : Number.POSITIVE_INFINITY
    const progress = (results: ReadonlyArray<Repeated>) => {
      if (editsLeft <= 1) return Effect.void // keep the last edit for the summary
      editsLeft--
      return editMessage((blocks) =>
        renderRepeatAllProgress(withOutcomes(results)(blocks), { done: results.length, total, by: click.userId }))
    }
    yield* progress(handled)
    const results = yield* repeats.repeat({
      jobs: left,
      userId: click.userId,
      source: located.source,
      via: "repeat_all",
      runId,
      onProgress: (done) => (handled.length + done.length < total ? progress([...handled, ...done]) : Effect.void)
    }).pipe(
      // Interrupted (the bot stopping): the run stays "running" and the next start says so in the message.
      Effect.onExit((exit) => Exit.isSuccess(exit) ? locks.finishRun(runId) : Effect.void)
    )
    yield* summarise([...handled, ...results])
  })

/**
 * What a replica that is gone (stopped, or died) left behind: its locks in flight become
 * "unknown" (their request may have run) and its Repeat all runs "interrupted". Checked at
 * start-up, before any click is taken, and then every SETTLE_EVERY by every replica (each row
 * settled once). The runs are returned so their messages can say so (announceInterrupted).
 */
const settleAfterStop = Effect.gen(function*() {
  const locks = yield* RepeatLocks
  const settled = yield* locks.settleAbandoned
  if (settled > 0) yield* Effect.logWarning(`${settled} repeat(s) were in flight when the bot stopped; marked unknown`)
  const runs = yield* locks.interruptAbandonedRuns
  if (runs.length > 0) yield* Effect.logWarning(`${runs.length} Repeat all run(s) were interrupted when the bot stopped`)
  return runs
})

/**
 * Each interrupted Repeat all says so in its message, with how many jobs are left and a
 * button that finishes them.
 */
const announceInterrupted = (runs: ReadonlyArray<RepeatRun>) =>
  Effect.gen(function*() {
    const messages = yield* PostedMessages
    const updater = yield* MessageUpdater
    for (const run of runs) {
      const stored = yield* messages.findById(run.messageId)
      const message = Option.isSome(stored) ? yield* storedMessage(stored.value) : undefined
      if (message === undefined) continue
      const { handled, left } = yield* coverage(run.messageId)
      yield* updater.edit(message, (blocks) =>
        renderRepeatAllInterrupted(withOutcomes(handled)(blocks), {
          digestId: run.messageId,
          done: handled.length,
          left: left.length,
          by: run.userId
        })).pipe(Effect.catchAll((error) => Effect.logWarning("interrupted Repeat all not shown", error.message)))
    }
  })

/** How often a replica looks for work left by replicas that are gone. */
export const SETTLE_EVERY = Duration.minutes(1)

export const RepeatLive = Layer.scopedDiscard(Effect.gen(function*() {
  const slack = yield* SlackHandlers
  const interrupted = yield* settleAfterStop
  const later = Effect.flatMap(settleAfterStop, announceInterrupted).pipe(
    Effect.catchAllCause((cause) => Effect.logWarning("settling stopped replicas' repeats failed", cause)),
    Effect.repeat(Schedule.spaced(SETTLE_EVERY)),
    Effect.delay(SETTLE_EVERY)
  )
  yield* Effect.forkScoped(Effect.zipRight(announceInterrupted(interrupted), later))
  yield* slack.button(RepeatJobActionPattern, "repeat_job", repeatOne)
  yield* slack.button(ActionIds.repeatAll, "repeat_all", repeatAll)
}))
