import { assert, describe, it } from "@effect/vitest"
import { Schema } from "effect"
import {
  ActionEntry,
  CancelResponse,
  isFailed,
  JobDetail,
  JobIdsRequest,
  JobList,
  JobSummary,
  masterJobId,
  RepeatResponse,
  ResumeRequest
} from "@workato-jobs/jobs-api"
import { fixture } from "./support/fixtures.js"

const decode = <A, I>(schema: Schema.Schema<A, I>) => Schema.decodeUnknownSync(schema)

describe("documented samples decode", () => {
  it("seed list: string ids, error_parts, master_job_id", () => {
    const list = decode(JobList)(fixture("seed/list-jobs.json"))
    assert.strictEqual(list.items.length, 2)
    assert.strictEqual(list.job_scope_count, 1)
    const [ok, failed] = list.items
    assert.strictEqual(ok?.id, "j-KGAKfhsz-GYoLe")
    assert.strictEqual(ok?.error, null)
    assert.strictEqual(ok?.master_job_id, "j-UIL3NQ8L-ekbIaw-B1")
    assert.strictEqual(ok?.recipe_id, 28904)
    assert.strictEqual(failed?.status, "failed")
    assert.strictEqual(failed?.error_parts?.adapter, "marketo")
    assert.strictEqual(failed?.error_parts?.error_id, "603260f5-a309-45b3-a20e-111d90a28917")
    assert.isTrue(failed !== undefined && isFailed(failed))
  })

  it("current docs list (partial): flow_run_id kept, optional keys absent", () => {
    const list = decode(JobList)(fixture("samples/list-jobs.current-docs.partial.json"))
    assert.strictEqual(list.items[0]?.flow_run_id, 1004)
    assert.strictEqual(list.items[0]?.master_job_id, null)
    assert.strictEqual(list.items[0]?.status, undefined)
  })

  it("2020 list: integer ids become strings", () => {
    const list = decode(JobList)(fixture("samples/list-jobs.2020-docs.json"))
    assert.deepStrictEqual(list.items.map((j) => j.id), ["1004", "1003"])
    assert.strictEqual(list.items[1]?.error_parts?.inner_message, undefined)
    assert.strictEqual(list.items[1]?.error_parts?.input, "<redacted>")
  })

  it("2019 list: integer ids, empty error_parts, JSON-in-string error, unknown `lines` kept", () => {
    const list = decode(JobList)(fixture("samples/list-jobs.2019-docs.json"))
    assert.deepStrictEqual(list.items.map((j) => j.id), ["1004", "1003", "1001"])
    assert.deepStrictEqual(list.items[2]?.error_parts, {})
    assert.isTrue(list.items[0]?.is_poll_error)
    assert.deepStrictEqual((list.items[0] as unknown as { lines: unknown }).lines, [])
  })

  it("seed job detail: lines, line_stat details, handles", () => {
    const job = decode(JobDetail)(fixture("seed/get-job.json"))
    assert.strictEqual(job.handle, "j-AJTAt8w6-wdAgWM")
    assert.strictEqual(job.is_repeat, false)
    assert.strictEqual(job.master_job_handle, "j-AJTAt8w6-wdAgWM")
    assert.strictEqual(job.lines.length, 1)
    assert.strictEqual(job.lines[0]?.line_stat?.details?.length, 4)
    assert.strictEqual(job.lines[0]?.adapter_name, "clock")
    assert.strictEqual(masterJobId(job), "j-AJTAt8w6-wdAgWM")
  })

  it("2020 job detail: integer id, a failing line without output, no status", () => {
    const job = decode(JobDetail)(fixture("samples/get-job.2020-docs.json"))
    assert.strictEqual(job.id, "1003")
    assert.strictEqual(job.lines[1]?.error, "'Filter values' must be present")
    assert.strictEqual(job.lines[1]?.output, undefined)
    assert.strictEqual(job.lines[0]?.error, null)
    assert.strictEqual(job.error_parts?.error_type, "Bad request")
    assert.isTrue(isFailed(job))
  })

  it("audit-log job records (same job model) decode as summaries", () => {
    const success = decode(JobSummary)(fixture("samples/audit-log-stream.job-success.current-docs.partial.json"))
    assert.strictEqual(success.master_job_id, "j-AEcaNXb8-KWAmEL")
    assert.strictEqual(success.calling_recipe_id, 3026585)
    const failure = decode(JobSummary)(fixture("samples/audit-log-stream.job-failure.2019-docs.json"))
    assert.strictEqual(failure.id, "994697528")
    assert.strictEqual(failure.is_error, undefined)
    assert.isTrue(isFailed(failure))
  })

  it("seed repeat response: the three documented type_ids and the summary", () => {
    const res = decode(RepeatResponse)(fixture("seed/repeat-jobs.200.json"))
    assert.strictEqual(res.results.length, 4)
    assert.strictEqual(res.results[0]?.job?.id, "j-DN1pT7hv-zgFLZP")
    assert.deepStrictEqual(res.results.slice(1).map((r) => r.error?.type_id), [
      "err.item.not_found",
      "err.job.repeat.invalid_id",
      "err.job.repeat.trigger_data_unavailable.expired"
    ])
    assert.strictEqual(res.summary?.total_failed, 3)
  })

  it("seed request bodies encode and decode", () => {
    const resume = decode(ResumeRequest)(fixture("seed/resume-request.json"))
    assert.strictEqual(resume.token, "<resume_token>")
    const repeat = decode(JobIdsRequest)(fixture("seed/repeat-request.json"))
    assert.strictEqual(repeat.job_ids.length, 4)
  })
})

describe("lenient decoding", () => {
  const minimal = { id: "j-1", title: "t", is_error: false, is_poll_error: false, started_at: "2026-01-01T00:00:00Z" }

  it("unknown status strings and unknown keys are kept", () => {
    const job = decode(JobSummary)({ ...minimal, status: "canceled", is_cancellable: true })
    assert.strictEqual(job.status, "canceled")
    assert.strictEqual((job as unknown as { is_cancellable: boolean }).is_cancellable, true)
  })

  it("null optional keys are absent, absent nullable keys are null", () => {
    const job = decode(JobSummary)({ ...minimal, error_parts: null, status: null, recipe_id: "42" })
    assert.strictEqual(job.error_parts, undefined)
    assert.strictEqual(job.status, undefined)
    assert.strictEqual(job.recipe_id, 42)
    assert.strictEqual(job.completed_at, null)
    assert.strictEqual(job.calling_job_id, null)
  })

  it("a job without an id does not decode", () => {
    assert.throws(() => decode(JobSummary)({ ...minimal, id: undefined }))
  })

  it("repeat entries: job_id instead of requested_job_id, string errors", () => {
    const entry = decode(ActionEntry)({ job_id: 77, status: "failed", error: "Job not found" })
    assert.strictEqual(entry.requested_job_id, "77")
    assert.deepStrictEqual(entry.error, { message: "Job not found" })
    const both = decode(ActionEntry)({ requested_job_id: "j-a", job_id: "j-b", status: "enqueued" })
    assert.strictEqual(both.requested_job_id, "j-a")
  })

  it("cancel responses: anything JSON-object shaped decodes", () => {
    assert.deepStrictEqual(decode(CancelResponse)({}), {})
    const res = decode(CancelResponse)({
      results: [{ requested_job_id: "j-1", status: "canceled", job: { id: "j-1" } }],
      summary: { total_canceled: 1 }
    })
    assert.strictEqual(res.results?.[0]?.status, "canceled")
  })
})
