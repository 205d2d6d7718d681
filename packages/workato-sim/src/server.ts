// startSim: the node:http server that answers the Jobs API, applying (in this order) faults,
// bearer auth, route 404s, quotas, the endpoint handler, and per-route latency.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { handleApi, NOT_FOUND, type ApiContext } from "./api.js"
import type { Body } from "./batch.js"
import { handleControl } from "./control.js"
import { appliesFirst, Faults } from "./faults.js"
import { faultReply, serverError } from "./fault-replies.js"
import { generate } from "./generator.js"
import { checkLatency, draw, isZero, noDelay, type Delays, type Latency } from "./latency.js"
import { messageReply, readBody, writeReply, type ReadBody, type Reply } from "./http-util.js"
import { SimInputError, toMillis, type FolderRecord, type RecipeRecord } from "./model.js"
import { Prng } from "./prng.js"
import { DEFAULT_QUOTAS, QuotaBook } from "./quotas.js"
import { toWireRecipe } from "./recipes.js"
import { RequestLog } from "./request-log.js"
import { matchRoute, type RouteMatch } from "./routes.js"
import type { GenerateInput, Sim } from "./sim.js"
import { Store } from "./store.js"
import type {
  AddFolderInput, AddJobInput, AddRecipeInput, Counts, FaultKind, FaultSpec, FolderInfo, JobErrorInput, Quotas, RecipeInfo,
  RepeatOutcome, RequestRecord, ResumeRecord, RouteName, SimOptions, StopRecipeInput, TimeInput, WireJobDetail, WireJobSummary,
  WireRecipe
} from "./types.js"
import { toDetail, toSummary, type WireOptions } from "./wire.js"

const recipeInfo = (r: RecipeRecord): RecipeInfo => ({
  id: r.id,
  name: r.name,
  retainsTriggerData: r.retainsTriggerData,
  folderId: r.folderId,
  running: r.running,
  stoppedAt: r.stoppedAt === null ? null : new Date(r.stoppedAt).toISOString(),
  stopCause: r.stopCause
})
const folderInfo = (f: FolderRecord): FolderInfo => ({ id: f.id, name: f.name, parentId: f.parentId })

class SimServer implements Sim {
  readonly store: Store
  private readonly log: RequestLog
  private readonly faultQueue = new Faults()
  private readonly quotaBook: QuotaBook
  private readonly latency = new Map<RouteName | "any", Latency>()
  // Its own stream: drawing delays must not change the generated data of a seed.
  private readonly jitter: Prng
  private readonly sleepers = new Set<() => void>()
  private readonly resumeLog: ResumeRecord[] = []
  private readonly wire: WireOptions
  private readonly api: ApiContext
  private pageSize: number
  private closed = false
  url = ""
  port = 0

  constructor(readonly server: Server, readonly token: string, readonly options: SimOptions) {
    const now = options.now ?? Date.now
    this.store = new Store({
      seed: options.seed ?? 1,
      now,
      retentionDays: options.retentionDays ?? 30,
      repeatRunMs: options.repeatRunMs ?? 1000
    })
    this.log = new RequestLog(options.requestLogLimit ?? 10_000)
    this.jitter = new Prng((options.seed ?? 1) ^ 0x5eed1a7e)
    this.quotaBook = new QuotaBook(options.quotas ?? DEFAULT_QUOTAS)
    this.pageSize = checkPageSize(options.pageSize ?? 25)
    this.wire = { masterJobIdOfOriginals: options.masterJobIdOfOriginals ?? "self" }
    this.api = { store: this.store, pageSize: () => this.pageSize, wire: this.wire, resumes: this.resumeLog }
  }

  get requests(): ReadonlyArray<RequestRecord> {
    return this.log.entries
  }

  get resumes(): ReadonlyArray<ResumeRecord> {
    return this.resumeLog
  }

  // ---- request handling ----

  async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://sim.local")
    if (url.pathname === "/_sim" || url.pathname.startsWith("/_sim/")) return handleControl(this, req, res, url)
    const method = req.method ?? "GET"
    const match = matchRoute(method, url.pathname)
    const delays = this.delaysFor(match?.route)
    // The way in: the request is counted (and logged) when it arrives.
    await this.sleep(delays.beforeMs)
    if (this.closed) return
    const at = this.store.now()
    const raw = await readBody(req)
    const record = (status: number, fault?: FaultKind) =>
      this.log.record({
        method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        route: match?.route ?? "unknown",
        status,
        at,
        ...(raw.kind === "json" ? { body: raw.value } : {}),
        ...(fault ? { fault } : {})
      })
    const fault = match ? this.faultQueue.take(match.route) : undefined
    // A fault that answers first: the request takes no effect.
    if (fault && !appliesFirst(fault.kind)) return this.answer(req, res, faultReply(fault), fault.delayMs, record, fault.kind)
    let reply: Reply
    try {
      reply = this.process(req, match, url, raw, at)
    } catch (error) {
      // A bug in the sim: answer like Workato's documented 500 and say why on stderr.
      console.error("workato-sim: handler failed", error)
      reply = serverError()
    }
    // dropAfterApply / hangAfterApply: the request took effect, the answer never arrives.
    if (fault) return this.answer(req, res, faultReply(fault), fault.delayMs, record, fault.kind)
    return this.answer(req, res, reply, delays.afterMs, record)
  }

  private delaysFor(route: RouteName | undefined): Delays {
    const latency = (route && this.latency.get(route)) ?? this.latency.get("any")
    return latency === undefined ? noDelay : draw(latency, this.jitter)
  }

  /** Waits (real time), logs, then writes the reply, destroys the socket, or leaves it hanging. */
  private async answer(
    req: IncomingMessage,
    res: ServerResponse,
    reply: Reply | "drop" | "hang",
    delayMs: number,
    record: (status: number, fault?: FaultKind) => void,
    fault?: FaultKind
  ): Promise<void> {
    await this.sleep(delayMs)
    if (this.closed) return
    if (reply === "drop" || reply === "hang") {
      record(0, fault)
      if (reply === "drop") req.socket.destroy()
      return
    }
    record(reply.status, fault)
    writeReply(res, reply)
  }

  private process(req: IncomingMessage, match: RouteMatch | undefined, url: URL, raw: ReadBody, at: number): Reply {
    if (!this.authorized(req)) return messageReply(401, "Unauthorized")
    if (!match) return messageReply(404, NOT_FOUND)
    if (raw.kind === "tooLarge") return messageReply(413, "Payload too large")
    const quota = this.quotaBook.take(match.route, at)
    if (!quota.ok) return messageReply(429, "Too many requests", { "retry-after": String(quota.retryAfterSeconds) })
    const body: Body = raw
    return handleApi(this.api, match, url.searchParams, body)
  }

  private authorized(req: IncomingMessage): boolean {
    const header = req.headers.authorization
    if (typeof header !== "string") return false
    const m = /^Bearer\s+(.+)$/i.exec(header.trim())
    return m !== null && m[1] === this.token
  }

  /** Waits on `options.sleep` (default: a real timer); ends early when the sim closes. */
  private sleep(ms: number): Promise<void> {
    if (ms <= 0 || this.closed) return Promise.resolve()
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined
      const wake = () => {
        if (!this.sleepers.delete(wake)) return
        if (timer !== undefined) clearTimeout(timer)
        resolve()
      }
      this.sleepers.add(wake)
      if (this.options.sleep) this.options.sleep(ms).then(wake, wake)
      else timer = setTimeout(wake, ms)
    })
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    for (const wake of [...this.sleepers]) wake()
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve())
      // Hanging requests and keep-alive sockets would hold close() open forever.
      this.server.closeAllConnections()
    })
  }

  // ---- control ----

  addRecipe(input?: AddRecipeInput): RecipeInfo {
    return recipeInfo(this.store.addRecipe(input))
  }

  recipes(): RecipeInfo[] {
    return this.store.recipes().map(recipeInfo)
  }

  recipe(recipeId: number): WireRecipe {
    this.store.settle()
    return toWireRecipe(this.store.requireRecipe(recipeId))
  }

  stopRecipe(recipeId: number, input: StopRecipeInput = {}): RecipeInfo {
    return recipeInfo(this.store.stopRecipe(recipeId, input))
  }

  startRecipe(recipeId: number): RecipeInfo {
    return recipeInfo(this.store.startRecipe(recipeId))
  }

  moveRecipe(recipeId: number, folderId: number): RecipeInfo {
    return recipeInfo(this.store.moveRecipe(recipeId, folderId))
  }

  purgeJobs(recipeId: number, before: TimeInput): number {
    return this.store.purgeJobs(recipeId, toMillis(before))
  }

  addFolder(input?: AddFolderInput): FolderInfo {
    return folderInfo(this.store.addFolder(input))
  }

  folders(): FolderInfo[] {
    return this.store.folders().map(folderInfo)
  }

  get homeFolderId(): number {
    return this.store.homeFolderId
  }

  addJob(recipeId: number, input?: AddJobInput): WireJobSummary {
    return toSummary(this.store.addJob(recipeId, input), this.wire)
  }

  addFailures(recipeId: number, n: number, input: AddJobInput = {}): WireJobSummary[] {
    if (!Number.isInteger(n) || n < 0) throw new SimInputError(`n must be a non-negative integer: ${n}`)
    const out: WireJobSummary[] = []
    for (let i = 0; i < n; i++) out.push(this.addJob(recipeId, { ...input, status: "failed" }))
    return out
  }

  jobs(recipeId: number): WireJobSummary[] {
    this.store.settle()
    return [...this.store.requireRecipe(recipeId).jobs].reverse().map((j) => toSummary(j, this.wire))
  }

  job(jobId: string): WireJobDetail {
    this.store.settle()
    const job = this.store.requireJob(jobId)
    return toDetail(job, this.store.requireRecipe(job.recipeId), this.store.now(), this.wire)
  }

  generate(input: GenerateInput): RecipeInfo[] {
    return generate(this.store, {
      seed: input.seed ?? this.options.seed ?? 1,
      recipes: input.recipes,
      jobsPerRecipe: input.jobsPerRecipe,
      ...(input.spanDays !== undefined ? { spanDays: input.spanDays } : {})
    }).map(recipeInfo)
  }

  setRepeatOutcome(jobId: string, outcome: RepeatOutcome): void {
    const valid =
      outcome === "enqueued" || outcome === "succeeded" || outcome === "failed" || outcome === "pending" ||
      (typeof outcome === "object" && outcome !== null && typeof outcome.type_id === "string" && typeof outcome.message === "string")
    if (!valid) throw new SimInputError(`Invalid repeat outcome: ${JSON.stringify(outcome)}`)
    this.store.requireJob(jobId).repeatOutcome = outcome
  }

  expire(jobId: string): void {
    this.store.requireJob(jobId).expired = true
  }

  finishJob(jobId: string, status: "succeeded" | "failed" = "succeeded", error?: JobErrorInput): WireJobSummary {
    const job = this.store.requireJob(jobId)
    if (job.status !== "pending") throw new SimInputError(`Job ${jobId} is not pending (${job.status})`)
    this.store.finishJob(job, status, this.store.now(), error)
    return toSummary(job, this.wire)
  }

  createResumeToken(input: { readonly jobId?: string } = {}): string {
    if (input.jobId !== undefined) this.store.requireJob(input.jobId)
    return this.store.createResumeToken(input.jobId ?? null)
  }

  injectFault(spec: FaultSpec): void {
    try {
      this.faultQueue.inject(spec)
    } catch (error) {
      throw new SimInputError(error instanceof Error ? error.message : String(error))
    }
  }

  clearFaults(): void {
    this.faultQueue.clear()
  }

  faults(): ReadonlyArray<FaultSpec & { readonly remaining: number }> {
    return this.faultQueue.pending()
  }

  setLatency(route: RouteName | "any", latency: number | Latency): void {
    const checked = checkLatency(latency)
    if (isZero(checked)) this.latency.delete(route)
    else this.latency.set(route, checked)
  }

  setQuotas(quotas: Quotas | false): void {
    if (quotas !== false) {
      for (const [key, value] of Object.entries(quotas)) {
        if (!Number.isInteger(value) || value < 1) throw new SimInputError(`Quota ${key} must be a positive integer: ${String(value)}`)
      }
    }
    this.quotaBook.set(quotas)
  }

  resetQuotas(): void {
    this.quotaBook.reset()
  }

  setPageSize(pageSize: number): void {
    this.pageSize = checkPageSize(pageSize)
  }

  counts(): Counts {
    return this.log.counts()
  }

  resetCounts(): void {
    this.log.reset()
  }

  /** Settings shown by GET /_sim. */
  info() {
    return {
      url: this.url,
      token: this.token,
      pageSize: this.pageSize,
      quotas: this.quotaBook.current,
      now: new Date(this.store.now()).toISOString(),
      homeFolderId: this.store.homeFolderId,
      folders: this.folders(),
      recipes: this.recipes()
    }
  }
}

const checkPageSize = (n: number): number => {
  if (!Number.isInteger(n) || n < 1) throw new SimInputError(`pageSize must be a positive integer: ${n}`)
  return n
}

export type { SimServer }

/**
 * Starts the simulator on loopback.
 *
 * @example
 * const sim = await startSim({ recipes: 2, jobsPerRecipe: 50, seed: 7 })
 * const res = await fetch(`${sim.url}/api/recipes/${sim.recipes()[0]!.id}/jobs`, {
 *   headers: { authorization: `Bearer ${sim.token}` }
 * })
 * await sim.close()
 */
export const startSim = async (options: SimOptions = {}): Promise<Sim> => {
  const server = createServer()
  const sim = new SimServer(server, options.token ?? "sim-token", options)
  if (options.quotas) sim.setQuotas(options.quotas)
  if (options.recipes !== undefined && options.recipes > 0) {
    sim.generate({
      recipes: options.recipes,
      jobsPerRecipe: options.jobsPerRecipe ?? 100,
      ...(options.spanDays !== undefined ? { spanDays: options.spanDays } : {})
    })
  }
  server.on("request", (req, res) => {
    sim.onRequest(req, res).catch((error: unknown) => {
      console.error("workato-sim: request failed", error)
      if (!res.headersSent && !res.destroyed) writeReply(res, serverError())
    })
  })
  const host = options.host ?? "127.0.0.1"
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject)
      resolve()
    })
  })
  const address = server.address() as AddressInfo
  sim.port = address.port
  sim.url = `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`
  return sim
}
