// What each injected fault answers (or that it answers nothing).
import { randomUUID } from "node:crypto"
import type { ActiveFault } from "./faults.js"
import { messageReply, type Reply } from "./http-util.js"

/** Workato's documented 500 body, with a fresh error id to log. */
export const serverError = (): Reply => ({ status: 500, json: { message: "Server error", id: randomUUID() } })

/**
 * The reply of a fault that answers before the request takes effect, or how it withholds one:
 * "drop" (destroy the socket) or "hang" (never answer). `…AfterApply` kinds also withhold.
 */
export const faultReply = (fault: ActiveFault): Reply | "drop" | "hang" => {
  switch (fault.kind) {
    case "status500":
      return serverError()
    case "status503":
      // A load balancer's page, not JSON (assumption; clients must not require a JSON body).
      return {
        status: 503,
        text: "<html><head><title>503 Service Temporarily Unavailable</title></head><body><h1>503 Service Temporarily Unavailable</h1></body></html>",
        contentType: "text/html; charset=utf-8"
      }
    case "status429":
      return messageReply(429, "Too many requests", { "retry-after": fault.retryAfter })
    case "status401":
      return messageReply(401, "Unauthorized")
    case "status403":
      // 403 bodies are undocumented; `{message}` like the documented ones.
      return messageReply(403, "Forbidden")
    case "invalidJson":
      return { status: 200, text: '{"job_succeeded_count":1,"items":[{"id":"j-', contentType: "application/json; charset=utf-8" }
    case "drop":
    case "dropAfterApply":
      return "drop"
    case "hang":
    case "hangAfterApply":
      return "hang"
  }
}
