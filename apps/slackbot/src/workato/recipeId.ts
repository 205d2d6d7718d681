/**
 * Recipe ids as Workato issues them: whole numbers from 1 up. Larger than 2^53 − 1 would not
 * survive as a JavaScript number (two ids could become one), so those are refused too.
 */
import { Either } from "effect"

export const isRecipeId = (n: number): boolean => Number.isSafeInteger(n) && n > 0

/** "123456" → 123456; anything else → why not, in words. */
export const parseRecipeId = (text: string): Either.Either<number, string> => {
  const trimmed = text.trim()
  const shown = trimmed.length > 40 ? `${trimmed.slice(0, 39)}…` : trimmed
  if (!/^\d+$/.test(trimmed)) return Either.left(`"${shown}" is not a recipe id (a whole number such as 123456)`)
  const id = Number(trimmed)
  return isRecipeId(id)
    ? Either.right(id)
    : Either.left(`${shown} is not a recipe id: recipe ids run from 1 to ${Number.MAX_SAFE_INTEGER}`)
}
