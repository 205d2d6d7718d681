/**
 * Bolt's Logger interface, written into Effect's logger: one log stream (and one level
 * setting) for the whole bot. Bolt never logs request bodies unless developerMode is on,
 * which the bot never enables, so no token or payload reaches the log through here.
 *
 * Bolt logs several debug lines per request; running an Effect for each only to have it
 * dropped cost a noticeable share of every ack in a burst, so messages below the runtime's
 * minimum level are dropped here, before any work.
 */
import type { Logger } from "@slack/bolt"
import { LogLevel as BoltLevel } from "@slack/bolt"
import { Effect, FiberRef, FiberRefs, LogLevel, Runtime } from "effect"

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
  // The runtime's fiber refs are fixed once captured: its level is the one every log here sees.
  const minimum = FiberRefs.getOrDefault(runtime.fiberRefs, FiberRef.currentMinimumLogLevel)
  const at = (logLevel: LogLevel.LogLevel) =>
    LogLevel.greaterThanEqual(logLevel, minimum)
      ? (...msg: Array<unknown>) => run(Effect.logWithLevel(logLevel, text(msg)).pipe(Effect.annotateLogs("source", "bolt")))
      : () => {}
  let level: BoltLevel = BoltLevel.INFO
  return {
    debug: at(LogLevel.Debug),
    info: at(LogLevel.Info),
    warn: at(LogLevel.Warning),
    error: at(LogLevel.Error),
    setLevel: (l) => {
      level = l
    },
    getLevel: () => level,
    setName: () => {}
  }
}
