// Injected faults: a queue of one-shot (or n-shot) misbehaviours, matched by route in order.
import type { FaultKind, FaultSpec, RouteName } from "./types.js"

export interface ActiveFault {
  readonly kind: FaultKind
  readonly retryAfter: string
  readonly delayMs: number
}

const KINDS: ReadonlyArray<FaultKind> = [
  "status500", "status503", "status429", "status401", "status403", "invalidJson", "drop", "dropAfterApply", "hang", "hangAfterApply"
]
const ROUTES: ReadonlyArray<RouteName | "any"> = ["list", "get", "resume", "repeat", "cancel", "recipes", "recipe", "any"]

/** Throws on a spec the sim cannot honour (useful over the HTTP control API). */
export const checkFault = (spec: FaultSpec): void => {
  if (!ROUTES.includes(spec.route)) throw new Error(`Unknown fault route: ${String(spec.route)}`)
  if (!KINDS.includes(spec.kind)) throw new Error(`Unknown fault kind: ${String(spec.kind)}`)
  if (spec.times !== undefined && !(Number.isInteger(spec.times) && spec.times > 0)) throw new Error(`times must be a positive integer`)
}

/** Whether a fault kind lets the request take effect before misbehaving. */
export const appliesFirst = (kind: FaultKind): boolean => kind === "dropAfterApply" || kind === "hangAfterApply"

export class Faults {
  private readonly queue: Array<{ spec: FaultSpec; remaining: number }> = []

  inject(spec: FaultSpec): void {
    checkFault(spec)
    this.queue.push({ spec, remaining: spec.times ?? 1 })
  }

  clear(): void {
    this.queue.length = 0
  }

  /** Faults still armed, with how many hits remain. */
  pending(): ReadonlyArray<FaultSpec & { readonly remaining: number }> {
    return this.queue.map(({ spec, remaining }) => ({ ...spec, remaining }))
  }

  /** Consumes one hit of the first fault matching this route. */
  take(route: RouteName): ActiveFault | undefined {
    const index = this.queue.findIndex((f) => f.spec.route === route || f.spec.route === "any")
    if (index < 0) return undefined
    const entry = this.queue[index]!
    entry.remaining -= 1
    if (entry.remaining <= 0) this.queue.splice(index, 1)
    return { kind: entry.spec.kind, retryAfter: String(entry.spec.retryAfter ?? "1"), delayMs: entry.spec.delayMs ?? 0 }
  }
}
