// Which documented endpoint a request is for. Path ids are captured raw and validated by handlers.
import type { RouteName } from "./types.js"

export interface RouteMatch {
  readonly route: RouteName
  readonly recipeId?: string
  readonly jobHandle?: string
}

const TABLE: ReadonlyArray<{ method: string; pattern: RegExp; route: RouteName }> = [
  { method: "GET", pattern: /^\/api\/recipes\/([^/]+)\/jobs\/?$/, route: "list" },
  { method: "GET", pattern: /^\/api\/recipes\/([^/]+)\/jobs\/([^/]+)\/?$/, route: "get" },
  { method: "POST", pattern: /^\/api\/job\/resume\/?$/, route: "resume" },
  { method: "POST", pattern: /^\/api\/recipes\/([^/]+)\/repeat_jobs\/?$/, route: "repeat" },
  { method: "POST", pattern: /^\/api\/recipes\/([^/]+)\/cancel_jobs\/?$/, route: "cancel" },
  { method: "GET", pattern: /^\/api\/recipes\/?$/, route: "recipes" },
  { method: "GET", pattern: /^\/api\/recipes\/([^/]+)\/?$/, route: "recipe" }
]

const decode = (segment: string | undefined): string | undefined => {
  if (segment === undefined) return undefined
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

export const matchRoute = (method: string, path: string): RouteMatch | undefined => {
  for (const entry of TABLE) {
    if (entry.method !== method) continue
    const m = entry.pattern.exec(path)
    if (!m) continue
    const recipeId = decode(m[1])
    const jobHandle = decode(m[2])
    return {
      route: entry.route,
      ...(recipeId !== undefined ? { recipeId } : {}),
      ...(jobHandle !== undefined ? { jobHandle } : {})
    }
  }
  return undefined
}

/** Recipe ids are integers; anything else is answered 404 like an unknown recipe (see README). */
export const parseRecipeId = (raw: string | undefined): number | undefined =>
  raw !== undefined && /^\d{1,15}$/.test(raw) ? Number(raw) : undefined
