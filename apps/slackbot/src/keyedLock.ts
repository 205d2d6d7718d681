/**
 * One-at-a-time per key (a channel, a message): work on different keys runs in parallel,
 * work on the same key queues. Entries are dropped when nobody holds or waits for them,
 * so keying on message ids does not grow memory over time.
 */
import { Effect } from "effect"

export type KeyedLock = (key: string) => <A, E, R>(self: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>

export const makeKeyedLock = (): KeyedLock => {
  const entries = new Map<string, { readonly lock: Effect.Semaphore; users: number }>()
  return (key) => (self) =>
    Effect.acquireUseRelease(
      Effect.sync(() => {
        let entry = entries.get(key)
        if (entry === undefined) {
          entry = { lock: Effect.unsafeMakeSemaphore(1), users: 0 }
          entries.set(key, entry)
        }
        entry.users++
        return entry
      }),
      (entry) => entry.lock.withPermits(1)(self),
      (entry) =>
        Effect.sync(() => {
          entry.users--
          if (entry.users === 0) entries.delete(key)
        })
    )
}
