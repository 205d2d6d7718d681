// Handlers of the five documented Jobs endpoints (auth, quotas and faults are applied before).
import { cancelJobs } from "./cancel.js"
import { checkJobIds, type Body } from "./batch.js"
import { jsonReply, messageReply, type Reply } from "./http-util.js"
import { repeatJobs } from "./repeat.js"
import { handleRecipes } from "./recipes.js"
import { parseRecipeId, type RouteMatch } from "./routes.js"
import type { Store } from "./store.js"
import type { ResumeRecord, WireListResponse } from "./types.js"
import { toDetail, toSummary, type WireOptions } from "./wire.js"

export interface ApiContext {
  readonly store: Store
  readonly pageSize: () => number
  readonly wire: WireOptions
  readonly resumes: ResumeRecord[]
}

export const NOT_FOUND = "Not found"
const STATUSES = ["succeeded", "failed", "pending"] as const

const flag = (value: string | null): boolean => value !== null && ["true", "1", "yes", "on"].includes(value.toLowerCase())

export const handleApi = (ctx: ApiContext, match: RouteMatch, query: URLSearchParams, body: Body): Reply => {
  ctx.store.settle()
  if (match.route === "resume") return resume(ctx, body)
  const recipeId = parseRecipeId(match.recipeId)
  if (match.route === "recipes" || match.route === "recipe") return handleRecipes(ctx.store, match.route, recipeId, query)
  const recipe = recipeId === undefined ? undefined : ctx.store.recipe(recipeId)
  if (!recipe) return messageReply(404, NOT_FOUND)
  switch (match.route) {
    case "list": {
      let status = query.get("status") || undefined
      // Deprecated `failed=true` still filters failures when no status is given.
      if (status === undefined && flag(query.get("failed"))) status = "failed"
      if (status !== undefined && !STATUSES.includes(status as (typeof STATUSES)[number])) {
        // SIM ASSUMPTION: an unknown status value is a 400 (the real answer is undocumented).
        return messageReply(400, `Invalid status: ${status}. Use succeeded, failed or pending.`)
      }
      const page = ctx.store.list(
        recipe,
        {
          offsetJobId: query.get("offset_job_id") || undefined,
          prev: flag(query.get("prev")),
          status: status as (typeof STATUSES)[number] | undefined,
          rerunOnly: flag(query.get("rerun_only"))
        },
        ctx.pageSize()
      )
      const response: WireListResponse = {
        job_succeeded_count: page.succeeded,
        job_failed_count: page.failed,
        job_count: page.total,
        job_scope_count: page.scope,
        items: page.items.map((job) => toSummary(job, ctx.wire))
      }
      return jsonReply(200, response)
    }
    case "get": {
      const job = match.jobHandle === undefined ? undefined : ctx.store.job(match.jobHandle)
      if (!job || job.recipeId !== recipe.id) return messageReply(404, NOT_FOUND)
      return jsonReply(200, toDetail(job, recipe, ctx.store.now(), ctx.wire))
    }
    case "repeat": {
      const check = checkJobIds(body, "repeated")
      return check.ok ? jsonReply(200, repeatJobs(ctx.store, recipe, check.ids)) : messageReply(400, check.message)
    }
    case "cancel": {
      const check = checkJobIds(body, "canceled")
      return check.ok ? jsonReply(200, cancelJobs(ctx.store, recipe, check.ids)) : messageReply(400, check.message)
    }
  }
}

/** POST /api/job/resume: 204 for a live token (consumed), 404 for an unknown one. */
const resume = (ctx: ApiContext, body: Body): Reply => {
  if (body.kind === "invalid") return messageReply(400, "Bad request")
  const value = body.kind === "json" ? body.value : undefined
  const token = value !== null && typeof value === "object" ? (value as { token?: unknown }).token : undefined
  // SIM ASSUMPTION: Rails-style missing-param message, as the seed shows for job_ids.
  if (typeof token !== "string" || token.trim() === "") return messageReply(400, "param is missing or the value is empty or invalid: token")
  const data = (value as { data?: unknown }).data
  if (data !== undefined && data !== null && (typeof data !== "object" || Array.isArray(data))) {
    return messageReply(400, "param is invalid: data must be an object")
  }
  const found = ctx.store.consumeResumeToken(token)
  if (!found) return messageReply(404, NOT_FOUND)
  ctx.resumes.push({ token, jobId: found.jobId, data: data ?? null, at: ctx.store.now() })
  return { status: 204 }
}
