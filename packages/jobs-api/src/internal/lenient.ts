/**
 * Helpers for decoding Workato's JSON leniently (internal).
 */
import * as Schema from "effect/Schema"

/**
 * Keeps unknown keys on decode instead of dropping them, so a field Workato
 * adds later is still reachable without a release of this library.
 */
export const keepUnknownKeys = { parseOptions: { onExcessProperty: "preserve" } } as const

/** An optional key that may also be `null`; both decode to `null`, so the key is always present. */
export const nullable = <A, I, R>(schema: Schema.Schema<A, I, R>) =>
  Schema.optionalWith(Schema.NullOr(schema), { default: () => null })

/** An optional key; an explicit `null` counts as absent. */
export const optional = <A, I, R>(schema: Schema.Schema<A, I, R>) =>
  Schema.optionalWith(schema, { nullable: true, exact: true })

/** Integers (the 2019–2020 id format) decode to their decimal string. */
export const NumberAsString = Schema.transform(Schema.Number, Schema.String, {
  strict: true,
  decode: (n) => String(n),
  encode: (s) => Number(s)
})

/**
 * `string` in the type that keeps editor completion for the literals it is
 * united with (`"failed" | (string & {})`).
 */
export const OtherString = Schema.String as unknown as Schema.Schema<string & {}, string>
