/**
 * This process's name among the bot's replicas, written into the leases it holds (and shown
 * in logs): host name and pid for a person, a random suffix so that a restarted process with
 * a reused pid is still someone else.
 */
import { Effect, Random } from "effect"
import { hostname } from "node:os"

export class Replica extends Effect.Service<Replica>()("@workato-jobs/slackbot/Replica", {
  effect: Effect.gen(function*() {
    const suffix = (yield* Random.nextIntBetween(0, 36 ** 6)).toString(36).padStart(6, "0")
    return { id: `${hostname()}:${process.pid}:${suffix}` as string } as const
  })
}) {}
