// pnpm bench [--quick]: runs every workload, prints the table and writes BENCHMARKS.md.
// --quick shrinks every workload so the whole run takes well under a minute (CI smoke run).
// --only 5,6 runs just those workloads and replaces their rows in BENCHMARKS.md.
import { existsSync, readFileSync, writeFileSync } from "node:fs"
import { ackLatency } from "./ackLatency.js"
import { decodeCost } from "./decodeCost.js"
import { digestBuild } from "./digestBuild.js"
import { failureScan } from "./failureScan.js"
import { fixedLatency, jitteredLatency, latencies } from "./latency.js"
import { markdownTable, machineNote, type Row, terminalTable } from "./report.js"
import { recipeScan } from "./recipeScan.js"
import { repeatThroughput } from "./repeatThroughput.js"
import { scaled } from "./scale.js"
import { seenCheck } from "./seenCheck.js"
import { sharedQuota } from "./sharedQuota.js"

const quick = process.argv.includes("--quick")

const plan: ReadonlyArray<readonly [string, () => Promise<Row[]>]> = quick
  ? [
    ["repeat throughput", () =>
      repeatThroughput({ jobs: 200, scale: scaled(4), latencies: [fixedLatency(0), jitteredLatency(200, 800)] })],
    ["failure scan", () => failureScan({ recipes: 10, jobsPerRecipe: 200, scale: scaled(100) })],
    ["shared quota", () =>
      sharedQuota({ repeatJobs: 200, recipes: 8, jobsPerRecipe: 200, scale: scaled(4, 100), latencies: [fixedLatency(0)] })],
    ["decode cost", () => decodeCost({ rounds: 20 })],
    ["slack ack latency", () => ackLatency({ clicks: 40, recipes: 2 })],
    ["digest build", () => digestBuild({ failures: 500, recipes: 10 })],
    ["seen check", () => seenCheck({ digests: 2_000, jobsPerDigest: 15, candidates: 400, rounds: 10 })],
    ["recipe scan", () => recipeScan({ folders: 2, recipesPerFolder: 50, failing: 2, scale: scaled(100) })]
  ]
  : [
    // Each scale is chosen so the workload spans several quota windows (else the quota is not
    // the bottleneck and the ratio says nothing): 40 repeat requests, ~1,230 list requests.
    // Workloads 1 and 3 run once per latency profile (0 ms, 300 ms, 1 s, jitter 200–800 ms).
    ["repeat throughput", () => repeatThroughput({ jobs: 1000, scale: scaled(4), latencies })],
    ["failure scan", () => failureScan({ recipes: 200, jobsPerRecipe: 500, scale: scaled(20) })],
    ["shared quota", () =>
      sharedQuota({ repeatJobs: 1000, recipes: 200, jobsPerRecipe: 500, scale: scaled(2, 20), latencies })],
    ["decode cost", () => decodeCost({ rounds: 100 })],
    ["slack ack latency", () => ackLatency({ clicks: 200, recipes: 10 })],
    ["digest build", () => digestBuild({ failures: 5000, recipes: 50 })],
    // A year of 15-minute digests in one channel.
    ["seen check", () => seenCheck({ digests: 35_000, jobsPerDigest: 15, candidates: 400, rounds: 20 })],
    // Issue 11's goal: 500 watched recipes in folders of 500, 5 with new failures.
    ["recipe scan", () => recipeScan({ folders: 5, recipesPerFolder: 100, failing: 5, scale: scaled(20) })]
  ]

// --only 5,6 runs just those workloads and replaces their rows in BENCHMARKS.md.
const onlyArg = process.argv.indexOf("--only")
const only = onlyArg === -1 ? undefined : new Set(process.argv[onlyArg + 1]?.split(",").map(Number))

// Each workload bounds its own requests and waits; this is only the backstop for a bug that
// hangs one: the run then fails (top-level rejection) instead of never ending.
const workloadLimitMs = 10 * 60_000
const limited = <A>(name: string, run: () => Promise<A>) =>
  Promise.race([
    run(),
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${name} did not finish within ${workloadLimitMs / 1000} s`)), workloadLimitMs).unref()
    )
  ])

const rows: Row[] = []
for (const [i, [name, run]] of plan.entries()) {
  if (only !== undefined && !only.has(i + 1)) continue
  process.stderr.write(`[${i + 1}/${plan.length}] ${name}\n`)
  const started = performance.now()
  rows.push(...(await limited(name, run)))
  process.stderr.write(`  done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`)
}

const table = terminalTable(rows)
console.log(`\n${table}\n\nmachine: ${machineNote()}${quick ? " (quick mode)" : ""}`)
// A full run rewrites the table; `--only` replaces just those workloads' rows. Everything from the
// first "## " heading on (notes written by hand) is kept.
if (!quick) {
  const url = new URL("../../../BENCHMARKS.md", import.meta.url)
  const previous = existsSync(url) ? readFileSync(url, "utf8") : ""
  const notesAt = previous.indexOf("\n## ")
  const notes = notesAt === -1 ? "" : previous.slice(notesAt + 1)
  const numberOf = (line: string) => Number(/^\| (\d+)\./.exec(line)?.[1])
  const kept = only === undefined
    ? []
    : previous.slice(0, notesAt === -1 ? undefined : notesAt).split("\n")
      .filter((line) => /^\| \d+\./.test(line) && !only.has(numberOf(line)))
  const fresh = markdownTable(rows).split("\n").slice(2)
  const table = [...kept, ...fresh].map((line, i) => ({ line, i }))
    .sort((x, y) => numberOf(x.line) - numberOf(y.line) || x.i - y.i)
    .map(({ line }) => line)
  const measured = new Date().toISOString().slice(0, 10)
  writeFileSync(url, [
    "# Benchmarks",
    "",
    "Regenerated by `pnpm bench` (see the README). Every workload runs against the local Workato simulator",
    "and Slack emulator on loopback; in workloads 1–3 the simulator runs in a process of its own (Workato is",
    "another machine: the client's work must not delay when a request is counted). Quotas are scaled up on both",
    "sides (the factor is in the workload name) so that a run takes minutes; each figure is a ratio to its floor",
    "or to a baseline measured in the same run.",
    "",
    ...markdownTable([]).split("\n"),
    ...table,
    "",
    `Machine: ${machineNote()}. Measured ${measured}${only === undefined ? "" : ` (workloads ${[...only].join(", ")} re-measured alone)`}.`,
    "",
    notes
  ].join("\n"))
  console.log("\nwrote BENCHMARKS.md")
}
const missed = rows.filter((r) => r.met === false)
if (missed.length > 0) console.log(`\n${missed.length} goal(s) not met: ${missed.map((r) => `${r.workload} / ${r.figure}`).join("; ")}`)
