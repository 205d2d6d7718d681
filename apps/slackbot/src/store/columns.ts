/**
 * Column schemas shared by the store's row schemas, portable between SQLite and PostgreSQL:
 * BIGINT columns (epoch millis, recipe ids) may come back as numbers (SQLite) or strings
 * (PostgreSQL's int8), flags are stored as 0/1 integers, JSON as text.
 */
import { Schema } from "effect"

/** A BIGINT column: a number, or a string of digits from drivers that keep int8 exact. */
export const BigIntColumn = Schema.Union(Schema.Number, Schema.NumberFromString)

/** A 0/1 INTEGER column as a boolean. */
export const Flag = Schema.transform(Schema.Number, Schema.Boolean, {
  strict: true,
  decode: (n) => n !== 0,
  encode: (b) => (b ? 1 : 0)
})

/** Block Kit JSON kept as text. */
export const BlocksJson = Schema.parseJson(Schema.Array(Schema.Unknown))

/** Splits a list for statements with many bound parameters (SQLite caps them per statement). */
export function* chunks<A>(items: ReadonlyArray<A>, size: number): Generator<readonly [ReadonlyArray<A>, number]> {
  for (let i = 0; i < items.length; i += size) yield [items.slice(i, i + size), i] as const
}
