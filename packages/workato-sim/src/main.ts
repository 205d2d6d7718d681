#!/usr/bin/env node
// `workato-sim` (npx @workato-jobs/workato-sim; `pnpm sim` in this repository): runs the
// simulator standalone with demo data until Ctrl-C.
import { parseCli, USAGE } from "./cli.js"
import { Prng } from "./prng.js"
import { startSim } from "./server.js"

const main = async () => {
  let options
  try {
    options = parseCli(process.argv.slice(2), process.env)
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`)
    process.exit(2)
  }
  if (options.help) {
    console.log(USAGE)
    return
  }
  const sim = await startSim(options.sim)
  const recipes = sim.recipes()
  const first = recipes[0]
  const failed = first ? sim.jobs(first.id).find((j) => j.status === "failed" && !j.is_poll_error) : undefined
  const auth = `-H 'Authorization: Bearer ${sim.token}'`
  console.log(`Workato Jobs API simulator listening on ${sim.url}
  API base:  ${sim.url}/api/        (e.g. WORKATO_BASE_URL=${sim.url})
  Token:     ${sim.token}
  Quotas:    ${options.sim.quotas === false ? "off" : "repeat 1/s, cancel 1/s, other Jobs 60/min, Recipes 60/min (sliding windows)"}
  Page size: ${options.sim.pageSize}
  Folders:   ${sim.folders().map((f) => `${f.id} ${f.name}${f.parentId === null ? "" : ` (in ${f.parentId})`}`).join(", ")}
  Recipes:   ${recipes.map((r) => `${r.id} (${r.name}, folder ${r.folderId})`).join("\n             ") || "none"}
  Control:   ${sim.url}/_sim  (JSON, no auth; see the README of @workato-jobs/workato-sim)

Try:
  curl -s ${auth} '${sim.url}/api/recipes?folder_id=${first?.folderId ?? sim.homeFolderId}&with_subfolders=true&per_page=100'
  curl -s ${auth} '${sim.url}/api/recipes/${first?.id ?? 100001}'
  curl -s -X POST '${sim.url}/_sim/recipes/${first?.id ?? 100001}/stop' -H 'Content-Type: application/json' -d '{"cause":"trigger_errors_limit"}'
  curl -s ${auth} '${sim.url}/api/recipes/${first?.id ?? 100001}/jobs?status=failed'${failed ? `
  curl -s ${auth} '${sim.url}/api/recipes/${first!.id}/jobs/${failed.id}'
  curl -s -X POST ${auth} -H 'Content-Type: application/json' -d '{"job_ids":["${failed.id}"]}' '${sim.url}/api/recipes/${first!.id}/repeat_jobs'` : ""}

Ctrl-C to stop.`)

  let timer: NodeJS.Timeout | undefined
  if (options.liveMs > 0 && recipes.length > 0) {
    // New jobs keep arriving, so incremental digests (prev=true) have something to find.
    const rng = new Prng((options.sim.seed ?? 1) ^ 0x11fe)
    timer = setInterval(() => {
      const recipe = rng.pick(recipes)
      const job = rng.chance(0.25) ? sim.addFailures(recipe.id, 1)[0]! : sim.addJob(recipe.id)
      console.log(`+ ${job.status.padEnd(9)} ${job.id} recipe ${recipe.id}: ${job.title.slice(0, 80)}`)
    }, options.liveMs)
  }

  const stop = () => {
    if (timer) clearInterval(timer)
    console.log("\nStopping the simulator.")
    sim.close().then(() => process.exit(0), () => process.exit(1))
  }
  process.once("SIGINT", stop)
  process.once("SIGTERM", stop)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
