import { createRequire } from "node:module"
import { fileURLToPath } from "node:url"

/**
 * The real @slack/web-api WebClient, without making it a dependency of the emulator (which
 * must stay node-only): it is installed for apps/slackbot as part of @slack/bolt, which
 * re-exports it as `webApi`. Falls back to pnpm's hidden hoisting directory.
 */
const require = createRequire(import.meta.url)
const fromRepo = (relative: string): string => fileURLToPath(new URL(relative, import.meta.url))

/** @slack/bolt, resolved where the bot has it installed (or from pnpm's hidden hoisting). */
export const loadBolt = (): unknown => {
  try {
    return require(require.resolve("@slack/bolt", { paths: [fromRepo("../../../apps/slackbot/")] }))
  } catch {
    return require(require.resolve("@slack/bolt", { paths: [fromRepo("../../../node_modules/.pnpm/node_modules/")] }))
  }
}

/** @slack/socket-mode, a dependency of @slack/bolt: resolved next to it, like the bolt tests do. */
export const loadSocketMode = (): unknown => {
  const bolt = (() => {
    try {
      return require.resolve("@slack/bolt", { paths: [fromRepo("../../../apps/slackbot/")] })
    } catch {
      return require.resolve("@slack/bolt", { paths: [fromRepo("../../../node_modules/.pnpm/node_modules/")] })
    }
  })()
  return require(require.resolve("@slack/socket-mode", { paths: [bolt] }))
}

const loadWebApi = (): WebApiModule => (loadBolt() as { webApi: WebApiModule }).webApi

// The slice of @slack/web-api 8.x the tests use (typed locally: the package is not ours to import types from).
export interface WebApiResult {
  readonly ok: boolean
  readonly [key: string]: unknown
}
export interface WebClient {
  apiCall(method: string, args?: Record<string, unknown>): Promise<WebApiResult>
  /** Follows response_metadata.next_cursor until it is empty. */
  paginate(method: string, args?: Record<string, unknown>): AsyncIterable<WebApiResult>
  readonly auth: { test(): Promise<WebApiResult> }
  readonly chat: {
    postMessage(args: Record<string, unknown>): Promise<WebApiResult>
    update(args: Record<string, unknown>): Promise<WebApiResult>
    postEphemeral(args: Record<string, unknown>): Promise<WebApiResult>
    delete(args: Record<string, unknown>): Promise<WebApiResult>
  }
  readonly conversations: { history(args: Record<string, unknown>): Promise<WebApiResult> }
}
export interface WebClientOptions {
  slackApiUrl: string
  retryConfig?: { retries: number; minTimeout?: number; maxTimeout?: number }
  rejectRateLimitedCalls?: boolean
  timeout?: number
  logger?: SilentLogger
}
export type SilentLogger = Record<"debug" | "info" | "warn" | "error" | "setLevel" | "getLevel" | "setName", (...args: Array<unknown>) => unknown>
export const silent: SilentLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => "error",
  setName: () => undefined
}
export interface WebApiModule {
  readonly WebClient: new (token?: string, options?: WebClientOptions) => WebClient
  readonly ErrorCode: Record<string, string>
  readonly LogLevel: Record<string, string>
}

export const webApi: WebApiModule = loadWebApi()

/** A WebClient pointed at the emulator that fails fast (no retries) and logs nothing. */
export const clientFor = (apiUrl: string, token: string | undefined, options: Partial<WebClientOptions> = {}): WebClient =>
  new webApi.WebClient(token, {
    slackApiUrl: apiUrl,
    retryConfig: { retries: 0 },
    timeout: 5000,
    logger: silent,
    ...options
  })

/** The platform error of a rejected WebClient call (`data.error`, e.g. "invalid_blocks"). */
export const platformError = async (call: Promise<unknown>): Promise<{ code: string; data: Record<string, unknown> }> => {
  try {
    await call
  } catch (error) {
    const e = error as { code?: string; data?: Record<string, unknown> }
    return { code: e.code ?? "", data: e.data ?? {} }
  }
  throw new Error("expected the call to fail")
}
