/**
 * The `/workato` slash command. Every command is acknowledged at once, whatever Workato
 * does: help and bad input are answered in the ack itself (pure, instant), the rest is
 * acknowledged empty and answered later through the response_url.
 */
import { Effect, Either, Layer } from "effect"
import { renderHelp, renderUsageError } from "../blocks/index.js"
import { DURATION_SYNTAX } from "../duration.js"
import { CommandAnswer, SlackHandlers } from "../slack/SlackHandlers.js"
import { handleCommand } from "./handle.js"
import { parseCommand } from "./parse.js"

// Any command name: the manifest says /workato, but a workspace may install it renamed.
export const CommandsLive = Layer.effectDiscard(Effect.flatMap(SlackHandlers, (slack) =>
  slack.command(/^\/.+/, (request) => {
    const parsed = parseCommand(request.text)
    if (Either.isLeft(parsed)) {
      return CommandAnswer.Reply({
        message: renderUsageError({
          problem: parsed.left.problem,
          subcommand: parsed.left.subcommand,
          command: request.command
        })
      })
    }
    if (parsed.right._tag === "Help") {
      return CommandAnswer.Reply({
        message: renderHelp({ command: request.command, notes: [`Durations for watch: ${DURATION_SYNTAX}.`] })
      })
    }
    return CommandAnswer.Run({ label: `command ${parsed.right._tag}`, work: handleCommand(parsed.right, request) })
  })
))
