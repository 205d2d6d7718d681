/**
 * Bolt's Logger interface, written into Effect's logger: one log stream (and one level
 * setting) for the whole bot. Bolt never logs request bodies unless developerMode is on,
 * which the bot never enables, so no token or payload reaches the log through here.
 */
import type { Logger } from "@slack/bolt"
import { LogLevel as BoltLevel } from "@slack/bolt"
import { Effect, Runtime } from "effect"

const text = (msg: ReadonlyArray<unknown>) =>
  msg.map((m) => (m instanceof Error ? m.message : typeof m === "string" ? m : safeJson(m))).join(" ")

const safeJson = (value: unknown) => {
  try {
    return JSON.stringify(value)
  } catch {
    return String(value)
  }
}

export const effectLogger = (runtime: Runtime.Runtime<never>): Logger => {
  const run = Runtime.runSync(runtime)
  let level: BoltLevel = BoltLevel.INFO
  const annotate = <A>(self: Effect.Effect<A>) => Effect.annotateLogs(self, "source", "bolt")
  return {
    debug: (...msg) => run(annotate(Effect.logDebug(text(msg)))),
    info: (...msg) => run(annotate(Effect.logInfo(text(msg)))),
    warn: (...msg) => run(annotate(Effect.logWarning(text(msg)))),
    error: (...msg) => run(annotate(Effect.logError(text(msg)))),
    setLevel: (l) => {
      level = l
    },
    getLevel: () => level,
    setName: () => {}
  }
}
