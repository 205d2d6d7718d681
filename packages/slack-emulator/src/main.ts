/**
 * Runs the emulator on its own, for trying the bot by hand:
 *   pnpm --filter @workato-jobs/slack-emulator start
 * then start the bot with the printed SLACK_* variables (HTTP, or Socket Mode with
 * SLACK_APP_TOKEN), and type commands here (sent over the bot's socket once it has one):
 *   /workato failures 101        a slash command (as SLACK_USER in SLACK_CHANNEL)
 *   click <ts> <action_id|value> click a button of a message in SLACK_CHANNEL
 *   messages                     list the channel's messages
 * Every message the bot posts or changes is printed as text.
 */
import { createInterface } from "node:readline"
import { startSlackEmulator } from "./emulator.js"
import type { RecordedCall } from "./records.js"

const env = process.env
const slack = await startSlackEmulator({
  port: Number(env["PORT"] ?? 3100),
  ...(env["SLACK_BOT_TOKEN"] ? { botToken: env["SLACK_BOT_TOKEN"] } : {}),
  ...(env["SLACK_SIGNING_SECRET"] ? { signingSecret: env["SLACK_SIGNING_SECRET"] } : {}),
  ...(env["SLACK_APP_TOKEN"] ? { appToken: env["SLACK_APP_TOKEN"] } : {}),
  autoCreateChannels: true
})
const botUrl = env["BOT_EVENTS_URL"] ?? "http://127.0.0.1:3000/slack/events"
const user = env["SLACK_USER"] ?? "U0ALICE"
const channel = env["SLACK_CHANNEL"] ?? "C0ALERTS"

console.log(`Slack emulator on ${slack.url}. Start the bot with:
  SLACK_API_URL=${slack.apiUrl} SLACK_BOT_TOKEN=${slack.botToken} SLACK_SIGNING_SECRET=${slack.signingSecret}
or, for Socket Mode, SLACK_APP_TOKEN=${slack.appToken} instead of SLACK_SIGNING_SECRET.
Requests go to ${botUrl} (or over the bot's socket once it connects) as ${user} in ${channel}.
Type "/workato help", "click <ts> <action_id|value>" or "messages".`)

let shown = 0
const show = (call: RecordedCall): void => {
  const status = call.ok ? "ok" : `${call.error ?? "error"} (HTTP ${call.status})`
  console.log(`← ${call.method} ${typeof call.args["channel"] === "string" ? call.args["channel"] : ""} ${status}`)
  if (!call.ok || !["chat.postMessage", "chat.update", "chat.postEphemeral"].includes(call.method)) return
  const text = slack.renderMessage({ text: String(call.args["text"] ?? ""), blocks: Array.isArray(call.args["blocks"]) ? call.args["blocks"] : [] })
  console.log(text.replace(/^/gm, "   │ "))
}
slack.onChange(() => {
  const calls = slack.calls
  while (shown < calls.length) show(calls[shown++]!)
})

/** A bot connected in Socket Mode gets everything over its socket. */
const overSocket = (): boolean => slack.socketConnections().some((c) => c.closedAt === undefined)

const run = async (line: string): Promise<void> => {
  const input = line.trim()
  if (input.startsWith("/")) {
    const [command = "", ...rest] = input.split(" ")
    const typed = { command, text: rest.join(" "), userId: user, channelId: channel }
    if (overSocket()) {
      const result = await slack.socketSlashCommand(typed)
      return console.log(`→ ${command}: acked on the socket${result.ackFrame ? ` ${result.ackFrame}` : ""}`)
    }
    const result = await slack.slashCommand(botUrl, typed)
    console.log(`→ ${command}: HTTP ${result.status}${result.body ? ` ${result.body}` : ""}`)
  } else if (input.startsWith("click ")) {
    const [, ts = "", key = ""] = input.split(/\s+/)
    const button = slack.buttons(channel, ts).find((b) => b.actionId === key || b.value === key)
    if (button === undefined) return console.log(`no button ${key} on ${channel}/${ts}`)
    const click = { channel, ts, actionId: button.actionId, blockId: button.blockId, userId: user }
    if (overSocket()) {
      await slack.socketClickButton(click)
      return console.log(`→ click [${button.text}]: acked on the socket`)
    }
    const result = await slack.clickButton(botUrl, click)
    console.log(`→ click [${button.text}]: HTTP ${result.status}`)
  } else if (input === "messages") {
    for (const m of slack.messages(channel)) console.log(`${m.ts}${m.deleted ? " (deleted)" : ""}  ${m.text.split("\n")[0]}`)
  } else if (input !== "") {
    console.log('commands: "/workato …", "click <ts> <action_id|value>", "messages"')
  }
}

const rl = createInterface({ input: process.stdin })
rl.on("line", (line) => {
  run(line).catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error)
    console.log(message === "fetch failed" ? `cannot reach the bot at ${botUrl} (is it running? set BOT_EVENTS_URL)` : `error: ${message}`)
  })
})
const stop = (): void => {
  rl.close()
  void slack.close().then(() => process.exit(0))
}
process.on("SIGINT", stop)
process.on("SIGTERM", stop)
