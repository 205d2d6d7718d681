/**
 * The Repeat buttons on Bolt: `repeat_job:<key>` (one job) and `repeat_all` (every
 * repeatable job of a digest). Each click is acknowledged at once; then: who may repeat,
 * the lock (a second click repeats nothing), the repeat, the audit, and the message
 * updated in place with what happened.
 */
import { Array as Arr, Effect, Layer, Option } from "effect"
import {
  ActionIds,
  applyRepeatOutcome,
  BlockIds,
  type JobRef,
  mention,
  outcomeLine,
  parseRepeatValue,
  renderRepeatAllProgress,
  renderRepeatAllSummary,
  RepeatJobActionPattern,
  RepeatOutcome
} from "../blocks/index.js"
import { BotConfig } from "../config.js"
import { type EditableMessage, type Edit, MessageUpdater } from "../slack/MessageUpdater.js"
import { mrkdwnNotice, notice, reply } from "../slack/reply.js"
import { type ButtonClick, SlackHandlers } from "../slack/SlackHandlers.js"
import { AuditLog, PostedMessages, RepeatLocks } from "../store/index.js"
import { locateMessage } from "./locate.js"
import { deniedText, mayRepeat } from "./permission.js"
import { viewKeyOf } from "./viewTag.js"
import { type Repeated, Repeats } from "./Repeats.js"

/** Tells only the clicker (never touches the message). */
const tell = (click: ButtonClick, text: string, fallback: string = text) =>
  reply(click.responseUrl, mrkdwnNotice(text, fallback), { replaceOriginal: false })

/** Edits the message if it can be edited; a failed edit is logged, the repeat stands. */
const editorOf = (message: EditableMessage | undefined) =>
  Effect.map(MessageUpdater, (updater) => (edit: Edit): Effect.Effect<void> =>
    message === undefined
      ? Effect.void
      : updater.edit(message, edit).pipe(Effect.catchAll((error) => Effect.logWarning("message not updated", error.message))))

const permitted = (click: ButtonClick, jobLabel: string, jobs: ReadonlyArray<JobRef>) =>
  Effect.gen(function*() {
    const config = yield* BotConfig
    if (mayRepeat(config, click.userId)) return true
    const audit = yield* AuditLog
    for (const ref of jobs) {
      yield* audit.record({
        userId: click.userId,
        recipeId: ref.recipeId,
        jobId: ref.masterJobId,
        source: jobLabel === "all" ? "repeat_all" : "button",
        outcome: "denied",
        newJobId: null,
        detail: "not in REPEAT_ALLOWED_USERS"
      })
    }
    yield* tell(click, deniedText(config), "You may not repeat Workato jobs from Slack.")
    return false
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
      jobs: [ref],
      userId: click.userId,
      source: located.source,
      mode: "click",
      via: "button",
      onStart: () =>
        editMessage((blocks) => applyRepeatOutcome(blocks, ref, RepeatOutcome.InProgress({ by: click.userId })))
    })
    if (result === undefined) return
    if (result.heldBy !== undefined) {
      // Someone clicked first: nothing was sent now. Tell a second person what happened; the
      // same person's double click needs no answer (the message shows the outcome).
      if (result.heldBy.userId !== click.userId) {
        yield* tell(click, `This job was not repeated again: ${outcomeLine(result.outcome)}`, "This job was not repeated again.")
      }
      if (result.heldBy.state === "in_flight") return
    }
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
    const jobs = Arr.dedupeWith(
      (yield* messages.jobsOf(digest.id)).filter((j) => j.repeatable).map((j): JobRef => ({ recipeId: j.recipeId, masterJobId: j.masterJobId })),
      (a, b) => a.recipeId === b.recipeId && a.masterJobId === b.masterJobId
    )
    if (!(yield* permitted(click, "all", jobs))) return
    // One Repeat all per message, even when two people click at once.
    const started = yield* locks.acquire({
      recipeId: 0,
      masterJobId: `repeat_all:${digest.id}`,
      source: digest.id,
      userId: click.userId,
      mode: "click"
    })
    if (started._tag === "Held") {
      return yield* tell(click, `Repeat all was already started by ${mention(started.lock.userId)}; nothing more was repeated.`, "Repeat all was already started.")
    }
    const total = jobs.length
    let editsLeft = click.isEphemeral ? EPHEMERAL_EDIT_BUDGET : Number.POSITIVE_INFINITY
    const progress = (results: ReadonlyArray<Repeated>) => {
      if (editsLeft <= 1) return Effect.void // keep the last edit for the summary
      editsLeft--
      return editMessage((blocks) =>
        renderRepeatAllProgress(withOutcomes(results)(blocks), { done: results.length, total, by: click.userId }))
    }
    yield* progress([])
    const results = yield* repeats.repeat({
      jobs,
      userId: click.userId,
      source: located.source,
      mode: "click",
      via: "repeat_all",
      onProgress: (done) => (done.length < total ? progress(done) : Effect.void)
    })
    const counts = tally(results)
    yield* locks.finish({
      recipeId: 0,
      masterJobId: `repeat_all:${digest.id}`,
      outcome: "enqueued",
      newJobId: null,
      detail: `${counts.repeated} repeated, ${counts.notRepeated} not repeated, ${counts.unknown} unknown`
    })
    yield* editMessage((blocks) =>
      renderRepeatAllSummary(withOutcomes(results)(blocks), { total, ...counts, by: click.userId }))
  })

export const RepeatLive = Layer.effectDiscard(Effect.gen(function*() {
  const slack = yield* SlackHandlers
  const locks = yield* RepeatLocks
  const settled = yield* locks.settleAbandoned
  if (settled > 0) yield* Effect.logWarning(`${settled} repeat(s) were in flight when the bot stopped; marked unknown`)
  yield* slack.button(RepeatJobActionPattern, "repeat_job", repeatOne)
  yield* slack.button(ActionIds.repeatAll, "repeat_all", repeatAll)
}))
