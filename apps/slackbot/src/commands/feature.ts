/**
 * The `/workato` slash command on Bolt. Every command is acknowledged at once, whatever
 * Workato does: help and bad input are answered in the ack itself (pure, instant), the rest
 * is acknowledged empty and answered later through the response_url.
 */
import { Effect, Either, Layer } from "effect"
import { renderHelp, renderUsageError } from "../blocks/index.js"
import { DURATION_SYNTAX } from "../duration.js"
import { BoltBridge } from "../slack/BoltBridge.js"
import { SlackApp } from "../slack/SlackApp.js"
import { handleCommand } from "./handle.js"
import { parseCommand } from "./parse.js"

export const CommandsLive = Layer.scopedDiscard(Effect.gen(function*() {
  const { app } = yield* SlackApp
  const bridge = yield* BoltBridge

  // Any command name: the manifest says /workato, but a workspace may install it renamed.
  app.command(/^\/.+/, async ({ ack, command, context }) => {
    if (!bridge.firstDelivery(`command:${command.trigger_id}`, context.retryNum)) return ack()
    const parsed = parseCommand(command.text)
    if (Either.isLeft(parsed)) {
      const message = renderUsageError({
        problem: parsed.left.problem,
        subcommand: parsed.left.subcommand,
        command: command.command
      })
      return ack({ response_type: "ephemeral", text: message.text, blocks: message.blocks })
    }
    if (parsed.right._tag === "Help") {
      const message = renderHelp({
        command: command.command,
        notes: [`Durations for watch: ${DURATION_SYNTAX}.`]
      })
      return ack({ response_type: "ephemeral", text: message.text, blocks: message.blocks })
    }
    await ack()
    bridge.fork(
      `command ${parsed.right._tag}`,
      handleCommand(parsed.right, {
        command: command.command,
        channelId: command.channel_id,
        userId: command.user_id,
        responseUrl: command.response_url,
        triggerId: command.trigger_id
      })
    )
  })
}))
