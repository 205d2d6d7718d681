import { assert, describe, it } from "vitest"
import * as Margin from "../src/internal/quota/margin.js"

const window = 1000
const answeredTimes = (m: Margin.Margin, rtts: ReadonlyArray<number>) => rtts.reduce(Margin.answered, m)

describe("the safety margin", () => {
  it("starts with a cold-start allowance (a tenth of a window, at most 250 ms) until as many answers as fly at once", () => {
    assert.strictEqual(Margin.millis(Margin.initial, window, 2), 1 + 100)
    assert.strictEqual(Margin.millis(Margin.initial, 60_000, 2), 1 + 250)
    const one = answeredTimes(Margin.initial, [300])
    assert.strictEqual(Margin.millis(one, window, 2), 1 + 100)
    const two = answeredTimes(Margin.initial, [300, 300])
    assert.strictEqual(Margin.millis(two, window, 2), 1)
  })

  it("covers how late requests reached the HTTP client: the worst of the last window's sends, at least the last 16", () => {
    const warm = answeredTimes(Margin.initial, [300, 300])
    const late = Margin.sent(Margin.sent(warm, 40, 0, window), 3, 10, window)
    assert.strictEqual(Margin.millis(late, window, 2), 1 + 40)
    // 16 more sends within the window: the late one is still remembered (it holds back a send one window later).
    const busy = Array.from({ length: 16 }, (_, i) => 20 + i).reduce((m, at) => Margin.sent(m, 2, at, window), late)
    assert.strictEqual(Margin.millis(busy, window, 2), 1 + 40)
    // A window later and 16 sends on, it is forgotten.
    const later = Array.from({ length: 16 }, (_, i) => 2_000 + i).reduce((m, at) => Margin.sent(m, 2, at, window), busy)
    assert.strictEqual(Margin.millis(later, window, 2), 1 + 2)
    // A minute's window remembers a minute of sends.
    const minute = Array.from({ length: 100 }, (_, i) => 1_000 + i * 100).reduce(
      (m, at) => Margin.sent(m, 1, at, 60_000),
      Margin.sent(warm, 250, 0, 60_000)
    )
    assert.strictEqual(Margin.millis(minute, 60_000, 2), 1 + 250)
  })

  it("counts the round trips' spread, trusting it less with each answer without a 429 (down to a quarter)", () => {
    const jittery = answeredTimes(Margin.initial, [200, 800, 200, 800])
    assert.strictEqual(Margin.meanDeviation(jittery.rtts), 300)
    assert.strictEqual(Margin.millis(jittery, window, 2), Math.ceil(1 + 300 * 0.97 ** 4))
    const later = answeredTimes(jittery, Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? 200 : 800)))
    assert.strictEqual(later.trust, 0.25)
    assert.strictEqual(Margin.millis(later, window, 2), 1 + 75)
  })

  it("a 429 trusts the spread fully again and doubles the penalty, once per window however many 429s it holds", () => {
    const calm = answeredTimes(Margin.initial, Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? 200 : 800)))
    const first = Margin.throttled(calm, 500, window, 10_000)
    assert.strictEqual(first.trust, 1)
    assert.strictEqual(first.penaltyMillis, 50) // a quarter of the mean round trip, at most a twentieth of the window
    const sameWindow = [10_001, 10_002, 10_003].reduce((m, at) => Margin.throttled(m, 500, window, at), first)
    assert.strictEqual(sameWindow.penaltyMillis, 50)
    const nextWindow = Margin.throttled(sameWindow, 500, window, 11_000)
    assert.strictEqual(nextWindow.penaltyMillis, 100)
  })

  it("the penalty decays by a tenth per answer and is dropped below 1 ms", () => {
    const throttled = Margin.throttled(Margin.initial, 0, window, 0)
    assert.strictEqual(throttled.penaltyMillis, 10)
    const decayed = answeredTimes(throttled, Array(22).fill(0))
    assert.strictEqual(decayed.penaltyMillis, 0)
  })
})
