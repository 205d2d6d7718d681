/**
 * Helpers for decoding Workato's JSON leniently (internal).
 *
 * A list page of 1,000 jobs decodes some 16,000 keys, so they are written for
 * speed too (measured by `pnpm bench --only 4`): structs keep unknown keys with
 * an index signature, and the unions of nullable keys try `null` first.
 */
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"

/** Every (string) key the struct does not declare, kept as it is: JSON has no other keys. */
const UnknownKeys = Schema.Record({ key: Schema.String, value: Schema.Unknown })

/**
 * `Schema.Struct(fields)` that keeps unknown keys on decode instead of
 * dropping them, so a field Workato adds later is still reachable without a
 * release of this library. They are kept on the value, not in the static
 * type: the result is typed as the plain struct.
 *
 * Why an index signature rather than `onExcessProperty: "preserve"`: preserve
 * matches every input key against the union of the declared keys (each miss
 * allocates an issue), on both sides of a struct with optional-key
 * transformations; the index signature checks a key once against `string`.
 * Same decoded value, a fraction of the time.
 */
export const lenientStruct = <Fields extends Schema.Struct.Fields>(fields: Fields): Schema.Struct<Fields> =>
  Schema.Struct(fields, UnknownKeys) as unknown as Schema.Struct<Fields>

/**
 * An optional key that may also be `null`; both decode to `null`, so the key
 * is always present (`optionalWith(NullOr(schema), { default })` with `null`
 * tried first: most such keys are `null` on the wire).
 */
export const nullable = <A, I, R>(schema: Schema.Schema<A, I, R>) =>
  Schema.optionalToRequired(
    Schema.Union(Schema.Null, Schema.Undefined, schema),
    Schema.Union(Schema.Null, Schema.typeSchema(schema)),
    {
      decode: (value) => Option.getOrUndefined(value) ?? null,
      encode: Option.some
    }
  ).pipe(Schema.withConstructorDefault(() => null))

/**
 * An optional key; an explicit `null` counts as absent
 * (`optionalWith(schema, { nullable: true, exact: true })` with `null` tried first).
 */
export const optional = <A, I, R>(schema: Schema.Schema<A, I, R>) =>
  Schema.optionalToOptional(Schema.Union(Schema.Null, schema), Schema.typeSchema(schema), {
    decode: Option.filter((value): value is A => value !== null),
    encode: (value) => value
  })

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
