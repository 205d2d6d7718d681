// Workload 5: 200 signed button clicks sent at once to the bot (its own process) while the
// simulator answers repeat after 2 s. Slack gives an app 3 s to ack; the goal is p99 < 100 ms.
// Baseline: the same 200 signed requests against a bare Node HTTP server (also its own process)
// that answers 200 at once, measured in the same run.
import { fork } from "node:child_process"
import { Agent, request } from "node:http"
import { signedHeaders, type SlackEmulator, startSlackEmulator } from "@workato-jobs/slack-emulator"
import { startSim } from "@workato-jobs/workato-sim"
import { startBotChild } from "./botChild.js"
import { progress, ticker } from "./progress.js"
import { ms, type Row } from "./report.js"

const percentile = (sorted: ReadonlyArray<number>, p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!

/** One signed POST over a kept-alive socket; resolves with its latency and status. */
const post = (agent: Agent, url: URL, body: string, headers: Record<string, string>) =>
  new Promise<{ ms: number; ok: boolean }>((resolve, reject) => {
    const started = performance.now()
    const req = request(url, {
      method: "POST",
      agent,
      headers: { ...headers, "content-type": "application/x-www-form-urlencoded", "content-length": Buffer.byteLength(body) }
    }, (res) => {
      res.resume()
      res.on("end", () => resolve({ ms: performance.now() - started, ok: res.statusCode === 200 }))
    })
    req.on("error", reject)
    req.end(body)
  })

/**
 * Sends every body at once, signed beforehand, over sockets opened beforehand (as Slack's
 * senders keep theirs), so that the load generator's own work is not counted as the server's
 * latency. Returns the sorted latencies and how many were answered 200.
 */
const fire = async (slack: SlackEmulator, target: string, bodies: ReadonlyArray<string>) => {
  const url = new URL(target)
  const agent = new Agent({ keepAlive: true, maxSockets: bodies.length })
  try {
    await Promise.all(bodies.map(() => new Promise((resolve) => request(url, { agent }, (res) => res.resume().on("end", resolve)).end())))
    const timestamp = Math.floor(Date.now() / 1000)
    const signed = bodies.map((body) => [body, signedHeaders(slack.signingSecret, timestamp, body)] as const)
    const latencies = await Promise.all(signed.map(([body, headers]) => post(agent, url, body, headers)))
    return { sorted: latencies.map((l) => l.ms).sort((a, b) => a - b), ok: latencies.filter((l) => l.ok).length }
  } finally {
    agent.destroy()
  }
}

/** A bare HTTP server in its own process: the floor of "answer a signed POST on loopback". */
const startBaseline = async () => {
  const child = fork(new URL("./baselineServer.ts", import.meta.url), [], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"]
  })
  const url = await new Promise<string>((resolve) => child.once("message", (m) => resolve(String(m))))
  return { url, close: () => new Promise((resolve) => (child.once("exit", resolve), child.kill())) }
}

export const ackLatency = async (options: { readonly clicks: number; readonly recipes: number }): Promise<Row[]> => {
  const sim = await startSim({})
  const slack = await startSlackEmulator({ rateLimit: false, autoCreateChannels: true })
  const channels = Array.from({ length: options.recipes }, (_, i) => `C0BENCH${i}`)
  const recipes = channels.map((channel) => ({ channel, recipe: sim.addRecipe({ name: `Bench: acks ${channel}` }) }))
  const perRecipe = Math.ceil(options.clicks / options.recipes)
  for (const { recipe } of recipes) sim.addFailures(recipe.id, perRecipe)
  const bot = await startBotChild({
    workato: { url: sim.url, token: sim.token },
    slack: { apiUrl: slack.apiUrl, botToken: slack.botToken, signingSecret: slack.signingSecret }
  })
  const baseline = await startBaseline()
  try {
    progress(`posting ${recipes.length} digests`)
    for (const { channel, recipe } of recipes) {
      await bot.request({ run: "digest", target: { channel, recipeIds: [recipe.id], lookBackHours: 24 } }, "digest")
    }
    const buttons = channels.flatMap((channel) =>
      slack.messages(channel).flatMap((m) =>
        slack.buttons(channel, m.ts)
          .filter((b) => b.actionId.startsWith("repeat_job") && b.value !== undefined)
          .map((b) => ({ channel, ts: m.ts, value: b.value! }))
      )
    )
    const clicks = Array.from({ length: options.clicks }, (_, i) => buttons[i % buttons.length]!)
    const bodies = clicks.map((click) => slack.clickBody({ ...click, userId: "U0ALICE" }))
    sim.setLatency("repeat", 2000)

    progress(`${bodies.length} concurrent clicks on ${buttons.length} buttons (baseline first)`)
    const base = await fire(slack, baseline.url, bodies)
    const acks = await fire(slack, bot.eventsUrl, bodies)

    // Let the repeats finish (bounded): every clicked job must reach Workato exactly once.
    const distinct = new Set(clicks.map((c) => c.value)).size
    const repeatedIds = () => sim.requests.filter((r) => r.route === "repeat" && r.status === 200)
      .flatMap((r) => ((r.body as { job_ids?: string[] } | undefined)?.job_ids ?? []))
    const stop = ticker(5000, () => `repeats: ${new Set(repeatedIds()).size} of ${distinct} jobs reached Workato`)
    const deadline = Date.now() + 60_000
    while (new Set(repeatedIds()).size < distinct && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200))
    stop()
    const ids = repeatedIds()

    const name = `5. ack latency, ${bodies.length} concurrent clicks, repeat answers in 2 s`
    const p99 = percentile(acks.sorted, 99)
    return [
      { workload: name, figure: "ack p50 / p99 / max", value: `${ms(percentile(acks.sorted, 50))} / ${ms(p99)} / ${ms(acks.sorted.at(-1)!)}`, goal: "p99 < 100 ms", met: p99 < 100 },
      { workload: name, figure: "baseline p50 / p99 / max (bare HTTP server)", value: `${ms(percentile(base.sorted, 50))} / ${ms(percentile(base.sorted, 99))} / ${ms(base.sorted.at(-1)!)}`, goal: "context" },
      { workload: name, figure: "ack p99 ÷ baseline p99", value: (p99 / percentile(base.sorted, 99)).toFixed(2), goal: "context" },
      { workload: name, figure: "clicks acked 200", value: String(acks.ok), goal: String(bodies.length), met: acks.ok === bodies.length },
      { workload: name, figure: "jobs repeated (each once)", value: `${new Set(ids).size} of ${distinct}, ${ids.length - new Set(ids).size} twice`, goal: `${distinct}, 0 twice`, met: new Set(ids).size === distinct && ids.length === distinct }
    ]
  } finally {
    await bot.close()
    await baseline.close()
    await slack.close()
    await sim.close()
  }
}
