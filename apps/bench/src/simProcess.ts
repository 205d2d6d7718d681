// The simulator in a process of its own (started by remoteSim.ts): Workato is another machine,
// so the client's work must not delay when the simulator counts a request, nor the reverse.
import { type Sim, startSim } from "@workato-jobs/workato-sim"

const sim: Sim = await startSim(JSON.parse(process.env.BENCH_SIM_OPTIONS ?? "{}"))

interface Call {
  readonly id: number
  readonly op: string
  readonly args: ReadonlyArray<unknown>
}

process.on("message", async ({ args, id, op }: Call) => {
  try {
    const member = (sim as unknown as Record<string, unknown>)[op]
    const value = typeof member === "function" ? await member.apply(sim, args) : member
    process.send!({ id, value }, () => op === "close" && process.exit(0))
  } catch (error) {
    process.send!({ id, error: error instanceof Error ? error.message : String(error) })
  }
})
// The parent gone (killed, timed out): nothing is left to serve.
process.on("disconnect", () => process.exit(0))
process.send!({ ready: { url: sim.url, token: sim.token } })
