// JSON values as they travel on the wire; blocks are kept loose on purpose: the emulator
// must accept (and then judge) whatever a client sends, not only well-typed Block Kit.
export type Json = null | boolean | number | string | ReadonlyArray<Json> | { readonly [key: string]: Json }
export type JsonObject = { [key: string]: Json }

/** A Block Kit block as posted (`type` plus any fields). */
export type Block = { type: string; block_id?: string; [key: string]: Json | undefined }

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** Deep copy so callers can never mutate the emulator's records. */
export const clone = <A>(value: A): A => structuredClone(value)
