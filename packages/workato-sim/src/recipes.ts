// The Recipes reads of Workato's Developer API (docs.workato.com/en/workato-api/recipes):
// GET /api/recipes/:id and GET /api/recipes with its filters and page/per_page paging. What is
// documented and what is assumed is listed in README ("Recipes API").
import { jsonReply, messageReply, type Reply } from "./http-util.js"
import { SimInputError, type RecipeRecord } from "./model.js"
import type { Store } from "./store.js"
import type { WireRecipe, WireRecipeList } from "./types.js"

export const RECIPES_MAX_PER_PAGE = 100
/** The docs disagree (10 in older revisions, 100 in newer); the newer is used. */
export const RECIPES_DEFAULT_PER_PAGE = 100

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

const applications = (recipe: RecipeRecord): string[] => [...new Set([recipe.trigger.adapter, ...recipe.actions.map((a) => a.adapter)])]

/** The workspace owner every recipe belongs to in the sim. */
const OWNER = { id: 4848, name: "Sim Admin", email: "admin@example.com" } as const

export const toWireRecipe = (recipe: RecipeRecord): WireRecipe => {
  let succeeded = 0
  let failed = 0
  for (const job of recipe.jobs) {
    if (job.status === "succeeded") succeeded++
    else if (job.status === "failed") failed++
  }
  const newest = recipe.jobs[recipe.jobs.length - 1]
  const apps = applications(recipe)
  const actionApps = [...new Set(recipe.actions.map((a) => a.adapter))]
  return {
    id: recipe.id,
    user_id: OWNER.id,
    name: recipe.name,
    created_at: iso(recipe.createdAt)!,
    updated_at: iso(recipe.updatedAt)!,
    copy_count: 0,
    trigger_application: recipe.trigger.adapter,
    action_applications: actionApps,
    applications: apps,
    description: recipe.name,
    parameters_schema: [],
    parameters: {},
    webhook_url: null,
    folder_id: recipe.folderId,
    running: recipe.running,
    job_succeeded_count: succeeded,
    job_failed_count: failed,
    // One task per action step of every finished job (an estimate; Workato counts executed steps).
    lifetime_task_count: (succeeded + failed) * recipe.actions.length,
    last_run_at: newest ? iso(newest.startedAt) : null,
    stopped_at: iso(recipe.stoppedAt),
    version_no: 1,
    stop_cause: recipe.stopCause,
    config: apps.map((app) => ({ keyword: "application", name: app, provider: app, skip_validation: false, account_id: null })),
    trigger_closure: null,
    code: JSON.stringify({
      number: 0,
      provider: recipe.trigger.adapter,
      name: recipe.trigger.operation,
      keyword: "trigger",
      block: recipe.actions.map((a, i) => ({ number: i + 1, provider: a.adapter, name: a.operation, keyword: "action" }))
    }),
    author_name: OWNER.name,
    version_author_name: OWNER.name,
    version_author_email: OWNER.email,
    version_comment: null
  }
}

export interface RecipeQuery {
  readonly folderId: number | undefined
  readonly withSubfolders: boolean
  readonly running: boolean | undefined
  readonly page: number
  readonly perPage: number
  readonly sinceId: number | undefined
  readonly order: "default" | "activity"
  readonly updatedAfter: number | undefined
  readonly stoppedAfter: number | undefined
  readonly stopCause: string | undefined
  readonly adapterNamesAny: ReadonlyArray<string> | undefined
  readonly adapterNamesAll: ReadonlyArray<string> | undefined
}

const flag = (value: string | null): boolean | undefined =>
  value === null || value === "" ? undefined : ["true", "1", "yes", "on"].includes(value.toLowerCase())

const positiveInt = (name: string, value: string | null, fallback: number): number => {
  if (value === null || value === "") return fallback
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new SimInputError(`${name} must be a positive integer: ${value}`)
  return Number(value)
}

const time = (name: string, value: string | null): number | undefined => {
  if (value === null || value === "") return undefined
  const ms = Date.parse(value)
  if (!Number.isFinite(ms)) throw new SimInputError(`${name} must be an ISO 8601 time (YYYY-MM-DDTHH:MM:SSZ): ${value}`)
  return ms
}

const names = (value: string | null): ReadonlyArray<string> | undefined =>
  value === null || value.trim() === "" ? undefined : value.split(",").map((n) => n.trim()).filter((n) => n !== "")

export const parseRecipeQuery = (query: URLSearchParams): RecipeQuery => {
  const order = query.get("order") || "default"
  if (order !== "default" && order !== "activity") throw new SimInputError(`order must be default or activity: ${order}`)
  const folder = query.get("folder_id")
  return {
    folderId: folder === null || folder === "" ? undefined : positiveInt("folder_id", folder, 0),
    withSubfolders: flag(query.get("with_subfolders")) ?? false,
    running: flag(query.get("running")),
    page: positiveInt("page", query.get("page"), 1),
    // Larger pages are cut to the documented maximum rather than refused (sim assumption).
    perPage: Math.min(RECIPES_MAX_PER_PAGE, positiveInt("per_page", query.get("per_page"), RECIPES_DEFAULT_PER_PAGE)),
    sinceId: query.get("since_id") ? positiveInt("since_id", query.get("since_id"), 0) : undefined,
    order,
    updatedAfter: time("updated_after", query.get("updated_after")),
    stoppedAfter: time("stopped_after", query.get("stopped_after")),
    stopCause: query.get("stop_cause") || undefined,
    adapterNamesAny: names(query.get("adapter_names_any")),
    adapterNamesAll: names(query.get("adapter_names_all"))
  }
}

/** The recipes matching the query, in Workato's order ("descending ID order"), one page. */
export const listRecipes = (store: Store, query: RecipeQuery): ReadonlyArray<RecipeRecord> => {
  const folders = query.folderId === undefined ? undefined : query.withSubfolders ? store.folderTree(query.folderId) : new Set([query.folderId])
  const matches = (r: RecipeRecord): boolean => {
    if (folders !== undefined && !folders.has(r.folderId)) return false
    if (query.running !== undefined && r.running !== query.running) return false
    if (query.sinceId !== undefined && r.id >= query.sinceId) return false
    if (query.updatedAfter !== undefined && !(r.updatedAt > query.updatedAfter)) return false
    if (query.stoppedAfter !== undefined && !(r.stoppedAt !== null && r.stoppedAt > query.stoppedAfter)) return false
    if (query.stopCause !== undefined && r.stopCause !== query.stopCause) return false
    const apps = applications(r)
    if (query.adapterNamesAny !== undefined && !query.adapterNamesAny.some((a) => apps.includes(a))) return false
    if (query.adapterNamesAll !== undefined && !query.adapterNamesAll.every((a) => apps.includes(a))) return false
    return true
  }
  const lastActivity = (r: RecipeRecord) => Math.max(r.updatedAt, r.jobs[r.jobs.length - 1]?.startedAt ?? 0)
  const sorted = store
    .recipes()
    .filter(matches)
    .sort(query.order === "activity" ? (a, b) => lastActivity(b) - lastActivity(a) || b.id - a.id : (a, b) => b.id - a.id)
  const start = (query.page - 1) * query.perPage
  return sorted.slice(start, start + query.perPage)
}

/** GET /api/recipes (list) and GET /api/recipes/:id. */
export const handleRecipes = (store: Store, route: "recipes" | "recipe", rawId: number | undefined, query: URLSearchParams): Reply => {
  if (route === "recipe") {
    const recipe = rawId === undefined ? undefined : store.recipe(rawId)
    return recipe ? jsonReply(200, toWireRecipe(recipe)) : messageReply(404, "Not found")
  }
  let parsed: RecipeQuery
  try {
    parsed = parseRecipeQuery(query)
  } catch (error) {
    // SIM ASSUMPTION: malformed filters are a 400 with the reason (the real answer is undocumented).
    return messageReply(400, error instanceof Error ? error.message : String(error))
  }
  const body: WireRecipeList = { items: listRecipes(store, parsed).map(toWireRecipe) }
  return jsonReply(200, body)
}
