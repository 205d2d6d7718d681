import type { Block, Json } from "./json.js"
import type { ChannelInfo, EmulatorConfig, UserInfo } from "./options.js"
import type { MessageSource, MessageVersion, RecordedEphemeral, RecordedMessage } from "./records.js"
import { TsClock } from "./timestamps.js"

type Mutable<T> = { -readonly [K in keyof T]: T[K] }
export type StoredMessage = Mutable<RecordedMessage> & { updates: Array<MessageVersion> }
export type StoredEphemeral = Mutable<RecordedEphemeral> & { updates: Array<MessageVersion> }

export interface NewContent {
  readonly text: string | undefined
  readonly blocks: ReadonlyArray<Block> | undefined
  readonly attachments?: ReadonlyArray<Json> | undefined
}

/**
 * The emulated workspace: channels, users, channel messages and ephemerals. Pure state;
 * the Web API and response_url handlers decide what is allowed.
 */
export class Workspace {
  private readonly channels = new Map<string, ChannelInfo>()
  private readonly users = new Map<string, UserInfo>()
  private readonly messages: Array<StoredMessage> = []
  private readonly ephemerals: Array<StoredEphemeral> = []
  /** Channels the bot is not a member of (it can still post there: chat:write.public). */
  private readonly botAbsent = new Set<string>()
  readonly tsClock: TsClock

  constructor(private readonly config: EmulatorConfig) {
    for (const c of config.channels) this.channels.set(c.id, c)
    for (const u of config.users) this.users.set(u.id, u)
    this.tsClock = new TsClock(config.now)
  }

  /** Resolves an id (or "#name") to a channel, creating it if configured to. */
  channel(idOrName: string): ChannelInfo | undefined {
    const byId = this.channels.get(idOrName)
    if (byId) return byId
    if (idOrName.startsWith("#")) {
      for (const c of this.channels.values()) if (c.name === idOrName.slice(1)) return c
      return undefined
    }
    if (this.config.autoCreateChannels && idOrName !== "") return this.addChannel(idOrName)
    return undefined
  }

  addChannel(id: string, name?: string): ChannelInfo {
    return upsert(this.channels, id, name)
  }

  isBotMember(channel: string): boolean {
    return !this.botAbsent.has(channel)
  }

  setBotMember(channel: string, member: boolean): void {
    if (member) this.botAbsent.delete(channel)
    else this.botAbsent.add(channel)
  }

  user(id: string): UserInfo | undefined {
    return this.users.get(id)
  }

  addUser(id: string, name?: string): UserInfo {
    return upsert(this.users, id, name)
  }

  postMessage(input: {
    channel: string
    content: NewContent
    user: string
    bot: boolean
    via: MessageSource
    thread_ts?: string | undefined
    metadata?: Json | undefined
  }): StoredMessage {
    const message: StoredMessage = {
      channel: input.channel,
      ts: this.tsClock.next(),
      user: input.user,
      team: this.config.teamId,
      text: input.content.text ?? "",
      blocks: input.content.blocks ?? [],
      via: input.via,
      postedAt: this.config.now(),
      updates: [],
      deleted: false
    }
    if (input.bot) {
      message.bot_id = this.config.botId
      message.app_id = this.config.appId
    }
    if (input.thread_ts !== undefined) message.thread_ts = input.thread_ts
    if (input.content.attachments !== undefined) message.attachments = input.content.attachments
    if (input.metadata !== undefined) message.metadata = input.metadata
    this.messages.push(message)
    return message
  }

  postEphemeral(input: {
    channel: string
    user: string
    content: NewContent
    via: MessageSource
    thread_ts?: string | undefined
  }): StoredEphemeral {
    const ephemeral: StoredEphemeral = {
      channel: input.channel,
      ts: this.tsClock.next(),
      user: input.user,
      text: input.content.text ?? "",
      blocks: input.content.blocks ?? [],
      via: input.via,
      postedAt: this.config.now(),
      updates: [],
      deleted: false
    }
    if (input.thread_ts !== undefined) ephemeral.thread_ts = input.thread_ts
    if (input.content.attachments !== undefined) ephemeral.attachments = input.content.attachments
    this.ephemerals.push(ephemeral)
    return ephemeral
  }

  /** Applies new content; omitted fields keep their value (chat.update semantics). */
  update(target: StoredMessage | StoredEphemeral, content: NewContent, via: MessageSource): void {
    if (content.text !== undefined) target.text = content.text
    if (content.blocks !== undefined) target.blocks = content.blocks
    if (content.attachments !== undefined) target.attachments = content.attachments
    target.updates.push({ at: this.config.now(), via, text: target.text, blocks: target.blocks })
  }

  delete(target: StoredMessage | StoredEphemeral): void {
    target.deleted = true
    target.deletedAt = this.config.now()
  }

  findMessage(channel: string, ts: string): StoredMessage | undefined {
    return this.messages.find((m) => m.channel === channel && m.ts === ts)
  }

  findEphemeral(channel: string, ts: string): StoredEphemeral | undefined {
    return this.ephemerals.find((m) => m.channel === channel && m.ts === ts)
  }

  allMessages(channel?: string): ReadonlyArray<StoredMessage> {
    return channel === undefined ? this.messages : this.messages.filter((m) => m.channel === channel)
  }

  allEphemerals(channel?: string): ReadonlyArray<StoredEphemeral> {
    return channel === undefined ? this.ephemerals : this.ephemerals.filter((m) => m.channel === channel)
  }

  clear(): void {
    this.messages.length = 0
    this.ephemerals.length = 0
  }
}

/** Adds `id` (named `name`, else its old name, else the id in lower case) or renames it. */
const upsert = (known: Map<string, { readonly id: string; readonly name: string }>, id: string, name: string | undefined) => {
  const existing = known.get(id)
  if (existing && (name === undefined || existing.name === name)) return existing
  const info = { id, name: name ?? existing?.name ?? id.toLowerCase() }
  known.set(id, info)
  return info
}
