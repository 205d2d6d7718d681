import { afterEach, describe, expect, it } from "vitest"
import { startSim, type Sim, type SimOptions, type WireRecipe } from "../src/index.js"
import { api, manualClock } from "./helpers.js"

let sim: Sim | undefined
afterEach(async () => {
  await sim?.close()
  sim = undefined
})

/** A sim on a manual clock, quotas off unless `withQuotas`. */
const start = async (options: SimOptions = {}, withQuotas = false) => {
  const clock = manualClock()
  sim = await startSim({ ...(withQuotas ? {} : { quotas: false as const }), now: clock.now, ...options })
  return { clock, sim, call: api(sim) }
}

const ids = (items: ReadonlyArray<WireRecipe>) => items.map((r) => r.id)

describe("GET /api/recipes/:id", () => {
  it("answers the documented fields; job counts and last_run_at move as jobs finish", async () => {
    const { sim, call, clock } = await start()
    const recipe = sim.addRecipe({ name: "Load Shopify orders into Snowflake" }).id
    const first = await call.get(`/api/recipes/${recipe}`)
    expect(first.status).toBe(200)
    expect(first.json).toMatchObject({
      id: recipe,
      name: "Load Shopify orders into Snowflake",
      folder_id: sim.homeFolderId,
      running: true,
      job_succeeded_count: 0,
      job_failed_count: 0,
      last_run_at: null,
      stopped_at: null,
      stop_cause: null
    })
    // Field order of the documentation's sample (the fields it shows).
    expect(Object.keys(first.json).slice(0, 12)).toEqual([
      "id", "user_id", "name", "created_at", "updated_at", "copy_count", "trigger_application", "action_applications",
      "applications", "description", "parameters_schema", "parameters"
    ])

    const slow = sim.addJob(recipe, { finishAfterMs: 60_000, finalStatus: "failed" })
    sim.addJob(recipe, { status: "succeeded" })
    let now = (await call.get(`/api/recipes/${recipe}`)).json
    expect(now).toMatchObject({ job_succeeded_count: 1, job_failed_count: 0 })
    expect(now.last_run_at).toBe(new Date(clock.now()).toISOString())
    clock.advance(60_000)
    now = (await call.get(`/api/recipes/${recipe}`)).json
    expect(now).toMatchObject({ job_succeeded_count: 1, job_failed_count: 1 })
    expect(sim.recipe(recipe)).toEqual(now)
    expect(sim.job(slow.id).status).toBe("failed")
  })

  it("unknown or malformed ids → 404 {message: Not found}; auth first", async () => {
    const { call } = await start()
    expect(await call.get("/api/recipes/999")).toMatchObject({ status: 404, json: { message: "Not found" } })
    expect(await call.get("/api/recipes/abc")).toMatchObject({ status: 404, json: { message: "Not found" } })
    expect((await call.get("/api/recipes/999", { token: "wrong" })).status).toBe(401)
  })
})

describe("stop and start", () => {
  it("a user stop leaves stop_cause null; a Workato stop sets it; a restart clears the cause and keeps stopped_at", async () => {
    const { sim, call, clock } = await start()
    const a = sim.addRecipe().id
    const b = sim.addRecipe().id
    clock.advance(1000)
    expect(sim.stopRecipe(a)).toMatchObject({ running: false, stopCause: null, stoppedAt: new Date(clock.now()).toISOString() })
    clock.advance(1000)
    sim.stopRecipe(b, { cause: "trigger_errors_limit" })
    const stopped = (await call.get(`/api/recipes/${b}`)).json
    expect(stopped).toMatchObject({ running: false, stop_cause: "trigger_errors_limit", stopped_at: new Date(clock.now()).toISOString() })
    expect(stopped.updated_at).toBe(stopped.stopped_at)

    clock.advance(1000)
    sim.startRecipe(b)
    const again = (await call.get(`/api/recipes/${b}`)).json
    expect(again).toMatchObject({ running: true, stop_cause: null, stopped_at: stopped.stopped_at })
    expect(() => sim.startRecipe(b)).toThrow(/already running/)
    expect(() => sim.stopRecipe(a)).toThrow(/already stopped/)
  })
})

describe("GET /api/recipes", () => {
  /** Home: 1 recipe; Sales: 2 (one stopped by Workato); Sales/Shopify: 1; Finance: 1 (stopped by a user). */
  const workspace = async () => {
    const ctx = await start()
    const { sim, clock } = ctx
    const sales = sim.addFolder({ name: "Sales" }).id
    const shopify = sim.addFolder({ name: "Shopify", parentId: sales }).id
    const finance = sim.addFolder({ name: "Finance" }).id
    const home = sim.addRecipe().id // salesforce → netsuite, slack
    const s1 = sim.addRecipe({ folderId: sales }).id // shopify → snowflake, slack
    const s2 = sim.addRecipe({ folderId: sales }).id // zendesk → jira, zendesk, slack
    const sh = sim.addRecipe({ folderId: shopify }).id // workday → servicenow, google_sheets, slack
    const fin = sim.addRecipe({ folderId: finance }).id // workato_webhooks → http, netsuite, snowflake
    clock.advance(60_000)
    const stopTime = clock.now()
    sim.stopRecipe(s2, { cause: "trigger_errors_limit" })
    clock.advance(60_000)
    sim.stopRecipe(fin)
    return { ...ctx, sales, shopify, finance, home, s1, s2, sh, fin, stopTime }
  }

  it("lists every recipe newest id first in {items}", async () => {
    const { call, home, s1, s2, sh, fin } = await workspace()
    const res = await call.get("/api/recipes")
    expect(res.status).toBe(200)
    expect(Object.keys(res.json)).toEqual(["items"])
    expect(ids(res.json.items)).toEqual([fin, sh, s2, s1, home])
  })

  it("folder_id lists one folder; with_subfolders adds its subfolders", async () => {
    const { call, sales, s1, s2, sh } = await workspace()
    expect(ids((await call.get(`/api/recipes?folder_id=${sales}`)).json.items)).toEqual([s2, s1])
    expect(ids((await call.get(`/api/recipes?folder_id=${sales}&with_subfolders=true`)).json.items)).toEqual([sh, s2, s1])
    expect((await call.get("/api/recipes?folder_id=424242")).json.items).toEqual([])
  })

  it("running, stop_cause, stopped_after, updated_after, since_id, adapter_names_any/all filter", async () => {
    const { call, clock, home, s1, s2, sh, fin, stopTime } = await workspace()
    const list = async (query: string) => ids((await call.get(`/api/recipes?${query}`)).json.items)
    expect(await list("running=true")).toEqual([sh, s1, home])
    expect(await list("running=false")).toEqual([fin, s2])
    expect(await list("stop_cause=trigger_errors_limit")).toEqual([s2])
    expect(await list(`stopped_after=${new Date(stopTime).toISOString()}`)).toEqual([fin])
    expect(await list(`updated_after=${new Date(clock.now() - 90_000).toISOString()}`)).toEqual([fin, s2])
    expect(await list(`since_id=${s2}`)).toEqual([s1, home])
    expect(await list("adapter_names_any=jira,servicenow")).toEqual([sh, s2])
    expect(await list("adapter_names_all=netsuite,slack")).toEqual([home])
  })

  it("pages with page/per_page (≤ 100) until a short page", async () => {
    const { sim, call } = await start()
    const all: number[] = []
    for (let i = 0; i < 230; i++) all.push(sim.addRecipe().id)
    const newestFirst = [...all].reverse()
    const seen: number[] = []
    for (let page = 1; ; page++) {
      const items = (await call.get(`/api/recipes?page=${page}&per_page=100`)).json.items as WireRecipe[]
      seen.push(...ids(items))
      if (items.length < 100) break
    }
    expect(seen).toEqual(newestFirst)
    expect((await call.get("/api/recipes")).json.items).toHaveLength(100) // default per_page
    expect((await call.get("/api/recipes?per_page=500")).json.items).toHaveLength(100) // capped
    expect(ids((await call.get("/api/recipes?per_page=7&page=2")).json.items)).toEqual(newestFirst.slice(7, 14))
  })

  it("bad filter values → 400 saying what was wrong", async () => {
    const { call } = await start()
    expect(await call.get("/api/recipes?per_page=0")).toMatchObject({ status: 400, json: { message: expect.stringMatching(/per_page/) } })
    expect(await call.get("/api/recipes?updated_after=yesterday")).toMatchObject({ status: 400, json: { message: expect.stringMatching(/ISO 8601/) } })
    expect(await call.get("/api/recipes?order=name")).toMatchObject({ status: 400 })
  })

  it("moving a recipe changes the folder listings; purging old jobs lowers its counts", async () => {
    const { sim, call, clock, sales, finance, s1 } = await workspace()
    sim.moveRecipe(s1, finance)
    expect(ids((await call.get(`/api/recipes?folder_id=${sales}`)).json.items)).not.toContain(s1)
    expect(ids((await call.get(`/api/recipes?folder_id=${finance}`)).json.items)).toContain(s1)
    sim.addFailures(s1, 3)
    clock.advance(60_000)
    sim.addFailures(s1, 2)
    expect(sim.recipe(s1).job_failed_count).toBe(5)
    expect(sim.purgeJobs(s1, clock.now() - 1000)).toBe(3)
    expect((await call.get(`/api/recipes/${s1}`)).json.job_failed_count).toBe(2)
    expect(() => sim.moveRecipe(s1, 31337)).toThrow(/Unknown folder/)
  })
})

describe("recipes quota (60/min, its own class)", () => {
  it("answers 429 + Retry-After past 60 recipe requests a minute, while Jobs requests still pass", async () => {
    const { sim, call, clock } = await start({}, true)
    const recipe = sim.addRecipe().id
    for (let i = 0; i < 60; i++) expect((await call.get(i % 2 ? "/api/recipes" : `/api/recipes/${recipe}`)).status).toBe(200)
    const limited = await call.get("/api/recipes")
    expect(limited.status).toBe(429)
    expect(limited.headers.get("retry-after")).toBe("60")
    // The Jobs "other" class has its own window.
    expect((await call.list(recipe)).status).toBe(200)
    clock.advance(60_000)
    expect((await call.get("/api/recipes")).status).toBe(200)
    expect(sim.counts()["recipes"]?.byStatus[429]).toBe(1)
  })

  it("recipesPerMinute is configurable like the other classes; faults target the recipe routes", async () => {
    const { sim, call } = await start({ quotas: { repeatPerSecond: 1, cancelPerSecond: 1, otherPerMinute: 60, recipesPerMinute: 2 } })
    const recipe = sim.addRecipe().id
    expect((await call.get("/api/recipes")).status).toBe(200)
    expect((await call.get(`/api/recipes/${recipe}`)).status).toBe(200)
    expect((await call.get("/api/recipes")).status).toBe(429)
    sim.setQuotas(false)
    sim.injectFault({ route: "recipe", kind: "status503" })
    expect((await call.get(`/api/recipes/${recipe}`)).status).toBe(503)
    expect((await call.get(`/api/recipes/${recipe}`)).status).toBe(200)
  })
})

describe("control over /_sim", () => {
  it("folders, stop/start, move, recipe and purge over HTTP", async () => {
    const { sim, clock } = await start()
    const control = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${sim.url}/_sim${path}`, {
        method,
        ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) })
      })
      return { status: res.status, json: (await res.json()) as any }
    }
    const folder = (await control("POST", "/folders", { name: "Ops" })).json
    expect(folder).toMatchObject({ name: "Ops", parentId: sim.homeFolderId })
    expect((await control("GET", "/folders")).json.map((f: { name: string }) => f.name)).toEqual(["Home", "Ops"])
    const recipe = sim.addRecipe().id
    expect((await control("POST", `/recipes/${recipe}/move`, { folderId: folder.id })).json).toMatchObject({ folderId: folder.id })
    expect((await control("POST", `/recipes/${recipe}/stop`, { cause: "txn_quota_limit" })).json).toMatchObject({ running: false, stopCause: "txn_quota_limit" })
    expect((await control("POST", `/recipes/${recipe}/stop`)).status).toBe(400)
    expect((await control("POST", `/recipes/${recipe}/start`)).json).toMatchObject({ running: true, stopCause: null })
    expect((await control("GET", `/recipes/${recipe}`)).json).toMatchObject({ id: recipe, folder_id: folder.id })
    sim.addFailures(recipe, 2)
    clock.advance(10_000)
    expect((await control("POST", `/recipes/${recipe}/purge`, { before: new Date(clock.now()).toISOString() })).json).toEqual({ removed: 2 })
    expect((await control("POST", "/recipes/424242/stop")).status).toBe(404)
  })
})

describe("demo data", () => {
  it("spreads generated recipes over a few folders, Shopify inside Sales", async () => {
    const { sim, call } = await start({ recipes: 5, jobsPerRecipe: 20 })
    const folders = sim.folders()
    expect(folders.map((f) => f.name)).toEqual(["Home", "Sales", "Shopify", "Finance", "People"])
    const sales = folders.find((f) => f.name === "Sales")!
    expect(folders.find((f) => f.name === "Shopify")!.parentId).toBe(sales.id)
    const inSales = (await call.get(`/api/recipes?folder_id=${sales.id}&with_subfolders=true`)).json.items as WireRecipe[]
    expect(inSales).toHaveLength(3)
    for (const r of inSales) expect(r.job_succeeded_count + r.job_failed_count).toBeGreaterThan(0)
  })
})
