// Workload 4: what decoding costs. (a) a 1,000-item list response through our schemas vs
// JSON.parse alone; (b) one `list` call through the client vs a hand-written fetch + JSON.parse
// against the same server. Both sides run in this process, interleaved, so noise hits both.
import { JobList, JobsClient } from "@workato-jobs/jobs-api"
import { Effect, Schema } from "effect"
import { withSimClient } from "./client.js"
import { progress } from "./progress.js"
import { ms, type Row } from "./report.js"
import { scaled } from "./scale.js"

const median = (xs: ReadonlyArray<number>) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

/** Runs `a` and `b` alternately `rounds` times; returns the median time per call of each. */
const interleaved = async (rounds: number, a: () => unknown, b: () => unknown) => {
  const ta: number[] = []
  const tb: number[] = []
  for (let i = 0; i < rounds; i++) {
    let t = performance.now()
    await a()
    ta.push(performance.now() - t)
    t = performance.now()
    await b()
    tb.push(performance.now() - t)
  }
  return [median(ta), median(tb)] as const
}

// Quotas off on the server and effectively off in the client: this measures CPU, not pacing.
export const decodeCost = (options: { readonly rounds: number }): Promise<Row[]> =>
  withSimClient(scaled(1e6), { quotas: false, pageSize: 1000 }, async (sim, runtime) => {
    const recipe = sim.generate({ recipes: 1, jobsPerRecipe: 1000 })[0]!
    const url = `${sim.url}/api/recipes/${recipe.id}/jobs`
    const headers = { authorization: `Bearer ${sim.token}`, accept: "application/json" }
    const body = await (await fetch(url, { headers })).text()
    const decode = Schema.decodeUnknownSync(JobList)
    if (decode(JSON.parse(body)).items.length !== 1000) throw new Error("expected a 1,000-item page")

    progress(`decode: ${options.rounds} rounds of a ${(body.length / 1024).toFixed(0)} KiB list response`)
    const [parseOnly, parseAndDecode] = await interleaved(
      options.rounds,
      () => JSON.parse(body),
      () => decode(JSON.parse(body))
    )
    const list = Effect.flatMap(JobsClient, (client) => client.list(recipe.id))
    await runtime.runPromise(list) // warm up the connection pool and the JIT
    progress(`list: ${options.rounds} rounds of client.list vs fetch + JSON.parse`)
    const [viaFetch, viaClient] = await interleaved(
      options.rounds,
      async () => JSON.parse(await (await fetch(url, { headers })).text()),
      () => runtime.runPromise(list)
    )
    return [
      { workload: "4. decode cost", figure: "schema decode ÷ JSON.parse (1,000 items)", value: `${(parseAndDecode / parseOnly).toFixed(3)} (${ms(parseAndDecode)} vs ${ms(parseOnly)})`, goal: "context" },
      { workload: "4. decode cost", figure: "client.list ÷ fetch + JSON.parse", value: `${(viaClient / viaFetch).toFixed(3)} (${ms(viaClient)} vs ${ms(viaFetch)})`, goal: "context" }
    ]
  })
