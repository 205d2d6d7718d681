// Per-step `lines` of a job detail, derived deterministically from the job (same job → same lines).
// Shape: the seed's get-job sample plus the live-verified fields (line_stat timings,
// error_descriptor, error_details) listed in the reference §5.
import { HTTP_STATUS_TEXT, type Step } from "./catalog.js"
import type { JobRecord, RecipeRecord } from "./model.js"
import { hashString, Prng } from "./prng.js"
import type { WireLine } from "./types.js"

const iso = (ms: number) => new Date(ms).toISOString()

const stepInput = (step: Step, job: JobRecord, rng: Prng): Record<string, unknown> => {
  switch (step.adapter) {
    case "clock":
      return { time_unit: "minutes", trigger_every: "5" }
    case "workato_service":
      return { service_name: "enrich_account" }
    case "workato_webhooks":
      return { event_name: "stripe_invoice_paid" }
    case "slack":
      return { channel: "#ops-alerts", text: `Processed: ${job.title.slice(0, 60)}` }
    case "snowflake":
      return { table: rng.pick(["ORDERS", "PAYMENTS", "CONTACTS"]), warehouse: "INTEGRATION_WH" }
    case "http":
      return { method: rng.pick(["GET", "POST"]), url: `https://api.example.com/v1/records/${rng.int(1000, 99999)}` }
    default:
      return step.operation.startsWith("new")
        ? { since: iso(job.startedAt - 86_400_000) }
        : { object: rng.pick(["Account", "Opportunity", "SalesOrder", "Contact", "Ticket"]), external_id: `EXT-${rng.int(10000, 99999)}` }
  }
}

const stepOutput = (step: Step, job: JobRecord, rng: Prng, isTrigger: boolean): Record<string, unknown> =>
  isTrigger
    ? { id: String(rng.int(100000, 99999999)), created_at: iso(job.startedAt - rng.int(1000, 60000)), title: job.title }
    : step.adapter === "slack"
    ? { ok: true, ts: `${Math.floor(job.startedAt / 1000)}.${String(rng.int(0, 999999)).padStart(6, "0")}` }
    : { id: String(rng.int(100000, 99999999)), success: true }

const stat = (rng: Prng, start: number, end: number | null, isTrigger: boolean): WireLine["line_stat"] => {
  const names = isTrigger
    ? ["map_input", "summarize_output_report", "event_title", "summarize_input_report"]
    : ["map_input", "execute", "summarize_output_report", "summarize_input_report"]
  const details = names.map((name) => {
    const total = rng.next() * (name === "execute" ? 2 : 0.004)
    return { name, count: 1, average: total, total, min: total, max: total }
  })
  return {
    started_at: iso(start),
    completed_at: end === null ? null : iso(end),
    total: details.reduce((sum, d) => sum + d.total, 0),
    details
  }
}

/** The `lines` array of a job detail. Poll errors have none (no trigger event was fetched). */
export const buildLines = (job: JobRecord, recipe: RecipeRecord, now: number): WireLine[] => {
  if (job.isPollError) return []
  const rng = new Prng(hashString(job.id))
  const steps: Step[] = [recipe.trigger, ...recipe.actions]
  let count = steps.length
  let failing = -1
  if (job.status === "failed" && job.error) {
    const index = steps.findIndex((s, i) => i > 0 && s.adapter === job.error!.adapter)
    failing = index > 0 ? index : steps.length - 1
    count = failing + 1
  } else if (job.status === "pending" || job.status === "canceled") {
    count = Math.max(1, Math.ceil(steps.length / 2))
  }
  const end = job.completedAt ?? Math.max(now, job.startedAt)
  const slice = Math.max(1, Math.floor((end - job.startedAt) / count))
  const lines: WireLine[] = []
  for (let i = 0; i < count; i++) {
    const step = steps[i]!
    const isTrigger = i === 0
    const start = job.startedAt + i * slice
    const running = job.status === "pending" && i === count - 1
    const lineEnd = running ? null : Math.min(end, start + slice)
    const isFailing = i === failing && job.error !== null
    const input = stepInput(step, job, rng)
    // Field order as in the seed's sample: input, output, (error), mask_data, line_stat.
    const line: WireLine = {
      recipe_line_number: i,
      adapter_name: step.adapter,
      adapter_operation: step.operation,
      input,
      ...(isFailing || running ? {} : { output: stepOutput(step, job, rng, isTrigger) }),
      error: null,
      mask_data: false,
      line_stat: stat(rng, start, lineEnd, isTrigger)
    }
    if (isFailing && job.error) {
      const e = job.error
      line.error = e.message
      line.error_descriptor = {
        error_type: e.error_type,
        error_id: e.error_id,
        line_number: i,
        adapter: e.adapter,
        error_at: iso(e.error_at),
        error_type_id: null,
        actionable: false,
        action: null,
        trigger: null
      }
      const statusText = HTTP_STATUS_TEXT[e.code] ?? "Error"
      line.error_details = {
        message: e.message,
        inner_message: e.inner_message,
        http_response: {
          protocol: "HTTP/1.1",
          code: e.code,
          raw_status_text: statusText,
          normalized_status_text: statusText,
          body: JSON.stringify({ error: e.message }),
          headers: { "content-type": "application/json" }
        }
      }
    }
    lines.push(line)
  }
  return lines
}

/** The recipe line a failed job stopped at (for `error_parts.line_number`), or null. */
export const failingLine = (job: JobRecord, recipe: RecipeRecord): { line: number; step: Step } | null => {
  if (job.status !== "failed" || !job.error || job.isPollError) return null
  const steps: Step[] = [recipe.trigger, ...recipe.actions]
  const index = steps.findIndex((s, i) => i > 0 && s.adapter === job.error!.adapter)
  const line = index > 0 ? index : steps.length - 1
  return { line, step: steps[line]! }
}
