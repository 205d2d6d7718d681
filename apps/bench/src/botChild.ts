// Starts botProcess.ts as a child (Node + tsx, with --expose-gc so idle RSS is measured after a
// collection) and talks to it over IPC.
import { fork } from "node:child_process"
import type { LocalBotOptions } from "@workato-jobs/slackbot"

export interface BotChild {
  readonly eventsUrl: string
  readonly request: <A>(command: object, key: string) => Promise<A>
  readonly close: () => Promise<void>
}

export const startBotChild = async (options: LocalBotOptions): Promise<BotChild> => {
  const child = fork(new URL("./botProcess.ts", import.meta.url), [], {
    execArgv: ["--import", "tsx", "--expose-gc"],
    env: { ...process.env, BENCH_BOT_OPTIONS: JSON.stringify(options) },
    stdio: ["ignore", "inherit", "inherit", "ipc"]
  })
  const next = <A>(key: string) =>
    new Promise<A>((resolve, reject) => {
      const onMessage = (message: Record<string, unknown>) => {
        if (key in message) {
          child.off("message", onMessage)
          child.off("exit", onExit)
          resolve(message[key] as A)
        }
      }
      const onExit = (code: number | null) => reject(new Error(`bot process exited (${code}) while waiting for ${key}`))
      child.on("message", onMessage)
      child.once("exit", onExit)
    })
  const eventsUrl = await next<string>("ready")
  return {
    eventsUrl,
    request: (command, key) => {
      const answer = next<never>(key)
      child.send(command)
      return answer
    },
    close: async () => {
      const exited = new Promise((resolve) => child.once("exit", resolve))
      child.send({ run: "exit" })
      await exited
    }
  }
}
