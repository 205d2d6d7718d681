/**
 * Input checks for repeat/cancel, done before any request.
 */
import * as Either from "effect/Either"
import { InvalidJobIds } from "../JobsApiError.js"

/** Workato's documented maximum of job ids per repeat request (assumed for cancel too). */
export const maxIdsPerRequest = 25

/** Validates the ids (list of non-blank strings) and drops duplicates, keeping first-seen order. */
export const validate = (jobIds: unknown): Either.Either<ReadonlyArray<string>, InvalidJobIds> => {
  if (!Array.isArray(jobIds)) {
    return Either.left(new InvalidJobIds({ reason: `expected an array of job ids, got ${describe(jobIds)}` }))
  }
  if (jobIds.length === 0) return Either.left(new InvalidJobIds({ reason: "the list is empty" }))
  const unique = new Set<string>()
  for (let i = 0; i < jobIds.length; i++) {
    const id: unknown = jobIds[i]
    if (typeof id !== "string") {
      return Either.left(new InvalidJobIds({ reason: `the id at position ${i} is ${describe(id)}, not a string` }))
    }
    if (id.trim() === "") {
      return Either.left(new InvalidJobIds({ reason: `the id at position ${i} is blank` }))
    }
    unique.add(id)
  }
  return Either.right(Array.from(unique))
}

const describe = (u: unknown): string =>
  u === null ? "null" : Array.isArray(u) ? "an array" : typeof u === "string" ? JSON.stringify(u) : `a ${typeof u}`

export const chunksOf = <A>(items: ReadonlyArray<A>, size: number): ReadonlyArray<ReadonlyArray<A>> => {
  const chunks: Array<ReadonlyArray<A>> = []
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size))
  return chunks
}
