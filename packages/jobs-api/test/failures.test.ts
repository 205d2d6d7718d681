import { assert, describe, it } from "@effect/vitest"
import { Duration, Effect, Fiber, TestClock } from "effect"
import { createServer } from "node:net"
import { RepeatResult } from "@workato-jobs/jobs-api"
import { clientFor, requestsTo, simulator, START, tooManyRequests } from "./support/sim.js"
import { eventually, hanging, realPause, runVirtual, sleepersUntil } from "./support/virtualTime.js"

const noRetry = { retry: { times: 0 } }

/** A loopback port with nothing listening on it (connections are refused). */
const closedPort = Effect.promise(() =>
  new Promise<number>((resolve) => {
    const server = createServer()
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })
)

describe("HTTP failures of reads", () => {
  it.scoped("401 → Unauthorized, not retried", () =>
    Effect.gen(function*() {
      const sim = yield* simulator()
      const recipe = sim.addRecipe()
      const jobs = yield* clientFor({ url: sim.url, token: "not-the-token" })
      const error = yield* Effect.flip(jobs.list(recipe.id))
      assert.strictEqual(error._tag, "Unauthorized")
      assert.include(error.message, "Check the API token")
      assert.strictEqual(requestsTo(sim, "list").length, 1)
    }))

  it.scoped("403 → Forbidden", () =>
    Effect.gen(function*() {
      const sim = yield* simulator()
      const recipe = sim.addRecipe()
      const job = sim.addJob(recipe.id)
      sim.injectFault({ route: "get", kind: "status403" })
      const jobs = yield* clientFor(sim)
      const error = yield* Effect.flip(jobs.get(recipe.id, job.id))
      assert.strictEqual(error._tag, "Forbidden")
      assert.strictEqual(requestsTo(sim, "get").length, 1)
    }))

  it.scoped("500: Workato's error id reaches ServerError", () =>
    Effect.gen(function*() {
      const sim = yield* simulator()
      const recipe = sim.addRecipe()
      sim.injectFault({ route: "list", kind: "status500" })
      const jobs = yield* clientFor(sim, noRetry)
      const error = yield* Effect.flip(jobs.list(recipe.id))
      assert.strictEqual(error._tag, "ServerError")
      if (error._tag !== "ServerError") return
      assert.strictEqual(error.status, 500)
      assert.strictEqual(error.serverMessage, "Server error")
      assert.match(error.errorId ?? "", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
      assert.include(error.message, error.errorId!)
    }))

  it.scoped("503 with an HTML body → ServerError without an id", () =>
    Effect.gen(function*() {
      const sim = yield* simulator()
      const recipe = sim.addRecipe()
      sim.injectFault({ route: "list", kind: "status503" })
      const jobs = yield* clientFor(sim, noRetry)
      const error = yield* Effect.flip(jobs.list(recipe.id))
      assert.strictEqual(error._tag === "ServerError" ? error.status : 0, 503)
      assert.strictEqual(error._tag === "ServerError" ? error.errorId : "x", undefined)
    }))

  it.scoped("5xx and dropped connections on GET are retried (jittered backoff)", () =>
    Effect.gen(function*() {
      const sim = yield* simulator()
      const recipe = sim.addRecipe()
      sim.addJob(recipe.id)
      sim.injectFault({ route: "list", kind: "status500" })
      sim.injectFault({ route: "list", kind: "drop" })
      sim.injectFault({ route: "list", kind: "status503" })
      const jobs = yield* clientFor(sim)
      const page = yield* runVirtual(jobs.list(recipe.id))
      assert.strictEqual(page.items.length, 1)
      assert.deepStrictEqual(requestsTo(sim, "list").map((r) => r.status), [500, 0, 503, 200])
    }))

  it.scoped("retries are bounded: ServerError after `times` retries", () =>
    Effect.gen(function*() {
      const sim = yield* simulator()
      const recipe = sim.addRecipe()
      sim.injectFault({ route: "list", kind: "status500", times: 10 })
      const jobs = yield* clientFor(sim, { retry: { times: 2 } })
      const error = yield* Effect.flip(runVirtual(jobs.list(recipe.id)))
      assert.strictEqual(error._tag, "ServerError")
      assert.strictEqual(requestsTo(sim, "list").length, 3)
    }))

  it.scoped("a 200 that is not JSON → ResponseDecodeError with status and excerpt", () =>
    Effect.gen(function*() {
      const sim = yield* simulator()
      const recipe = sim.addRecipe()
      sim.injectFault({ route: "list", kind: "invalidJson" })
      const jobs = yield* clientFor(sim)
      const error = yield* Effect.flip(jobs.list(recipe.id))
      assert.strictEqual(error._tag, "ResponseDecodeError")
      if (error._tag !== "ResponseDecodeError") return
      assert.strictEqual(error.status, 200)
      assert.isTrue(error.excerpt.startsWith(`{"job_succeeded_count":1`))
      assert.strictEqual(requestsTo(sim, "list").length, 1)
    }))

  it.scoped("no answer within the timeout → RequestTimeout; a GET retries it", () =>
    Effect.gen(function*() {
      const sim = yield* simulator()
      const recipe = sim.addRecipe()
      const job = sim.addJob(recipe.id)
      sim.injectFault({ route: "get", kind: "hang" })
      const strict = yield* clientFor(sim, { timeout: "5 seconds", ...noRetry })
      const error = yield* Effect.flip(runVirtual(strict.get(recipe.id, job.id), hanging))
      assert.strictEqual(error._tag, "RequestTimeout")
      assert.include(error.message, "5s")

      sim.injectFault({ route: "get", kind: "hang" })
      const patient = yield* clientFor(sim, { timeout: "5 seconds" })
      const detail = yield* runVirtual(patient.get(recipe.id, job.id), hanging)
      assert.strictEqual(detail.id, job.id)
    }))

  it.scoped("connection refused → TransportError ConnectionFailed", () =>
    Effect.gen(function*() {
      const port = yield* closedPort
      const jobs = yield* clientFor({ url: `http://127.0.0.1:${port}`, token: "t" }, noRetry)
      const error = yield* Effect.flip(jobs.list(1))
      assert.strictEqual(error._tag, "TransportError")
      assert.strictEqual(error._tag === "TransportError" ? error.kind : "", "ConnectionFailed")
      assert.include(error.message, "ECONNREFUSED")
    }))
})

describe("Retry-After", () => {
  const honoured = (retryAfter: string) =>
    Effect.gen(function*() {
      const sim = yield* simulator()
      const recipe = sim.addRecipe()
      sim.addJob(recipe.id)
      sim.injectFault({ route: "list", kind: "status429", retryAfter })
      const jobs = yield* clientFor(sim)
      const fiber = yield* Effect.fork(jobs.list(recipe.id))
      yield* eventually(() => requestsTo(sim, "list").length === 1, "the first request")
      yield* sleepersUntil(START + 30_000) // the retry's sleep is registered: now the clock may move
      yield* TestClock.adjust("29 seconds")
      yield* realPause(20)
      assert.strictEqual(requestsTo(sim, "list").length, 1)
      yield* TestClock.adjust("1 second")
      yield* eventually(() => requestsTo(sim, "list").length === 2, "the retry")
      const page = yield* Fiber.join(fiber)
      assert.strictEqual(page.items.length, 1)
      assert.deepStrictEqual(requestsTo(sim, "list").map((r) => r.status), [429, 200])
    })

  it.scoped("in seconds: 29 s → 1 call, 30 s → 2 calls", () => honoured("30"))

  it.scoped("as an HTTP date: 29 s → 1 call, 30 s → 2 calls", () => honoured(new Date(START + 30_000).toUTCString()))

  it.scoped("longer than the retry budget → RateLimited at once, with the delay", () =>
    Effect.gen(function*() {
      const sim = yield* simulator()
      const recipe = sim.addRecipe()
      sim.injectFault({ route: "list", kind: "status429", retryAfter: "300" })
      const jobs = yield* clientFor(sim)
      const error = yield* Effect.flip(jobs.list(recipe.id))
      assert.strictEqual(error._tag, "RateLimited")
      assert.isTrue(error._tag === "RateLimited" && Duration.equals(error.retryAfter!, Duration.seconds(300)))
      assert.strictEqual(requestsTo(sim, "list").length, 1)
    }))
})

describe("state-changing requests are never retried blindly", () => {
  const setup = Effect.gen(function*() {
    const sim = yield* simulator()
    const recipe = sim.addRecipe()
    const [job] = sim.addFailures(recipe.id, 1)
    return { sim, recipeId: recipe.id, jobId: job!.id }
  })

  it.scoped("repeat timeout (hang) → Unknown, exactly one request reached the sim", () =>
    Effect.gen(function*() {
      const { jobId, recipeId, sim } = yield* setup
      sim.injectFault({ route: "repeat", kind: "hang" })
      const jobs = yield* clientFor(sim)
      const report = yield* runVirtual(jobs.repeat(recipeId, [jobId]), { ...hanging, step: "500 millis" })
      const [result] = report.results
      assert.strictEqual(result?._tag, "Unknown")
      assert.strictEqual(result?._tag === "Unknown" ? result.cause._tag : "", "RequestTimeout")
      assert.strictEqual(requestsTo(sim, "repeat").length, 1)
    }))

  it.scoped("5xx on repeat → Unknown without retry", () =>
    Effect.gen(function*() {
      const { jobId, recipeId, sim } = yield* setup
      sim.injectFault({ route: "repeat", kind: "status500" })
      const jobs = yield* clientFor(sim)
      const report = yield* runVirtual(jobs.repeat(recipeId, [jobId]))
      const [result] = report.results
      assert.strictEqual(result?._tag === "Unknown" ? result.cause._tag : "", "ServerError")
      assert.strictEqual(requestsTo(sim, "repeat").length, 1)
    }))

  it.scoped("a connection dropped after the repeat took effect → Unknown (and it did happen)", () =>
    Effect.gen(function*() {
      const { jobId, recipeId, sim } = yield* setup
      sim.injectFault({ route: "repeat", kind: "dropAfterApply" })
      const jobs = yield* clientFor(sim)
      const report = yield* runVirtual(jobs.repeat(recipeId, [jobId]))
      const [result] = report.results
      assert.strictEqual(result?._tag, "Unknown")
      assert.strictEqual(result?._tag === "Unknown" && result.cause._tag === "TransportError" ? result.cause.kind : "", "ConnectionLost")
      assert.strictEqual(requestsTo(sim, "repeat").length, 1)
      assert.isTrue(sim.jobs(recipeId).some((j) => j.master_job_id === jobId && j.id !== jobId))
    }))

  it.scoped("429 on repeat → retried after Retry-After, then Enqueued", () =>
    Effect.gen(function*() {
      const { jobId, recipeId, sim } = yield* setup
      sim.injectFault({ route: "repeat", kind: "status429", retryAfter: "2" })
      const jobs = yield* clientFor(sim)
      const report = yield* runVirtual(jobs.repeat(recipeId, [jobId]))
      assert.strictEqual(report.results[0]?._tag, "Enqueued")
      const requests = requestsTo(sim, "repeat")
      assert.deepStrictEqual(requests.map((r) => r.status), [429, 200])
      assert.isAtLeast(requests[1]!.at - requests[0]!.at, 2000)
    }))

  it.scoped("429 until the retries run out → NotSent with RateLimited", () =>
    Effect.gen(function*() {
      const { jobId, recipeId, sim } = yield* setup
      sim.injectFault({ route: "repeat", kind: "status429", times: 10, retryAfter: "1" })
      const jobs = yield* clientFor(sim, { retry: { times: 2 } })
      const report = yield* runVirtual(jobs.repeat(recipeId, [jobId]))
      const [result] = report.results
      assert.strictEqual(result?._tag === "NotSent" ? result.cause._tag : "", "RateLimited")
      assert.strictEqual(requestsTo(sim, "repeat").length, 3)
    }))

  it.scoped("connection refused on repeat → retried, then NotSent", () =>
    Effect.gen(function*() {
      const port = yield* closedPort
      const jobs = yield* clientFor({ url: `http://127.0.0.1:${port}`, token: "t" }, { retry: { times: 2 } })
      const report = yield* runVirtual(jobs.repeat(1, ["j-1"]))
      const [result] = report.results
      assert.strictEqual(result?._tag, "NotSent")
      assert.strictEqual(result?._tag === "NotSent" && result.cause._tag === "TransportError" ? result.cause.kind : "", "ConnectionFailed")
    }))

  it.scoped("401 on the first chunk: every id NotSent, later chunks not sent", () =>
    Effect.gen(function*() {
      const sim = yield* simulator()
      const recipe = sim.addRecipe()
      const failed = sim.addFailures(recipe.id, 30)
      const jobs = yield* clientFor({ url: sim.url, token: "revoked" })
      const report = yield* runVirtual(jobs.repeat(recipe.id, failed.map((j) => j.id)))
      assert.strictEqual(report.results.length, 30)
      assert.isTrue(report.results.every((r) => RepeatResult.$is("NotSent")(r) && r.cause._tag === "Unauthorized"))
      assert.strictEqual(requestsTo(sim, "repeat").length, 1)
    }))

  it.scoped("a 5xx on one chunk does not stop the next ones", () =>
    Effect.gen(function*() {
      const sim = yield* simulator()
      const recipe = sim.addRecipe()
      const failed = sim.addFailures(recipe.id, 30)
      sim.injectFault({ route: "repeat", kind: "status503" })
      const jobs = yield* clientFor(sim)
      const report = yield* runVirtual(jobs.repeat(recipe.id, failed.map((j) => j.id)))
      const tags = report.results.map((r) => r._tag)
      assert.deepStrictEqual(tags, [...Array(25).fill("Unknown"), ...Array(5).fill("Enqueued")])
      assert.strictEqual(requestsTo(sim, "repeat").length, 2)
    }))

  it.scoped("cancel: 5xx → Unknown, 403 → NotSent, no retry", () =>
    Effect.gen(function*() {
      const sim = yield* simulator()
      const recipe = sim.addRecipe()
      const jobs = yield* clientFor(sim)
      sim.injectFault({ route: "cancel", kind: "status500" })
      const first = yield* runVirtual(jobs.cancel(recipe.id, ["j-1"]))
      assert.strictEqual(first.results[0]?._tag, "Unknown")
      sim.injectFault({ route: "cancel", kind: "status403" })
      const second = yield* runVirtual(jobs.cancel(recipe.id, ["j-1"]))
      assert.strictEqual(second.results[0]?._tag === "NotSent" ? second.results[0].cause._tag : "", "Forbidden")
      assert.strictEqual(requestsTo(sim, "cancel").length, 2)
      assert.strictEqual(tooManyRequests(sim), 0)
    }))

  it.scoped("resume: 5xx is not retried, 429 is", () =>
    Effect.gen(function*() {
      const sim = yield* simulator()
      const jobs = yield* clientFor(sim)
      sim.injectFault({ route: "resume", kind: "status500" })
      const error = yield* Effect.flip(runVirtual(jobs.resume({ token: sim.createResumeToken() })))
      assert.strictEqual(error._tag, "ServerError")
      sim.injectFault({ route: "resume", kind: "status429", retryAfter: "1" })
      yield* runVirtual(jobs.resume({ token: sim.createResumeToken() }))
      assert.deepStrictEqual(requestsTo(sim, "resume").map((r) => r.status), [500, 429, 204])
    }))
})
