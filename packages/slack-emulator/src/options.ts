import type { LongTextPolicy } from "./messageContent.js"
import { DEFAULT_METHOD_RATE_LIMITS, type MethodRateLimit, type RateLimitOptions } from "./rateLimit.js"
import type { SocketModeOptions } from "./socketMode.js"

export interface ChannelInfo {
  readonly id: string
  readonly name: string
}
export interface UserInfo {
  readonly id: string
  readonly name: string
}

export interface SlackEmulatorOptions {
  /** Default 0 (any free port). */
  readonly port?: number
  /** Default "127.0.0.1". */
  readonly host?: string
  /** Bot token the Web API accepts (Bearer or `token` field). Default "xoxb-emulator". */
  readonly botToken?: string
  /**
   * App-level token (Socket Mode): the only token apps.connections.open accepts, and only as
   * `Authorization: Bearer`. Every other method refuses it (not_allowed_token_type). Default "xapp-emulator".
   */
  readonly appToken?: string
  /** Socket Mode server pings and connection limit. */
  readonly socketMode?: SocketModeOptions
  /** Secret used to sign requests sent to the bot. Default "emulator-signing-secret". */
  readonly signingSecret?: string
  /** Legacy verification token put in the `token` field of payloads. Default "emulator-verification-token". */
  readonly verificationToken?: string
  readonly teamId?: string
  readonly teamDomain?: string
  readonly teamName?: string
  readonly botUserId?: string
  readonly botId?: string
  readonly appId?: string
  /** Per-channel chat.postMessage limit; false disables 429s. Default { perChannelPerSecond: 1 }. */
  readonly rateLimit?: RateLimitOptions | false
  /**
   * Per-method tier limits (per app and workspace) → HTTP 429 + Retry-After; false disables.
   * Default DEFAULT_METHOD_RATE_LIMITS: conversations.history Tier 3, 50 per minute.
   */
  readonly methodRateLimits?: Readonly<Record<string, MethodRateLimit>> | false
  /** Clock in epoch ms for rate limits, ts values, response_url expiry and request timestamps. Default Date.now. */
  readonly now?: () => number
  /** Known channels (ids, or id+name); others → channel_not_found. Default: DEFAULT_CHANNELS. */
  readonly channels?: ReadonlyArray<string | ChannelInfo>
  /** Accept any channel id, creating it on first use. Default false. */
  readonly autoCreateChannels?: boolean
  /** Known users (ids, or id+name) for chat.postEphemeral. Default: DEFAULT_USERS. Users who run a command or click are added. */
  readonly users?: ReadonlyArray<string | UserInfo>
  /** Top-level text over 40,000 chars: "reject" → msg_too_long (default), "truncate" → Slack's documented truncation with warning. */
  readonly longText?: LongTextPolicy
  /** Cumulative block text before msg_blocks_too_long (default 12,000); false disables. */
  readonly cumulativeBlockTextLimit?: number | false
  /** response_url limits (Slack: 5 uses within 30 minutes). */
  readonly responseUrl?: { readonly maxUses?: number; readonly ttlMillis?: number }
}

export const DEFAULT_CHANNELS: ReadonlyArray<ChannelInfo> = [
  { id: "C0ALERTS", name: "workato-alerts" },
  { id: "C0OPS", name: "ops" },
  { id: "C0GENERAL", name: "general" }
]

export const DEFAULT_USERS: ReadonlyArray<UserInfo> = [
  { id: "U0ALICE", name: "alice" },
  { id: "U0BOB", name: "bob" },
  { id: "U0CAROL", name: "carol" }
]

export interface EmulatorConfig {
  readonly port: number
  readonly host: string
  readonly botToken: string
  readonly appToken: string
  readonly socketMode: SocketModeOptions
  readonly signingSecret: string
  readonly verificationToken: string
  readonly teamId: string
  readonly teamDomain: string
  readonly teamName: string
  readonly botUserId: string
  readonly botId: string
  readonly appId: string
  readonly rateLimit: RateLimitOptions | false
  readonly methodRateLimits: Readonly<Record<string, MethodRateLimit>> | false
  readonly now: () => number
  readonly channels: ReadonlyArray<ChannelInfo>
  readonly autoCreateChannels: boolean
  readonly users: ReadonlyArray<UserInfo>
  readonly longText: LongTextPolicy
  readonly cumulativeBlockTextLimit: number | false
  readonly responseUrlMaxUses: number
  readonly responseUrlTtlMillis: number
}

const channelInfo = (c: string | ChannelInfo): ChannelInfo =>
  typeof c === "string" ? { id: c, name: c.toLowerCase() } : c
const userInfo = (u: string | UserInfo): UserInfo => (typeof u === "string" ? { id: u, name: u.toLowerCase() } : u)

export const resolveOptions = (options: SlackEmulatorOptions = {}): EmulatorConfig => ({
  port: options.port ?? 0,
  host: options.host ?? "127.0.0.1",
  botToken: options.botToken ?? "xoxb-emulator",
  appToken: options.appToken ?? "xapp-emulator",
  socketMode: options.socketMode ?? {},
  signingSecret: options.signingSecret ?? "emulator-signing-secret",
  verificationToken: options.verificationToken ?? "emulator-verification-token",
  teamId: options.teamId ?? "T0EMULATOR",
  teamDomain: options.teamDomain ?? "emulator",
  teamName: options.teamName ?? "Emulator Workspace",
  botUserId: options.botUserId ?? "U0EMUBOT",
  botId: options.botId ?? "B0EMUBOT",
  appId: options.appId ?? "A0EMUAPP",
  rateLimit: options.rateLimit ?? { perChannelPerSecond: 1 },
  methodRateLimits: options.methodRateLimits ?? DEFAULT_METHOD_RATE_LIMITS,
  now: options.now ?? Date.now,
  channels: (options.channels ?? DEFAULT_CHANNELS).map(channelInfo),
  autoCreateChannels: options.autoCreateChannels ?? false,
  users: (options.users ?? DEFAULT_USERS).map(userInfo),
  longText: options.longText ?? "reject",
  cumulativeBlockTextLimit: options.cumulativeBlockTextLimit ?? 12_000,
  responseUrlMaxUses: options.responseUrl?.maxUses ?? 5,
  responseUrlTtlMillis: options.responseUrl?.ttlMillis ?? 30 * 60 * 1000
})
