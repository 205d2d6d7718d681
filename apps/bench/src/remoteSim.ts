// Starts simProcess.ts as a child and calls the simulator's methods over IPC (every call is async).
import type { Sim, SimOptions } from "@workato-jobs/workato-sim"
import { fork } from "node:child_process"

type Method = { [K in keyof Sim]: Sim[K] extends (...args: infer _A) => unknown ? K : never }[keyof Sim]

export interface RemoteSim {
  readonly url: string
  readonly token: string
  readonly call: <K extends Method>(op: K, ...args: Parameters<Sim[K]>) => Promise<Awaited<ReturnType<Sim[K]>>>
  readonly close: () => Promise<void>
}

export const startRemoteSim = async (options: SimOptions): Promise<RemoteSim> => {
  const child = fork(new URL("./simProcess.ts", import.meta.url), [], {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, BENCH_SIM_OPTIONS: JSON.stringify(options) },
    stdio: ["ignore", "inherit", "inherit", "ipc"]
  })
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  let exited = false
  child.on("message", (message: { id?: number; value?: unknown; error?: string }) => {
    const waiter = message.id === undefined ? undefined : pending.get(message.id)
    if (waiter === undefined) return
    pending.delete(message.id!)
    if (message.error !== undefined) waiter.reject(new Error(message.error))
    else waiter.resolve(message.value)
  })
  child.once("exit", (code) => {
    exited = true
    for (const waiter of pending.values()) waiter.reject(new Error(`simulator process exited (${code})`))
    pending.clear()
  })
  const ready = await new Promise<{ url: string; token: string }>((resolve, reject) => {
    child.once("message", (message: { ready?: { url: string; token: string } }) =>
      message.ready ? resolve(message.ready) : reject(new Error("simulator process did not start")))
    child.once("exit", (code) => reject(new Error(`simulator process exited (${code}) before it was ready`)))
  })
  let next = 0
  const call = ((op: string, ...args: Array<unknown>) =>
    new Promise<unknown>((resolve, reject) => {
      if (exited) return reject(new Error("simulator process is gone"))
      const id = next++
      pending.set(id, { resolve, reject })
      child.send({ id, op, args })
    })) as RemoteSim["call"]
  return {
    ...ready,
    call,
    close: async () => {
      if (exited) return
      await call("close").catch(() => undefined)
    }
  }
}
