/**
 * MessageUpdater: edits a posted message in place, one edit at a time per message, and
 * coalesces: edits that queue up while one is being sent go out together in the next
 * single update. So 200 clicks on one digest cost a handful of chat.update calls, and two
 * concurrent clicks can never overwrite each other's change (each edit is a function of the
 * latest blocks, not of the blocks a click payload happened to carry).
 */
import { Deferred, Effect } from "effect"
import type { AnyBlock } from "../blocks/index.js"
import { makeKeyedLock } from "../keyedLock.js"
import type { SlackCallError } from "./SlackWeb.js"

export type Edit = (blocks: Array<AnyBlock>) => Array<AnyBlock>

/** Where a message's current content lives and how to send a new version of it. */
export interface EditableMessage {
  /** Identifies the message: edits with the same key are serialised and coalesced. */
  readonly key: string
  readonly load: Effect.Effect<{ readonly blocks: Array<AnyBlock>; readonly text: string }>
  readonly send: (blocks: Array<AnyBlock>, text: string) => Effect.Effect<void, SlackCallError>
  /** Keeps what was sent as the new current version (the store's copy). */
  readonly save: (blocks: Array<AnyBlock>, text: string) => Effect.Effect<void>
}

interface Pending {
  readonly edit: Edit
  readonly done: Deferred.Deferred<void, SlackCallError>
}

export class MessageUpdater extends Effect.Service<MessageUpdater>()("@workato-jobs/slackbot/MessageUpdater", {
  sync: () => {
    const lock = makeKeyedLock()
    const queues = new Map<string, Array<Pending>>()

    const flush = (message: EditableMessage) =>
      Effect.gen(function*() {
        const batch = queues.get(message.key) ?? []
        queues.delete(message.key)
        if (batch.length === 0) return // an earlier flush already sent ours
        // Whatever happens (even a defect), every waiter of this batch gets the same exit.
        const exit = yield* Effect.exit(Effect.gen(function*() {
          const current = yield* message.load
          const blocks = batch.reduce((acc, p) => p.edit(acc), current.blocks)
          yield* message.send(blocks, current.text)
          yield* message.save(blocks, current.text)
        }))
        for (const p of batch) yield* Deferred.done(p.done, exit)
      })

    /** Applies `edit` to the latest version of the message; fails if Slack refused the update. */
    const edit = (message: EditableMessage, edit: Edit) =>
      Effect.gen(function*() {
        const done = yield* Deferred.make<void, SlackCallError>()
        const queue = queues.get(message.key) ?? []
        queue.push({ edit, done })
        queues.set(message.key, queue)
        yield* lock(message.key)(flush(message))
        return yield* Deferred.await(done)
      })

    return { edit } as const
  }
}) {}
