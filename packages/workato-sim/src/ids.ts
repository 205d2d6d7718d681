// Workato-shaped identifiers. Job ids ("handles") look like `j-KGAKfhsz-GYoLe`: `j-`, eight and
// six characters from [A-Za-z0-9] (the reference's examples; the 3-segment form `…-CD` is not generated).
import type { Prng } from "./prng.js"

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

const chars = (rng: Prng, n: number): string => {
  let out = ""
  for (let i = 0; i < n; i++) out += ALPHABET[rng.int(0, ALPHABET.length - 1)]
  return out
}

/** A new job id `j-XXXXXXXX-XXXXXX`, never one already in `taken`. */
export const newJobId = (rng: Prng, taken: (id: string) => boolean): string => {
  for (;;) {
    const id = `j-${chars(rng, 8)}-${chars(rng, 6)}`
    if (!taken(id)) return id
  }
}

/** Matches the job id shape the sim generates (any `j-` handle is accepted on the wire). */
export const JOB_ID_PATTERN = /^j-[A-Za-z0-9]+(-[A-Za-z0-9]+)+$/

/** A random resume token (opaque to clients). */
export const newResumeToken = (rng: Prng): string => `rt-${chars(rng, 24)}`
