/**
 * The store's one error policy: a database error (or a row that does not decode) is an
 * operational defect, not something a Slack user can act on, so every store method dies on
 * it instead of returning a typed error. Applied once, to each store service's whole API.
 */
import { Effect } from "effect"

type Dead<T> = {
  readonly [K in keyof T]: T[K] extends (...args: infer P) => Effect.Effect<infer A, infer _E, infer R>
    ? (...args: P) => Effect.Effect<A, never, R>
    : T[K] extends Effect.Effect<infer A, infer _E, infer R> ? Effect.Effect<A, never, R>
    : T[K]
}

export const dieOnStoreErrors = <T extends Record<string, unknown>>(api: T): Dead<T> =>
  Object.fromEntries(
    Object.entries(api).map(([name, member]) => [
      name,
      Effect.isEffect(member)
        ? Effect.orDie(member)
        : typeof member === "function"
        ? (...args: Array<unknown>) => Effect.orDie((member as (...a: Array<unknown>) => Effect.Effect<unknown, unknown>)(...args))
        : member
    ])
  ) as Dead<T>
