import type { Block, Json } from "./json.js"

// What the emulator records, as returned to tests (always copies).

/** How a message came to exist or change. */
export type MessageSource = "chat.postMessage" | "chat.postEphemeral" | "chat.update" | "response_url" | "ack" | "seed"

/** One state of a message after a change. */
export interface MessageVersion {
  readonly at: number
  readonly via: MessageSource
  readonly text: string
  readonly blocks: ReadonlyArray<Block>
}

export interface RecordedMessage {
  readonly channel: string
  readonly ts: string
  readonly thread_ts?: string
  /** Author: the bot user for bot posts, a person for seeded messages. */
  readonly user: string
  readonly bot_id?: string
  readonly app_id?: string
  readonly team: string
  /** Current content (after all updates). */
  readonly text: string
  readonly blocks: ReadonlyArray<Block>
  readonly attachments?: ReadonlyArray<Json>
  readonly metadata?: Json
  readonly via: MessageSource
  readonly postedAt: number
  /** Every change after posting, oldest first; the last one is the current content. */
  readonly updates: ReadonlyArray<MessageVersion>
  readonly deleted: boolean
  readonly deletedAt?: number
}

export interface RecordedEphemeral {
  readonly channel: string
  /** `message_ts` as returned by chat.postEphemeral. */
  readonly ts: string
  /** The only user who sees it. */
  readonly user: string
  readonly thread_ts?: string
  readonly text: string
  readonly blocks: ReadonlyArray<Block>
  readonly attachments?: ReadonlyArray<Json>
  readonly via: MessageSource
  readonly postedAt: number
  readonly updates: ReadonlyArray<MessageVersion>
  readonly deleted: boolean
  readonly deletedAt?: number
}

/** One Web API call as the emulator saw it. */
export interface RecordedCall {
  readonly method: string
  /** Parsed arguments (form or JSON), `blocks`/`attachments`/`metadata` JSON-decoded; token removed. */
  readonly args: Readonly<Record<string, Json>>
  readonly ok: boolean
  readonly error?: string
  /** HTTP status answered (200, or 429 when rate limited, or an injected fault). */
  readonly status: number
  readonly at: number
  readonly contentType: string
  /** Whether Authorization: Bearer was used (vs the `token` field). */
  readonly bearer: boolean
  /** The injected fault that shaped this call, if any (e.g. "applyThenDrop": applied, never answered). */
  readonly fault?: string
}

/** One POST to a response_url the emulator handed out. */
export interface RecordedResponse {
  readonly responseUrl: string
  /** "slash_command" or "block_actions": what the URL was issued for. */
  readonly issuedFor: "slash_command" | "block_actions"
  readonly channel: string
  readonly user: string
  /** Parsed JSON body (raw text when it was not JSON). */
  readonly body: Json
  readonly status: number
  /** What was done: replaced / deleted / posted_ephemeral / posted_in_channel, or the error code. */
  readonly outcome: string
  /** ts of the message or ephemeral that was affected or created. */
  readonly ts?: string
  readonly at: number
}
