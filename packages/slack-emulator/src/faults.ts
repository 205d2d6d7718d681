/**
 * Faults a test can inject into the Web API, e.g. to check that a digest cursor only
 * advances after Slack accepted the message. Each fault applies to the next `times`
 * calls of `method` ("*" = any method), then disappears. Only the `apply…` kinds run the
 * call; every other kind answers (or not) without changing anything.
 */
export type FaultKind =
  /** HTTP 200 `{ok:false, error}` (e.g. "channel_not_found", "token_revoked", "internal_error"). */
  | { readonly kind: "error"; readonly error: string }
  /** HTTP 429 `{ok:false,error:"ratelimited"}` with `Retry-After: retryAfter` seconds. */
  | { readonly kind: "ratelimited"; readonly retryAfter?: number }
  /** Any other HTTP status (e.g. 500, 503) with a small body. */
  | { readonly kind: "status"; readonly status: number; readonly body?: string }
  /** Never answer (until the emulator closes): for client timeout tests. */
  | { readonly kind: "hang" }
  /** Cut the connection without answering, before applying anything. */
  | { readonly kind: "drop" }
  /**
   * Apply the call (the message is posted / updated), then cut the connection without an
   * answer: the client cannot tell whether Slack applied it.
   */
  | { readonly kind: "applyThenDrop" }
  /** Apply the call, then never answer: a client timeout after Slack applied it. */
  | { readonly kind: "applyThenHang" }

export type Fault = FaultKind & {
  /** Web API method name or "*". Default "*". */
  readonly method?: string
  /** How many calls it affects. Default 1. */
  readonly times?: number
}

interface ArmedFault {
  readonly fault: FaultKind
  readonly method: string
  remaining: number
}

export class Faults {
  private readonly armed: Array<ArmedFault> = []

  inject(fault: Fault): void {
    const { method = "*", times = 1, ...kind } = fault
    this.armed.push({ fault: kind as FaultKind, method, remaining: times })
  }

  /** Consumes and returns the first fault armed for this method, if any. */
  take(method: string): FaultKind | undefined {
    const index = this.armed.findIndex((f) => f.method === "*" || f.method === method)
    if (index < 0) return undefined
    const armed = this.armed[index]!
    armed.remaining -= 1
    if (armed.remaining <= 0) this.armed.splice(index, 1)
    return armed.fault
  }

  clear(): void {
    this.armed.length = 0
  }
}
