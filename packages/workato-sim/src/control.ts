// The HTTP control API under /_sim (JSON, no auth): the in-process Sim methods for
// out-of-process users (benchmarks, `pnpm sim`). See README for the route list.
import type { IncomingMessage, ServerResponse } from "node:http"
import { SimInputError } from "./model.js"
import { readBody, writeReply, type Reply } from "./http-util.js"
import type { Sim } from "./sim.js"
import type { AddJobInput, FaultSpec, Quotas, RepeatOutcome, RouteName } from "./types.js"

type Handler = (sim: ControlledSim, params: ReadonlyArray<string>, body: any) => unknown

export interface ControlledSim extends Sim {
  info(): unknown
}

const num = (raw: string | undefined): number => {
  if (raw === undefined || !/^\d+$/.test(raw)) throw new SimInputError(`Not an integer: ${raw}`)
  return Number(raw)
}
const p = (params: ReadonlyArray<string>, i: number) => decodeURIComponent(params[i] ?? "")

const ROUTES: ReadonlyArray<readonly [method: string, pattern: RegExp, handler: Handler]> = [
  ["GET", /^\/_sim\/?$/, (sim) => sim.info()],
  ["GET", /^\/_sim\/recipes$/, (sim) => sim.recipes()],
  ["POST", /^\/_sim\/recipes$/, (sim, _, body) => sim.addRecipe(body ?? {})],
  ["POST", /^\/_sim\/generate$/, (sim, _, body) => sim.generate(body)],
  ["GET", /^\/_sim\/recipes\/([^/]+)$/, (sim, params) => sim.recipe(num(params[0]))],
  ["POST", /^\/_sim\/recipes\/([^/]+)\/stop$/, (sim, params, body) =>
    sim.stopRecipe(num(params[0]), body?.cause === undefined ? {} : { cause: body.cause })],
  ["POST", /^\/_sim\/recipes\/([^/]+)\/start$/, (sim, params) => sim.startRecipe(num(params[0]))],
  ["POST", /^\/_sim\/recipes\/([^/]+)\/move$/, (sim, params, body) => sim.moveRecipe(num(params[0]), Number(body?.folderId))],
  ["POST", /^\/_sim\/recipes\/([^/]+)\/purge$/, (sim, params, body) => ({ removed: sim.purgeJobs(num(params[0]), body?.before) })],
  ["GET", /^\/_sim\/folders$/, (sim) => sim.folders()],
  ["POST", /^\/_sim\/folders$/, (sim, _, body) => sim.addFolder(body ?? {})],
  ["GET", /^\/_sim\/recipes\/([^/]+)\/jobs$/, (sim, params) => sim.jobs(num(params[0]))],
  ["POST", /^\/_sim\/recipes\/([^/]+)\/jobs$/, (sim, params, body) => sim.addJob(num(params[0]), (body ?? {}) as AddJobInput)],
  ["POST", /^\/_sim\/recipes\/([^/]+)\/failures$/, (sim, params, body) =>
    sim.addFailures(num(params[0]), Number(body?.n ?? 1), (body?.job ?? {}) as AddJobInput)],
  ["GET", /^\/_sim\/jobs\/([^/]+)$/, (sim, params) => sim.job(p(params, 0))],
  ["POST", /^\/_sim\/jobs\/([^/]+)\/repeat-outcome$/, (sim, params, body) => {
    sim.setRepeatOutcome(p(params, 0), body?.outcome as RepeatOutcome)
    return { ok: true }
  }],
  ["POST", /^\/_sim\/jobs\/([^/]+)\/expire$/, (sim, params) => {
    sim.expire(p(params, 0))
    return { ok: true }
  }],
  ["POST", /^\/_sim\/jobs\/([^/]+)\/finish$/, (sim, params, body) => sim.finishJob(p(params, 0), body?.status, body?.error)],
  ["POST", /^\/_sim\/resume-tokens$/, (sim, _, body) => ({ token: sim.createResumeToken(body?.jobId ? { jobId: String(body.jobId) } : {}) })],
  ["GET", /^\/_sim\/resumes$/, (sim) => sim.resumes],
  ["GET", /^\/_sim\/faults$/, (sim) => sim.faults()],
  ["POST", /^\/_sim\/faults$/, (sim, _, body) => {
    sim.injectFault(body as FaultSpec)
    return sim.faults()
  }],
  ["DELETE", /^\/_sim\/faults$/, (sim) => {
    sim.clearFaults()
    return { ok: true }
  }],
  ["POST", /^\/_sim\/latency$/, (sim, _, body) => {
    // Body: { route, ms } or { route, minMs, maxMs, beforeCounting? }.
    const latency = body?.ms !== undefined
      ? Number(body.ms)
      : { minMs: Number(body?.minMs), maxMs: Number(body?.maxMs), beforeCounting: Number(body?.beforeCounting ?? 0) }
    sim.setLatency(body?.route as RouteName | "any", latency)
    return { ok: true }
  }],
  ["POST", /^\/_sim\/quotas$/, (sim, _, body) => {
    // Body: a Quotas object, or `false` / `{ "enabled": false }` to disable 429s.
    sim.setQuotas(body === false || body?.enabled === false ? false : (body as Quotas))
    return { ok: true }
  }],
  ["POST", /^\/_sim\/quotas\/reset$/, (sim) => {
    sim.resetQuotas()
    return { ok: true }
  }],
  ["POST", /^\/_sim\/page-size$/, (sim, _, body) => {
    sim.setPageSize(Number(body?.pageSize))
    return { ok: true }
  }],
  ["GET", /^\/_sim\/requests$/, (sim) => sim.requests],
  ["GET", /^\/_sim\/counts$/, (sim) => sim.counts()],
  ["POST", /^\/_sim\/reset-counts$/, (sim) => {
    sim.resetCounts()
    return { ok: true }
  }]
]

export const handleControl = async (sim: ControlledSim, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
  const method = req.method ?? "GET"
  const raw = await readBody(req)
  let body: unknown = undefined
  if (raw.kind === "json") body = raw.value
  else if (raw.kind === "invalid") return writeReply(res, { status: 400, json: { message: "Control body is not valid JSON" } })
  const path = url.pathname.replace(/\/+$/, "") || "/"
  let reply: Reply = { status: 404, json: { message: `No control route ${method} ${url.pathname}` } }
  for (const [m, pattern, handler] of ROUTES) {
    const match = pattern.exec(path)
    if (!match || m !== method) continue
    try {
      reply = { status: 200, json: handler(sim, match.slice(1), body) ?? { ok: true } }
    } catch (error) {
      const status = error instanceof SimInputError ? error.status : 400
      reply = { status, json: { message: error instanceof Error ? error.message : String(error) } }
    }
    break
  }
  writeReply(res, reply)
}
