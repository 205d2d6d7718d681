import type { Json, JsonObject } from "./json.js"
import { formatMicros } from "./timestamps.js"

/**
 * conversations.history paging as docs.slack.dev/reference/methods/conversations.history
 * describes it: messages between `oldest` and `latest` (bounds excluded unless `inclusive`),
 * newest first, at most `limit` (default 100, "Maximum of 999"; larger values are clamped),
 * `has_more` when the range holds more, and a cursor in `response_metadata.next_cursor`
 * shaped like Slack's (base64 of `next_ts:<ts digits>`) that continues after the page.
 */
export const HISTORY_DEFAULT_LIMIT = 100
export const HISTORY_MAX_LIMIT = 999

export interface HistoryQuery {
  /** Exclusive (inclusive with `inclusive`) bounds, in ts micros. */
  readonly oldest: bigint | undefined
  readonly latest: bigint | undefined
  readonly inclusive: boolean
  readonly limit: number
  /** Start here (inclusive), from a cursor. */
  readonly from: bigint | undefined
  readonly includeAllMetadata: boolean
}

export type HistoryArgs =
  | { readonly ok: true; readonly query: HistoryQuery }
  | { readonly ok: false; readonly error: "invalid_ts_oldest" | "invalid_ts_latest" | "invalid_cursor" }

/** "1700000000.000100" or "1700000000" (or a number) → micros; undefined when malformed. */
export const tsMicros = (value: Json | undefined): bigint | undefined => {
  const text = typeof value === "number" ? String(value) : value
  if (typeof text !== "string") return undefined
  const match = /^(\d{1,12})(?:\.(\d{1,6}))?$/.exec(text.trim())
  if (match === null) return undefined
  return BigInt(match[1]!) * 1_000_000n + BigInt((match[2] ?? "").padEnd(6, "0"))
}

const flag = (value: Json | undefined): boolean => value === true || value === 1 || value === "true" || value === "1"

const encodeCursor = (micros: bigint): string => Buffer.from(`next_ts:${micros}`).toString("base64")

const decodeCursor = (cursor: string): bigint | undefined => {
  const match = /^next_ts:(\d+)$/.exec(Buffer.from(cursor, "base64").toString("utf8"))
  return match === null ? undefined : BigInt(match[1]!)
}

const present = (value: Json | undefined): boolean => value !== undefined && value !== null && value !== ""

export const parseHistoryArgs = (args: Readonly<Record<string, Json>>): HistoryArgs => {
  const oldest = present(args["oldest"]) ? tsMicros(args["oldest"]) : undefined
  if (present(args["oldest"]) && oldest === undefined) return { ok: false, error: "invalid_ts_oldest" }
  const latest = present(args["latest"]) ? tsMicros(args["latest"]) : undefined
  if (present(args["latest"]) && latest === undefined) return { ok: false, error: "invalid_ts_latest" }
  const cursor = args["cursor"]
  const from = typeof cursor === "string" && cursor !== "" ? decodeCursor(cursor) : undefined
  if (present(cursor) && from === undefined) return { ok: false, error: "invalid_cursor" }
  const requested = Number(args["limit"])
  const limit = present(args["limit"]) && Number.isFinite(requested) && requested >= 1
    ? Math.min(HISTORY_MAX_LIMIT, Math.floor(requested))
    : HISTORY_DEFAULT_LIMIT
  return {
    ok: true,
    query: { oldest, latest, inclusive: flag(args["inclusive"]), limit, from, includeAllMetadata: flag(args["include_all_metadata"]) }
  }
}

/** One page of `messages` (oldest first, as stored) for the query; `wire` renders a message as Slack returns it. */
export const historyPage = <M extends { readonly ts: string }>(
  messages: ReadonlyArray<M>,
  query: HistoryQuery,
  wire: (message: M) => JsonObject
): JsonObject => {
  const inRange = (micros: bigint): boolean =>
    (query.oldest === undefined || (query.inclusive ? micros >= query.oldest : micros > query.oldest)) &&
    (query.latest === undefined || (query.inclusive ? micros <= query.latest : micros < query.latest)) &&
    (query.from === undefined || micros <= query.from)
  const page: Array<M> = []
  let next: bigint | undefined
  for (let i = messages.length - 1; i >= 0 && next === undefined; i--) {
    const message = messages[i]!
    const micros = tsMicros(message.ts)!
    if (!inRange(micros)) continue
    if (page.length < query.limit) page.push(message)
    else next = micros
  }
  const body: JsonObject = {
    messages: page.map((message) => {
      const { metadata, ...rest } = wire(message)
      // Metadata comes back only when asked for (slack-go #1139: "include_all_metadata param is needed to get metadata").
      return query.includeAllMetadata && metadata !== undefined ? { ...rest, metadata } : rest
    }),
    has_more: next !== undefined,
    pin_count: 0,
    channel_actions_ts: null,
    channel_actions_count: 0
  }
  if (query.latest !== undefined) body["latest"] = formatMicros(query.latest)
  if (next !== undefined) body["response_metadata"] = { next_cursor: encodeCursor(next) }
  return body
}
