import type { FoundButton } from "./buttons.js"
import { isObject, type JsonObject } from "./json.js"
import type { ChannelInfo, EmulatorConfig, UserInfo } from "./options.js"

/**
 * Slash-command form fields in the order Slack sends them
 * (slack-samples/slash-command.signing-example.form.txt, field catalog). Enterprise fields
 * only when given, like on non-Grid workspaces.
 */
export const slashCommandFields = (input: {
  readonly config: EmulatorConfig
  readonly channel: ChannelInfo
  readonly user: UserInfo
  readonly command: string
  readonly text: string
  readonly responseUrl: string
  readonly triggerId: string
  readonly enterprise?: { readonly id: string; readonly name: string } | undefined
}): Array<[string, string]> => {
  const { config, channel, user } = input
  const fields: Array<[string, string]> = [
    ["token", config.verificationToken],
    ["team_id", config.teamId],
    ["team_domain", config.teamDomain]
  ]
  if (input.enterprise !== undefined) {
    fields.push(["enterprise_id", input.enterprise.id], ["enterprise_name", input.enterprise.name])
  }
  fields.push(
    ["channel_id", channel.id],
    ["channel_name", channel.name],
    ["user_id", user.id],
    ["user_name", user.name],
    ["command", input.command],
    ["text", input.text],
    ["api_app_id", config.appId],
    // A string in the form, unlike the boolean of JSON payloads.
    ["is_enterprise_install", "false"],
    ["response_url", input.responseUrl],
    ["trigger_id", input.triggerId]
  )
  return fields
}

/** `application/x-www-form-urlencoded` as Slack writes it (spaces as "+", "/" as %2F). */
export const formEncode = (fields: ReadonlyArray<readonly [string, string]>): string =>
  new URLSearchParams(fields.map(([k, v]): [string, string] => [k, v])).toString()

/** Slack's JSON escapes "/" as "\/"; valid JSON either way, but byte-for-byte like the real thing. */
export const slackJson = (value: JsonObject): string => JSON.stringify(value).replace(/\//g, "\\/")

/** The form body of an interaction: `payload=<URL-encoded JSON>`. */
export const interactionBody = (payload: JsonObject): string => formEncode([["payload", slackJson(payload)]])

/**
 * A `block_actions` payload for a click on `button`, shaped like
 * slack-samples/block-actions.message-button.json (channel message) or
 * block-actions.ephemeral-minimal.json (ephemeral: no `message`).
 */
export const blockActionsPayload = (input: {
  readonly config: EmulatorConfig
  readonly user: UserInfo
  readonly channel: ChannelInfo
  readonly messageTs: string
  readonly threadTs?: string | undefined
  /** The message as Slack shows it; undefined for ephemerals. */
  readonly message: JsonObject | undefined
  readonly button: FoundButton
  readonly responseUrl: string
  readonly triggerId: string
  readonly actionTs: string
}): JsonObject => {
  const { config, user, channel, button } = input
  const container: JsonObject = {
    type: "message",
    message_ts: input.messageTs,
    channel_id: channel.id,
    is_ephemeral: input.message === undefined
  }
  if (input.threadTs !== undefined) container["thread_ts"] = input.threadTs
  const action: JsonObject = {
    action_id: button.actionId,
    block_id: button.blockId,
    text: button.button["text"] ?? null
  }
  if (button.value !== undefined) action["value"] = button.value
  const style = button.button["style"]
  if (typeof style === "string") action["style"] = style
  const confirm = button.button["confirm"]
  // The payload echoes the dialog's title and text (slack-samples/block-actions.home-tab-with-confirm.json).
  if (isObject(confirm)) action["confirm"] = { title: confirm["title"] ?? null, text: confirm["text"] ?? null }
  action["type"] = "button"
  action["action_ts"] = input.actionTs

  const payload: JsonObject = {
    type: "block_actions",
    user: { id: user.id, username: user.name, name: user.name, team_id: config.teamId },
    api_app_id: config.appId,
    token: config.verificationToken,
    container,
    trigger_id: input.triggerId,
    team: { id: config.teamId, domain: config.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channel.id, name: channel.name }
  }
  if (input.message !== undefined) payload["message"] = input.message
  payload["state"] = { values: {} }
  payload["response_url"] = input.responseUrl
  payload["actions"] = [action]
  return payload
}
