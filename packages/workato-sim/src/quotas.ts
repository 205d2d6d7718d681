// Per-endpoint-class quotas on the sim clock, as SLIDING windows: a request is accepted when fewer
// than `limit` requests were accepted in the last `windowMs` (entries at exactly now - windowMs have
// left the window). Sliding is the strictest reading of "N per second/minute": a client that never
// gets a 429 here never gets one from a fixed-window server either. Rejected requests do not count.
// Retry-After = ceil((oldest accepted + windowMs - now) / 1000) s, so a client that waits exactly
// that long is accepted.
import type { Quotas, RouteName } from "./types.js"

export type QuotaClass = "repeat" | "cancel" | "other" | "recipes"

export const quotaClassOf = (route: RouteName): QuotaClass =>
  route === "repeat" ? "repeat" : route === "cancel" ? "cancel" : route === "recipes" || route === "recipe" ? "recipes" : "other"

/** Recipes endpoints: "All other Recipes endpoints: 60 requests per minute" (Developer API - Recipes). */
export const DEFAULT_RECIPES_PER_MINUTE = 60

export const DEFAULT_QUOTAS: Quotas = { repeatPerSecond: 1, cancelPerSecond: 1, otherPerMinute: 60, recipesPerMinute: DEFAULT_RECIPES_PER_MINUTE }

export class SlidingWindow {
  private readonly accepted: number[] = []

  constructor(readonly limit: number, readonly windowMs: number) {}

  /** Accepts (and records) a request at `now`, or says how many whole seconds to wait. */
  take(now: number): { readonly ok: true } | { readonly ok: false; readonly retryAfterSeconds: number } {
    while (this.accepted.length > 0 && this.accepted[0]! <= now - this.windowMs) this.accepted.shift()
    if (this.accepted.length < this.limit) {
      this.accepted.push(now)
      return { ok: true }
    }
    const freeAt = this.accepted[0]! + this.windowMs
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((freeAt - now) / 1000)) }
  }
}

/** The four limiters of one workspace (each class has its own window). */
export class QuotaBook {
  private windows: Record<QuotaClass, SlidingWindow> | undefined
  private quotas: Quotas | false = false

  constructor(quotas: Quotas | false) {
    this.set(quotas)
  }

  /** The quotas in force (false = disabled). */
  get current(): Quotas | false {
    return this.quotas
  }

  /** Replaces the quotas; windows start empty. */
  set(quotas: Quotas | false): void {
    this.quotas = quotas
    this.windows = quotas === false
      ? undefined
      : {
          repeat: new SlidingWindow(quotas.repeatPerSecond, 1000),
          cancel: new SlidingWindow(quotas.cancelPerSecond, 1000),
          other: new SlidingWindow(quotas.otherPerMinute, 60_000),
          recipes: new SlidingWindow(quotas.recipesPerMinute ?? DEFAULT_RECIPES_PER_MINUTE, 60_000)
        }
  }

  /** Forgets every past request. */
  reset(): void {
    this.set(this.quotas)
  }

  take(route: RouteName, now: number): { readonly ok: true } | { readonly ok: false; readonly retryAfterSeconds: number } {
    return this.windows ? this.windows[quotaClassOf(route)].take(now) : { ok: true }
  }
}
