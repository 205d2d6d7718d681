/**
 * Unit-level checks with a fake transport (an `HttpClient` answering canned
 * responses): payload variants and failures the simulator does not produce.
 */
import { HttpClient, HttpClientError, HttpClientResponse } from "@effect/platform"
import { assert, describe, it } from "@effect/vitest"
import { Chunk, Context, Duration, Effect, Layer, Redacted, Stream, TestClock } from "effect"
import { CancelResult, JobsClient, RepeatResult } from "@workato-jobs/jobs-api"
import { fixture } from "./support/fixtures.js"

const TOKEN = "fake-secret-token-777"

interface Canned {
  readonly status: number
  readonly body?: unknown
  readonly headers?: Record<string, string>
}

/** A JobsClient whose transport answers `answer(request)`; requests are recorded. */
const fakeClient = (
  answer: (url: URL) => Canned | HttpClientError.RequestError["cause"],
  options: { readonly retry?: { readonly times: number } } = {}
) =>
  Effect.gen(function*() {
    const urls: Array<URL> = []
    const transport = HttpClient.make((request, url) =>
      Effect.suspend(() => {
        urls.push(url)
        const canned = answer(url)
        if (canned instanceof Error) {
          return Effect.fail(new HttpClientError.RequestError({ request, reason: "Transport", cause: canned }))
        }
        const { body, headers, status } = canned as Canned
        const text = body === undefined ? null : typeof body === "string" ? body : JSON.stringify(body)
        return Effect.succeed(HttpClientResponse.fromWeb(request, new Response(text, { status, headers: headers ?? {} })))
      })
    )
    const context = yield* Layer.build(
      JobsClient.layer({ token: Redacted.make(TOKEN), baseUrl: "https://workato.test", ...options }).pipe(
        Layer.provide(Layer.succeed(HttpClient.HttpClient, transport))
      )
    )
    return { jobs: Context.get(context, JobsClient), urls }
  }).pipe(Effect.orDie)

const documented = fixture("samples/errors.documented-http-response-codes.json") as Record<string, unknown>

describe("documented response bodies", () => {
  it.scoped("400/401/404/500 sample bodies map to their error classes", () =>
    Effect.gen(function*() {
      const expected: Record<string, string> = { 400: "BadRequest", 401: "Unauthorized", 404: "NotFound", 500: "ServerError" }
      for (const [status, tag] of Object.entries(expected)) {
        const { jobs } = yield* fakeClient(() => ({ status: Number(status), body: documented[status] }), { retry: { times: 0 } })
        const error = yield* Effect.flip(jobs.list(1))
        assert.strictEqual(error._tag, tag)
        if (error._tag === "ServerError") assert.strictEqual(error.errorId, "3188c2d0-29a4-4080-908e-582e7ed82580")
        if (error._tag === "BadRequest") assert.strictEqual(error.serverMessage, "Bad request")
      }
    }))

  it.scoped("the generic 200 sample answers a resume; 204 too", () =>
    Effect.gen(function*() {
      const { jobs } = yield* fakeClient(() => ({ status: 200, body: documented["200"] }))
      yield* jobs.resume({ token: "resume-token" })
      const { jobs: jobs204 } = yield* fakeClient(() => ({ status: 204 }))
      yield* jobs204.resume({ token: "resume-token", data: { any: ["thing"] } })
    }))

  it.scoped("the seed's repeat response → one result per documented type_id", () =>
    Effect.gen(function*() {
      const { jobs } = yield* fakeClient(() => ({ status: 200, body: fixture("seed/repeat-jobs.200.json") }))
      const ids = (fixture("seed/repeat-request.json") as { job_ids: Array<string> }).job_ids
      const report = yield* jobs.repeat(51325710, ids)
      const [enqueued, ...rejected] = report.results
      assert.deepStrictEqual(enqueued, RepeatResult.Enqueued({ jobId: "j-AJTAt8w6-wdAgWM", newJobId: "j-DN1pT7hv-zgFLZP" }))
      assert.deepStrictEqual(
        rejected.map((r) => r._tag === "Rejected" ? r.error._tag : r._tag),
        ["JobNotFound", "NotMasterJob", "TriggerDataExpired"]
      )
      assert.include(rejected[2]?._tag === "Rejected" ? rejected[2].error.message : "", "erased due to retention policy")
    }))

  it.scoped("the seed's repeat 400 messages → NotSent with Workato's message", () =>
    Effect.gen(function*() {
      for (const file of ["seed/repeat-jobs.400.too-many.json", "seed/repeat-jobs.400.missing.json"]) {
        const body = fixture(file) as { message: string }
        const { jobs } = yield* fakeClient(() => ({ status: 400, body }))
        const report = yield* jobs.repeat(1, ["j-1"])
        const [result] = report.results
        assert.strictEqual(result?._tag, "NotSent")
        assert.strictEqual(result?._tag === "NotSent" && result.cause._tag === "BadRequest" ? result.cause.serverMessage : "", body.message)
      }
    }))
})

describe("payload variants", () => {
  it.scoped("repeat: job_id instead of requested_job_id, string errors, missing and odd entries", () =>
    Effect.gen(function*() {
      const { jobs } = yield* fakeClient(() => ({
        status: 200,
        body: {
          results: [
            { job_id: "j-a", status: "enqueued", job: { id: "j-new" } },
            { job_id: "j-b", status: "failed", error: "Job not found" },
            { requested_job_id: "j-c", status: "scheduled" }
          ]
        }
      }))
      const report = yield* jobs.repeat(1, ["j-a", "j-b", "j-c", "j-d"])
      const [a, b, c, d] = report.results
      assert.deepStrictEqual(a, RepeatResult.Enqueued({ jobId: "j-a", newJobId: "j-new" }))
      assert.strictEqual(b?._tag === "Rejected" && b.error._tag === "RepeatRejected" ? b.error.serverMessage : "", "Job not found")
      assert.strictEqual(c?._tag, "Unknown")
      assert.include(c?._tag === "Unknown" ? c.cause.message : "", "scheduled")
      assert.strictEqual(d?._tag, "Unknown")
      assert.include(d?._tag === "Unknown" ? d.cause.message : "", "no result for job j-d")
    }))

  it.scoped("repeat: a 200 that cannot be read → Unknown for the whole chunk", () =>
    Effect.gen(function*() {
      const { jobs } = yield* fakeClient(() => ({ status: 200, body: "<html>maintenance</html>" }))
      const report = yield* jobs.repeat(1, ["j-a", "j-b"])
      assert.deepStrictEqual(report.results.map((r) => r._tag), ["Unknown", "Unknown"])
    }))

  it.scoped("cancel: an empty 2xx accepts every id (assumption); results are used when present", () =>
    Effect.gen(function*() {
      const { jobs } = yield* fakeClient(() => ({ status: 204 }))
      const report = yield* jobs.cancel(1, ["j-a", "j-b"])
      assert.deepStrictEqual(report.results, [
        CancelResult.Enqueued({ jobId: "j-a", status: null }),
        CancelResult.Enqueued({ jobId: "j-b", status: null })
      ])
      const { jobs: withResults } = yield* fakeClient(() => ({
        status: 200,
        body: { results: [{ requested_job_id: "j-a", status: "failed", error: { type_id: "err.item.not_found" } }] }
      }))
      const second = yield* withResults.cancel(1, ["j-a", "j-b"])
      assert.strictEqual(second.results[0]?._tag === "Rejected" ? second.results[0].error._tag : "", "JobNotFound")
      assert.strictEqual(second.results[1]?._tag, "Unknown")
    }))
})

describe("transport and headers", () => {
  it.scoped("Retry-After as an HTTP date is relative to the clock", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(Date.UTC(2026, 0, 15, 12, 0, 0))
      const { jobs } = yield* fakeClient(() => ({
        status: 429,
        headers: { "retry-after": "Thu, 15 Jan 2026 12:00:45 GMT" }
      }), { retry: { times: 0 } })
      const error = yield* Effect.flip(jobs.list(1))
      assert.isTrue(error._tag === "RateLimited" && Duration.equals(error.retryAfter!, Duration.seconds(45)))
    }))

  it.scoped("refused (also inside an AggregateError) → ConnectionFailed; a reset → ConnectionLost", () =>
    Effect.gen(function*() {
      const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" })
      const aggregate = Object.assign(new AggregateError([refused, refused], ""), { code: undefined })
      const reset = Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" })
      const kinds: Array<string> = []
      for (const cause of [refused, aggregate, reset]) {
        const { jobs } = yield* fakeClient(() => cause, { retry: { times: 0 } })
        const error = yield* Effect.flip(jobs.get(1, "j-1"))
        kinds.push(error._tag === "TransportError" ? error.kind : error._tag)
      }
      assert.deepStrictEqual(kinds, ["ConnectionFailed", "ConnectionFailed", "ConnectionLost"])
    }))

  it.scoped("a server message echoing the token is scrubbed", () =>
    Effect.gen(function*() {
      const { jobs } = yield* fakeClient(() => ({ status: 400, body: { message: `invalid header Bearer ${TOKEN}` } }))
      const error = yield* Effect.flip(jobs.list(1))
      assert.notInclude(error.message, TOKEN)
      assert.include(error.message, "Bearer <redacted>")
    }))

  it.scoped("requests: bearer token, JSON accept, base URL and query", () =>
    Effect.gen(function*() {
      let seen: Record<string, string> = {}
      const transport = HttpClient.make((request, url) => {
        seen = { ...request.headers, url: url.toString() }
        return Effect.succeed(HttpClientResponse.fromWeb(request, new Response(JSON.stringify({
          job_succeeded_count: 0,
          job_failed_count: 0,
          job_count: 0,
          items: []
        }))))
      })
      const context = yield* Layer.build(
        JobsClient.layer({ token: Redacted.make(TOKEN), baseUrl: "https://workato.test/api/" }).pipe(
          Layer.provide(Layer.succeed(HttpClient.HttpClient, transport))
        )
      ).pipe(Effect.orDie)
      yield* Context.get(context, JobsClient).list(7, { status: "failed", offsetJobId: "j-x", prev: true })
      assert.strictEqual(seen["authorization"], `Bearer ${TOKEN}`)
      assert.strictEqual(seen["accept"], "application/json")
      assert.strictEqual(seen["url"], "https://workato.test/api/recipes/7/jobs?offset_job_id=j-x&prev=true&status=failed")
    }))
})

describe("paging against servers that behave differently from the simulator", () => {
  const job = (id: string, second: number) => ({
    id,
    title: id,
    is_error: false,
    is_poll_error: false,
    started_at: new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString()
  })
  const page = (items: ReadonlyArray<unknown>) => ({
    status: 200,
    body: { job_succeeded_count: 0, job_failed_count: 0, job_count: 0, items }
  })

  it.scoped("newerThan: a prev=true page in newest-first order (or including the cursor) is emitted oldest → newest", () =>
    Effect.gen(function*() {
      const { jobs, urls } = yield* fakeClient((url) => {
        const cursor = url.searchParams.get("offset_job_id")
        if (cursor === "j-0") return page([job("j-3", 3), job("j-2", 2), job("j-1", 1), job("j-0", 0)])
        if (cursor === "j-3") return page([job("j-5", 5), job("j-4", 4)])
        return page([])
      })
      const fresh = yield* Stream.runCollect(jobs.newerThan(1, "j-0"))
      assert.deepStrictEqual(Chunk.toReadonlyArray(fresh).map((j) => j.id), ["j-1", "j-2", "j-3", "j-4", "j-5"])
      assert.deepStrictEqual(urls.map((u) => u.searchParams.get("offset_job_id")), ["j-0", "j-3", "j-5"])
    }))

  it.scoped("stream: a server that ignores the cursor ends the walk instead of looping", () =>
    Effect.gen(function*() {
      const { jobs, urls } = yield* fakeClient(() => page([job("j-2", 2), job("j-1", 1)]))
      const all = yield* Stream.runCollect(jobs.stream(1))
      assert.deepStrictEqual(Chunk.toReadonlyArray(all).map((j) => j.id), ["j-2", "j-1"])
      assert.strictEqual(urls.length, 2)
    }))

  it.scoped("stream: overlapping pages never produce a duplicate", () =>
    Effect.gen(function*() {
      const { jobs } = yield* fakeClient((url) => {
        const cursor = url.searchParams.get("offset_job_id")
        if (cursor === null) return page([job("j-5", 5), job("j-4", 4), job("j-3", 3)])
        if (cursor === "j-3") return page([job("j-3", 3), job("j-2", 2)])
        if (cursor === "j-2") return page([job("j-1", 1)])
        return page([])
      })
      const all = yield* Stream.runCollect(jobs.stream(1))
      assert.deepStrictEqual(Chunk.toReadonlyArray(all).map((j) => j.id), ["j-5", "j-4", "j-3", "j-2", "j-1"])
    }))
})
