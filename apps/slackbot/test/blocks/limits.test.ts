import { describe, expect, it } from "vitest"
import { formatDuration, slackDate } from "../../src/blocks/dates.js"
import { clean, link, mention, mrkdwnEscaped, safeUrl, truncate } from "../../src/blocks/limits.js"
import { checkMrkdwn } from "./checkLimits.js"
import { nasty } from "./fixtures.js"

const wellFormed = (s: string) => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s)

describe("truncate", () => {
  it("returns strings that fit unchanged", () => {
    expect(truncate("hello", 5)).toBe("hello")
  })

  it("never splits a surrogate pair, a ZWJ emoji or a flag, at any cut point", () => {
    const s = "a😀b👩‍👩‍👧‍👦c🇫🇷d😀😀😀e"
    for (let max = 0; max <= s.length + 1; max++) {
      const t = truncate(s, max)
      expect(t.length).toBeLessThanOrEqual(Math.max(max, 0))
      expect(wellFormed(t)).toBe(true)
      const body = t.endsWith("…") ? t.slice(0, -1) : t
      expect(s.startsWith(body)).toBe(true)
      expect(body.endsWith("\u200D")).toBe(false)
      // Graphemes are whole: the next character of s after the cut starts a new grapheme.
      const seg = [...new Intl.Segmenter("en", { granularity: "grapheme" }).segment(s)].map((x) => x.index)
      expect(seg.includes(body.length) || body.length === s.length).toBe(true)
    }
  })

  it("3,000 emoji cut to 75 stay well-formed", () => {
    const t = truncate("😀".repeat(3000), 75)
    expect(t.length).toBeLessThanOrEqual(75)
    expect(wellFormed(t)).toBe(true)
  })
})

describe("mrkdwnEscaped", () => {
  it("escapes &, < and > only", () => {
    expect(mrkdwnEscaped("a < b && c > *d* _e_ ~f~", 100)).toBe("a &lt; b &amp;&amp; c &gt; *d* _e_ ~f~")
  })

  it("neutralises mentions and links in user text", () => {
    expect(mrkdwnEscaped("<!channel> <@U123> <https://evil|x>", 100)).toBe("&lt;!channel&gt; &lt;@U123&gt; &lt;https://evil|x&gt;")
  })

  it("never cuts an entity, whatever the limit", () => {
    const raw = "<&>".repeat(100)
    for (let max = 1; max <= 60; max++) {
      const t = mrkdwnEscaped(raw, max)
      expect(t.length).toBeLessThanOrEqual(max)
      expect(checkMrkdwn(t)).toEqual([])
    }
  })

  it("cleans adversarial text: lone surrogates, controls, newlines", () => {
    for (let seed = 0; seed < 50; seed++) {
      const t = mrkdwnEscaped(nasty(500, seed), 200)
      expect(t.length).toBeLessThanOrEqual(200)
      expect(wellFormed(t)).toBe(true)
      expect(t).not.toMatch(/[\u0000\n]/)
      expect(checkMrkdwn(t)).toEqual([])
    }
    expect(clean("a\uD800b")).toBe("a\uFFFDb")
  })
})

describe("links and mentions", () => {
  it("links http(s) URLs, escaping what would break the link", () => {
    expect(link("https://x.io/a?b=1&c=2|3", "T<i>tle")).toBe("<https://x.io/a?b=1&amp;c=2%7C3|T&lt;i&gt;tle>")
    expect(safeUrl("javascript:alert(1)")).toBeUndefined()
    expect(safeUrl("https://x.io/a b")).toBeUndefined()
    expect(link("https://x.io/" + "a".repeat(2000), "label")).toBe("label")
  })

  it("mentions only real-looking user ids", () => {
    expect(mention("U0123ABC")).toBe("<@U0123ABC>")
    expect(mention("<!channel>")).toBe("&lt;!channel&gt;")
  })
})

describe("dates", () => {
  it("formats a Slack date token with a UTC fallback", () => {
    expect(slackDate("2025-03-10T12:00:30Z")).toBe("<!date^1741608030^{date_short_pretty} {time}|2025-03-10 12:00 UTC>")
    expect(slackDate("not a date <x>")).toBe("not a date &lt;x&gt;")
    expect(slackDate(null)).toBe("unknown time")
  })

  it("formats durations with their two largest units", () => {
    expect(formatDuration(350)).toBe("350 ms")
    expect(formatDuration(45_000)).toBe("45 seconds")
    expect(formatDuration(83_000)).toBe("1 minute 23 seconds")
    expect(formatDuration(2 * 3_600_000 + 5 * 60_000 + 7_000)).toBe("2 hours 5 minutes")
    expect(formatDuration(86_400_000 + 30_000)).toBe("1 day")
    expect(formatDuration(-1)).toBe("unknown")
  })
})
