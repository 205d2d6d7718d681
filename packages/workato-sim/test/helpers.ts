// Test helpers: a manual clock (virtual time for quotas and timestamps) and a tiny API caller.
import type { Sim } from "../src/index.js"

export interface ManualClock {
  readonly now: () => number
  advance(ms: number): void
}

/** A clock that only moves when told to; starts at 2026-01-15T12:00:00Z. */
export const manualClock = (start = Date.UTC(2026, 0, 15, 12, 0, 0)): ManualClock => {
  let t = start
  return {
    now: () => t,
    advance: (ms) => {
      t += ms
    }
  }
}

export interface ApiResponse {
  readonly status: number
  readonly headers: Headers
  readonly text: string
  readonly json: any
}

const toResponse = async (res: Response): Promise<ApiResponse> => {
  const text = await res.text()
  let json: unknown = undefined
  try {
    json = text === "" ? undefined : JSON.parse(text)
  } catch {
    json = undefined
  }
  return { status: res.status, headers: res.headers, text, json }
}

/** Calls the sim's API with its bearer token (override with `token: null` / another string). */
export const api = (sim: Sim) => {
  const headers = (token: string | null | undefined, extra?: Record<string, string>) => ({
    ...(token === null ? {} : { authorization: `Bearer ${token ?? sim.token}` }),
    ...extra
  })
  return {
    get: async (path: string, options: { token?: string | null } = {}) =>
      toResponse(await fetch(`${sim.url}${path}`, { headers: headers(options.token) })),
    post: async (path: string, body: unknown, options: { token?: string | null; raw?: string; contentType?: string } = {}) =>
      toResponse(
        await fetch(`${sim.url}${path}`, {
          method: "POST",
          headers: headers(options.token, { "content-type": options.contentType ?? "application/json" }),
          body: options.raw ?? JSON.stringify(body)
        })
      ),
    list: async (recipeId: number, query: Record<string, string> = {}) => {
      const qs = new URLSearchParams(query).toString()
      return toResponse(
        await fetch(`${sim.url}/api/recipes/${recipeId}/jobs${qs ? `?${qs}` : ""}`, { headers: headers(undefined) })
      )
    },
    repeat: async (recipeId: number, jobIds: unknown) => toResponse(
      await fetch(`${sim.url}/api/recipes/${recipeId}/repeat_jobs`, {
        method: "POST",
        headers: headers(undefined, { "content-type": "application/json" }),
        body: JSON.stringify({ job_ids: jobIds })
      })
    ),
    cancel: async (recipeId: number, jobIds: unknown) => toResponse(
      await fetch(`${sim.url}/api/recipes/${recipeId}/cancel_jobs`, {
        method: "POST",
        headers: headers(undefined, { "content-type": "application/json" }),
        body: JSON.stringify({ job_ids: jobIds })
      })
    )
  }
}

/** Waits (bounded) until `predicate` holds; for events the sim records without answering. */
export const eventually = async (predicate: () => boolean, what: string): Promise<void> => {
  for (let i = 0; i < 500; i++) {
    if (predicate()) return
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  throw new Error(`Timed out waiting for: ${what}`)
}
