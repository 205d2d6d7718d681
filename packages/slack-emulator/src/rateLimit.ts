/**
 * chat.postMessage's special limit: about one message per second per channel, short bursts
 * allowed (docs.slack.dev/apis/web-api/rate-limits). A token bucket per channel: `burst`
 * tokens, refilled at `perChannelPerSecond`. Time comes from the emulator's clock, so a
 * test can cross the limit and then advance virtual time instead of sleeping.
 */
export interface RateLimitOptions {
  /** Sustained messages per second per channel. Default 1. */
  readonly perChannelPerSecond: number
  /** Messages accepted back-to-back before 429s start. Default max(1, perChannelPerSecond). */
  readonly burst?: number
}

export type RateDecision = { readonly ok: true } | { readonly ok: false; readonly retryAfterSeconds: number }

interface Bucket {
  tokens: number
  at: number
}

export class ChannelRateLimiter {
  private readonly buckets = new Map<string, Bucket>()
  private readonly rate: number
  private readonly capacity: number

  constructor(options: RateLimitOptions, private readonly now: () => number) {
    if (!(options.perChannelPerSecond > 0)) throw new Error("rateLimit.perChannelPerSecond must be > 0")
    this.rate = options.perChannelPerSecond
    this.capacity = Math.max(1, options.burst ?? Math.max(1, options.perChannelPerSecond))
  }

  /** Takes one token for `channel` if available, else says how long to wait (whole seconds, ≥ 1). */
  take(channel: string): RateDecision {
    const now = this.now()
    const bucket = this.buckets.get(channel) ?? { tokens: this.capacity, at: now }
    const elapsedSeconds = Math.max(0, now - bucket.at) / 1000
    bucket.tokens = Math.min(this.capacity, bucket.tokens + elapsedSeconds * this.rate)
    bucket.at = now
    this.buckets.set(channel, bucket)
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1
      return { ok: true }
    }
    // Retry-After is whole seconds on the wire; round up so a retry at that time succeeds.
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.rate)) }
  }

  reset(): void {
    this.buckets.clear()
  }
}

/** A Web API tier limit for one method: `perMinute` sustained, `burst` back-to-back (default perMinute). */
export interface MethodRateLimit {
  readonly perMinute: number
  readonly burst?: number
}

/**
 * Slack's per-method tiers (docs.slack.dev/apis/web-api/rate-limits), counted per app and
 * workspace: one bucket per listed method, on the emulator clock. conversations.history is
 * Tier 3 ("50+ per minute") for internal and Marketplace apps.
 */
export const DEFAULT_METHOD_RATE_LIMITS: Readonly<Record<string, MethodRateLimit>> = {
  "conversations.history": { perMinute: 50 }
}

export class MethodRateLimiter {
  private readonly limiters = new Map<string, ChannelRateLimiter>()

  constructor(limits: Readonly<Record<string, MethodRateLimit>>, now: () => number) {
    for (const [method, limit] of Object.entries(limits)) {
      if (!(limit.perMinute > 0)) throw new Error(`methodRateLimits["${method}"].perMinute must be > 0`)
      this.limiters.set(method, new ChannelRateLimiter({ perChannelPerSecond: limit.perMinute / 60, burst: limit.burst ?? limit.perMinute }, now))
    }
  }

  take(method: string): RateDecision {
    const limiter = this.limiters.get(method)
    return limiter === undefined ? { ok: true } : limiter.take(method)
  }

  reset(): void {
    for (const limiter of this.limiters.values()) limiter.reset()
  }
}
