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

describe("a generated 1,000-item page", () => {
  // Each item varies with its index so that every decoding rule shows up hundreds of times in
  // one page: [wire value, decoded value] per key, `absent` meaning the key is not there.
  const absent = Symbol("absent")
  type Case = readonly [wire: unknown, decoded: unknown]
  const nth = <A>(i: number, cases: ReadonlyArray<A>): A => cases[i % cases.length]!
  const jobId = (i: number, n: number): Case => nth(i, [[n, String(n)], [`j-${n}`, `j-${n}`]])
  const recipeId = (i: number): Case => nth(i, [[28904, 28904], [String(i), i]])
  const optional = (i: number, value: Case): Case => nth(i, [value, [null, absent], [absent, absent]])
  const nullable = (i: number, value: Case): Case => nth(i, [value, [null, null], [absent, null]])

  const item = (i: number): readonly [wire: object, decoded: object] => {
    const keys: Record<string, Case> = {
      id: jobId(i, 1000 + i),
      flow_run_id: optional(i, [i, i]),
      title: [`job ${i}`, `job ${i}`],
      status: optional(i >> 2, nth(i, [["succeeded", "succeeded"], ["failed", "failed"], ["pending", "pending"], ["canceled", "canceled"]])),
      is_error: optional(i >> 1, [i % 2 === 1, i % 2 === 1]),
      is_poll_error: [i % 7 === 0, i % 7 === 0],
      error: nullable(i >> 1, ["Bad request", "Bad request"]),
      error_parts: optional(i >> 3, [
        { adapter: "slack", error_type: "Bad request", inner_message: null, input: "<redacted>", retry_count: i, hint: { i } },
        { adapter: "slack", error_type: "Bad request", input: "<redacted>", retry_count: i, hint: { i } }
      ]),
      started_at: ["2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z"],
      completed_at: nullable(i >> 2, ["2026-01-01T00:01:00.000Z", "2026-01-01T00:01:00.000Z"]),
      recipe_id: optional(i >> 1, recipeId(i)),
      master_job_id: nullable(i, jobId(i >> 1, 5000 + i)),
      calling_recipe_id: nullable(i >> 3, recipeId(i >> 1)),
      calling_job_id: nullable(i >> 4, jobId(i, 7000 + i)),
      root_recipe_id: nullable(i >> 5, recipeId(i)),
      root_job_id: nullable(i >> 6, jobId(i >> 2, 9000 + i)),
      // keys the schema does not declare are kept as they are
      ...(i % 3 === 0 ? { is_cancellable: [true, true] as Case, lines: [[{ i }], [{ i }]] as Case } : {})
    }
    const side = (index: 0 | 1) =>
      Object.fromEntries(Object.entries(keys).flatMap(([key, c]) => c[index] === absent ? [] : [[key, c[index]]]))
    return [side(0), side(1)]
  }

  it("decodes to the expected values, key for key", () => {
    const items = Array.from({ length: 1000 }, (_, i) => item(i))
    const counts = { job_succeeded_count: 600, job_failed_count: 400, job_count: 1000, job_scope_count: 1000 }
    const page = decode(JobList)({ ...counts, next_page: null, items: items.map(([wire]) => wire) })
    assert.deepStrictEqual(page, { ...counts, next_page: null, items: items.map(([, decoded]) => decoded) } as unknown)
  })

  it("leaves the wire value as it was", () => {
    const wire = { job_succeeded_count: 1, job_failed_count: 1, job_count: 2, items: [item(0)[0], item(5)[0]] }
    const before = structuredClone(wire)
    decode(JobList)(wire)
    assert.deepStrictEqual(wire, before)
  })
})
