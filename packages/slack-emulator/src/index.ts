// @workato-jobs/slack-emulator: a local Slack Web API + request signer, the bot's test peer.
export { startSlackEmulator, type SlackEmulator, type StartOptions } from "./emulator.js"
export {
  DEFAULT_CHANNELS,
  DEFAULT_USERS,
  type ChannelInfo,
  type SlackEmulatorOptions,
  type UserInfo
} from "./options.js"
export type {
  MessageSource,
  MessageVersion,
  RecordedCall,
  RecordedEphemeral,
  RecordedMessage,
  RecordedResponse
} from "./records.js"
export type {
  ClickButtonInput,
  ClickButtonResult,
  DeliveryOptions,
  DeliveryResult,
  SlashCommandInput,
  SlashCommandResult,
  SlashCommandSpec,
  ClickSpec,
  SocketDeliveryOptions,
  SocketDeliveryResult,
  SocketSlashCommandInput,
  SocketSlashCommandResult,
  SocketClickButtonInput,
  SocketClickButtonResult
} from "./interactions.js"
export type {
  DisconnectReason,
  EnvelopeType,
  SocketAck,
  SocketConnectionRecord,
  SocketEnvelopeRecord,
  SocketModeOptions
} from "./socketMode.js"
export type { Fault, FaultKind } from "./faults.js"
export { DEFAULT_METHOD_RATE_LIMITS, type MethodRateLimit, type RateLimitOptions } from "./rateLimit.js"
export type { MessageMetadata, MetadataQuery } from "./metadata.js"
export { HISTORY_DEFAULT_LIMIT, HISTORY_MAX_LIMIT } from "./history.js"
export type { FoundButton, ButtonQuery } from "./buttons.js"
export type { Block, Json, JsonObject } from "./json.js"
export { BlockKitLimits } from "./blockKitLimits.js"
export { validateBlocks, cumulativeBlockText } from "./blockKitValidation.js"
export { renderText, renderMessage, mrkdwnToText, type RenderOptions } from "./render.js"
export { signSlackRequest, isValidSlackSignature, signatureBaseString, signedHeaders } from "./signing.js"
export { blockActionsPayload, formEncode, interactionBody, slackJson } from "./payloads.js"
