/**
 * Block Kit limits (docs.slack.dev block/element reference, @slack/types doc comments)
 * and the small text helpers that keep every rendered string inside them.
 *
 * Lengths are measured in UTF-16 code units (`string.length`): never less than the
 * number of characters Slack counts, so a string within a limit here is within it there.
 */
import type { AnyBlock, Mrkdwn, PlainText } from "./types.js"

export const Limits = {
  blocksPerMessage: 50,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  actionId: 255,
  blockId: 255,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  /** Undocumented cumulative limit (`msg_blocks_too_long`), bolt-js #2509 / #2867. */
  totalBlockText: 12000,
  /** Top-level `text`: Slack accepts 40,000, but a notification only needs a summary. */
  fallbackText: 3000
} as const

/**
 * What renderers fill at most, including room reserved for later in-place updates
 * (outcome lines, repeat-all progress). Well under `totalBlockText` because the real
 * limit is undocumented: bolt-js #2867 saw a rejection at 11,341 counted characters.
 */
export const TEXT_BUDGET = 10000

/** Longest URL we put inside an mrkdwn link; longer ones are shown as plain labels. */
export const MAX_LINK_URL = 1000

const ELLIPSIS = "…"

// Node 20 always ships full ICU; the fallback keeps the helpers total without it.
const segmenter: Intl.Segmenter | undefined =
  typeof Intl.Segmenter === "function" ? new Intl.Segmenter("en", { granularity: "grapheme" }) : undefined

/** User-perceived characters: never splits a surrogate pair, an emoji ZWJ sequence or a flag. */
export function* graphemes(s: string): Generator<string> {
  if (segmenter !== undefined) {
    for (const seg of segmenter.segment(s)) yield seg.segment
  } else {
    yield* s
  }
}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g
// C0/C1 controls except tab and newline, and the bidi overrides that can disguise text.
// eslint-disable-next-line no-control-regex
const controls = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g

/** Well-formed UTF-16 without control characters (lone surrogates → U+FFFD). */
export const clean = (s: string): string => s.replace(loneSurrogate, "\uFFFD").replace(controls, "")

/** Collapses all whitespace (newlines included) to single spaces: for one-line labels. */
export const oneLine = (s: string): string => clean(s).replace(/\s+/g, " ").trim()

/**
 * Cuts `s` so that its length (with the ellipsis) is at most `max`, on a grapheme
 * boundary. Strings that fit are returned unchanged.
 */
export const truncate = (s: string, max: number, ellipsis: string = ELLIPSIS): string => {
  if (s.length <= max) return s
  const room = max - ellipsis.length
  if (room < 0) return takeWhole(s, max)
  return takeWhole(s, room) + ellipsis
}

const takeWhole = (s: string, max: number): string => {
  let out = ""
  for (const g of graphemes(s)) {
    if (out.length + g.length > max) break
    out += g
  }
  return out
}

/** The three characters Slack requires escaped in mrkdwn (and nothing else). */
export const escapeMrkdwn = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")

/**
 * Raw user text → escaped mrkdwn of at most `max` characters. Truncation happens on
 * the raw text grapheme by grapheme, so an entity such as `&lt;` is never cut and
 * user text can never form a link, mention or `<!channel>`.
 */
export const mrkdwnEscaped = (raw: string, max: number, opts?: { readonly multiline?: boolean }): string => {
  const text = opts?.multiline === true ? clean(raw).replace(/[ \t]+/g, " ").replace(/\n{3,}/g, "\n\n").trim() : oneLine(raw)
  const whole = escapeMrkdwn(text)
  if (whole.length <= max) return whole
  const room = max - ELLIPSIS.length
  let out = ""
  for (const g of graphemes(text)) {
    const e = escapeMrkdwn(g)
    if (out.length + e.length > room) break
    out += e
  }
  return out + ELLIPSIS
}

/** Inline code for identifiers (job ids): backticks removed so the span cannot be broken. */
export const code = (raw: string, max = 80): string => {
  const inner = mrkdwnEscaped(raw.replace(/`/g, "'"), max - 2)
  return inner === "" ? "" : "`" + inner + "`"
}

/**
 * A URL fit for `<url|label>`: http(s) only, no whitespace, `|`, `<` and `>` percent-
 * encoded and `&` escaped. `undefined` when it cannot be linked safely.
 */
export const safeUrl = (url: string, max: number = MAX_LINK_URL): string | undefined => {
  if (!/^https?:\/\/[^\s]+$/i.test(url)) return undefined
  if (clean(url) !== url) return undefined
  const out = url.replace(/&/g, "&amp;").replace(/</g, "%3C").replace(/>/g, "%3E").replace(/\|/g, "%7C")
  return out.length <= max ? out : undefined
}

/**
 * An mrkdwn link whose label is raw text (escaped and cut to `maxLabel`). Falls back
 * to the label alone when the URL cannot be linked, so the message stays valid.
 */
export const link = (url: string | undefined, rawLabel: string, maxLabel = 150): string => {
  const label = mrkdwnEscaped(rawLabel, maxLabel) || "link"
  const u = url === undefined ? undefined : safeUrl(url)
  return u === undefined ? label : `<${u}|${label}>`
}

/** `<@U123>` for a Slack user id; anything else is shown as inert text. */
export const mention = (userId: string): string =>
  /^[UW][A-Z0-9]{2,40}$/.test(userId) ? `<@${userId}>` : mrkdwnEscaped(userId, 40) || "someone"

export const plain = (text: string, max: number): PlainText => ({
  type: "plain_text",
  text: truncate(oneLine(text), max) || " ",
  emoji: true
})

/** mrkdwn text object; `text` must already be escaped/bounded by the caller. */
export const mrkdwn = (text: string): Mrkdwn => ({ type: "mrkdwn", text, verbatim: true })

export const plural = (n: number, one: string, many: string = one + "s"): string =>
  `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`

/** Every text-object string in the blocks: what the cumulative limit is counted on. */
export const blockTextLength = (blocks: ReadonlyArray<AnyBlock> | ReadonlyArray<unknown>): number => {
  let total = 0
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (const x of v) walk(x)
    } else if (typeof v === "object" && v !== null) {
      const o = v as Record<string, unknown>
      if ((o.type === "plain_text" || o.type === "mrkdwn") && typeof o.text === "string") total += o.text.length
      for (const [k, x] of Object.entries(o)) if (k !== "text" || typeof x !== "string") walk(x)
    }
  }
  walk(blocks)
  return total
}
