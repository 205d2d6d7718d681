import type { JsonObject } from "./json.js"
import type { EmulatorConfig } from "./options.js"
import type { StoredMessage } from "./workspace.js"

/**
 * A stored channel message in the shape Slack returns it (chat.postMessage/update answers,
 * `message` of block_actions payloads). Field order follows
 * slack-samples/block-actions.message-button.json.
 */
export const wireMessage = (message: StoredMessage, config: EmulatorConfig): JsonObject => {
  const wire: JsonObject = {}
  if (message.bot_id !== undefined) wire["bot_id"] = message.bot_id
  wire["type"] = "message"
  wire["text"] = message.text
  wire["user"] = message.user
  wire["ts"] = message.ts
  if (message.app_id !== undefined) wire["app_id"] = message.app_id
  if (message.blocks.length > 0) wire["blocks"] = structuredClone(message.blocks) as JsonObject["blocks"]
  if (message.attachments !== undefined) wire["attachments"] = structuredClone(message.attachments) as JsonObject["attachments"]
  wire["team"] = message.team
  if (message.bot_id !== undefined) {
    wire["bot_profile"] = { id: config.botId, app_id: config.appId, name: "workato-jobs", deleted: false, team_id: config.teamId }
  }
  if (message.thread_ts !== undefined) wire["thread_ts"] = message.thread_ts
  if (message.metadata !== undefined) wire["metadata"] = structuredClone(message.metadata) as JsonObject["metadata"]
  return wire
}
