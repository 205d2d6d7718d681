/**
 * SlackHandlers: where features register what they answer (slash commands, button clicks).
 * The adapter knows Bolt and nothing of the features: it acks, drops repeated deliveries, and
 * hands each request to the handler a feature registered, as plain data.
 *
 * A handler is an Effect whose requirements the feature provides when its own layer registers
 * it (`register` captures the registering fiber's context), so adding a feature never edits
 * this file. Work is forked into a FiberSet owned by this service's scope, so a listener acks
 * first and returns at once, and shutting the bot down interrupts whatever is still running.
 * Forked work starts after the current burst of requests (see afterBurst.ts).
 *
 * Repeated deliveries of one interaction (a retried request carries the same trigger_id, or
 * Slack's X-Slack-Retry-Num) are dropped here: together with the store's repeat locks,
 * nothing is done twice.
 */
import type { BlockAction, ButtonAction } from "@slack/bolt"
import { Data, Effect, FiberSet } from "effect"
import type { AnyBlock, Message } from "../blocks/index.js"
import { SlackApp } from "./SlackApp.js"

/** A slash command as typed. */
export interface SlashCommand {
  /** As typed (e.g. "/workato"): a workspace may install the command under another name. */
  readonly command: string
  readonly text: string
  readonly channelId: string
  readonly userId: string
  readonly responseUrl: string
  readonly triggerId: string
}

/** What a command handler answers: in the ack itself (pure, instant) or later. */
export type CommandAnswer<R> = Data.TaggedEnum<{
  /** Answered (ephemeral) in the ack; nothing runs after. */
  Reply: { readonly message: Message }
  /** Acked empty; `work` answers through the response_url once the burst is over. */
  Run: { readonly label: string; readonly work: Effect.Effect<void, never, R> }
}>
interface CommandAnswerDefinition extends Data.TaggedEnum.WithGenerics<1> {
  readonly taggedEnum: CommandAnswer<this["A"]>
}
export const CommandAnswer = Data.taggedEnum<CommandAnswerDefinition>()

/** A button click (block_actions), as far as handlers care. */
export interface ButtonClick {
  readonly channelId: string
  readonly userId: string
  readonly messageTs: string
  readonly isEphemeral: boolean
  /** Present for channel messages only. */
  readonly payloadBlocks: ReadonlyArray<AnyBlock> | undefined
  readonly payloadText: string
  readonly responseUrl: string
  readonly value: string
  readonly blockId: string
  readonly actionId: string
}

const clickOf = (body: BlockAction<ButtonAction>, action: ButtonAction): ButtonClick => ({
  channelId: body.channel?.id ?? body.container?.channel_id ?? "",
  userId: body.user.id,
  messageTs: body.container?.message_ts ?? body.message?.ts ?? "",
  isEphemeral: body.container?.is_ephemeral === true,
  payloadBlocks: body.message?.blocks as ReadonlyArray<AnyBlock> | undefined,
  payloadText: typeof body.message?.text === "string" ? body.message.text : "",
  responseUrl: body.response_url,
  value: action.value ?? "",
  blockId: action.block_id,
  actionId: action.action_id
})

/** Keys of recently seen deliveries (bounded: the oldest are forgotten first). */
const RECENT_LIMIT = 10_000

export class SlackHandlers extends Effect.Service<SlackHandlers>()("@workato-jobs/slackbot/SlackHandlers", {
  scoped: Effect.gen(function*() {
    const run = yield* FiberSet.makeRuntime<never, void, never>()
    const { app, afterBurst } = yield* SlackApp
    const recent = new Set<string>()

    // Runs after the current burst has been acked; failures are logged (users were answered already).
    const fork = (label: string, effect: Effect.Effect<void>): void =>
      afterBurst.defer(() =>
        void run(effect.pipe(
          Effect.catchAllCause((cause) => Effect.logError(`${label} failed`, cause)),
          Effect.withSpan(label)
        ))
      )

    // False for a delivery already seen (same key) or one Slack marks as a retry: the first
    // delivery is being handled already.
    const firstDelivery = (key: string, retryNum: number | undefined): boolean => {
      if (retryNum !== undefined && retryNum > 0) return false
      if (recent.has(key)) return false
      recent.add(key)
      if (recent.size > RECENT_LIMIT) recent.delete(recent.values().next().value!)
      return true
    }

    /** Answers slash commands whose name matches `name`. */
    const command = <R>(name: string | RegExp, handle: (command: SlashCommand) => CommandAnswer<R>) =>
      Effect.map(Effect.context<R>(), (context) => {
        app.command(name, async ({ ack, command, context: bolt }) => {
          if (!firstDelivery(`command:${command.trigger_id}`, bolt.retryNum)) return ack()
          const answer = handle({
            command: command.command,
            text: command.text,
            channelId: command.channel_id,
            userId: command.user_id,
            responseUrl: command.response_url,
            triggerId: command.trigger_id
          })
          if (answer._tag === "Reply") {
            return ack({ response_type: "ephemeral", text: answer.message.text, blocks: answer.message.blocks })
          }
          await ack()
          fork(answer.label, Effect.provide(answer.work, context))
        })
      })

    /** Handles clicks on buttons whose action_id matches; each click is acked at once. */
    const button = <R>(actionId: string | RegExp, label: string, handle: (click: ButtonClick) => Effect.Effect<void, never, R>) =>
      Effect.map(Effect.context<R>(), (context) => {
        app.action<BlockAction<ButtonAction>>({ type: "block_actions", action_id: actionId }, async ({ ack, body, action, context: bolt }) => {
          await ack()
          if (!firstDelivery(`action:${body.trigger_id}:${action.action_ts}`, bolt.retryNum)) return
          fork(label, Effect.provide(handle(clickOf(body, action)), context))
        })
      })

    return { command, button } as const
  })
}) {}
