import { assert, describe, it } from "@effect/vitest"
import { Cause, Duration, Inspectable, Schema } from "effect"
import {
  BadRequest,
  CancelRejected,
  Forbidden,
  InvalidJobIds,
  isJobsApiError,
  JobNotFound,
  JobsApiErrorSchema,
  NotFound,
  NotMasterJob,
  RateLimited,
  RepeatRejected,
  RequestTimeout,
  ResponseDecodeError,
  ServerError,
  TransportError,
  TriggerDataExpired,
  Unauthorized
} from "@workato-jobs/jobs-api"

const operation = "list jobs of recipe 42"

const all = [
  new BadRequest({ operation, status: 400, serverMessage: "Maximum 25 jobs can be repeated in a single request. Received 75." }),
  new Unauthorized({ operation, serverMessage: "Unauthorized" }),
  new Forbidden({ operation }),
  new NotFound({ operation, serverMessage: "Not found" }),
  new RateLimited({ operation, retryAfter: Duration.seconds(30) }),
  new RateLimited({ operation }),
  new ServerError({ operation, status: 500, errorId: "3188c2d0-29a4-4080-908e-582e7ed82580" }),
  new RequestTimeout({ operation, timeout: Duration.seconds(40) }),
  new TransportError({ operation, kind: "ConnectionFailed", detail: "ECONNREFUSED" }),
  new TransportError({ operation, kind: "ConnectionLost", detail: "other side closed" }),
  new TransportError({ operation, kind: "InvalidRequest", detail: "InvalidUrl" }),
  new ResponseDecodeError({ operation, status: 200, excerpt: "<html>", detail: "the body is not JSON" }),
  new InvalidJobIds({ reason: "the list is empty" }),
  new JobNotFound({ jobId: "j-1", serverMessage: "Job not found" }),
  new NotMasterJob({ jobId: "j-2" }),
  new TriggerDataExpired({ jobId: "j-3" }),
  new RepeatRejected({ jobId: "j-4", typeId: "err.job.repeat.limit_reached", serverMessage: "limit" }),
  new CancelRejected({ jobId: "j-5", typeId: "err.job.cancel.invalid_status" })
]

describe("errors", () => {
  it("every error says what happened and what to do, and is recognisable", () => {
    for (const error of all) {
      assert.isTrue(isJobsApiError(error), error._tag)
      assert.isTrue(error.message.length > 60, error._tag)
      // what happened, then at least one more sentence saying what to do
      assert.isAtLeast(error.message.split(". ").length, 2, error._tag)
      assert.match(error.message, /\b(Check|check|Try|Give|Pass|Open|Only|Re-send|send|Raise|report|wait|lower)\b/, error._tag)
    }
  })

  it("messages carry the details the caller needs", () => {
    assert.include(all[0]!.message, "Received 75")
    assert.include(all[4]!.message, "30s")
    assert.include(all[6]!.message, "3188c2d0-29a4-4080-908e-582e7ed82580")
    assert.include(all[7]!.message, "40s")
    assert.include(all[11]!.message, "<html>")
    assert.include(all[13]!.message, "err.item.not_found")
    assert.include(all[16]!.message, "err.job.repeat.limit_reached")
  })

  it("HTTP errors round-trip through their schema and match by tag", () => {
    const error = new ServerError({ operation, status: 503, errorId: "abc" })
    const encoded = Schema.encodeSync(JobsApiErrorSchema)(error)
    const decoded = Schema.decodeUnknownSync(JobsApiErrorSchema)(JSON.parse(JSON.stringify(encoded)))
    assert.strictEqual(decoded._tag, "ServerError")
    assert.strictEqual(decoded._tag === "ServerError" ? decoded.errorId : undefined, "abc")
  })

  it("errors print without surprises (String, JSON, inspect, Cause.pretty)", () => {
    for (const error of all) {
      for (const text of [String(error), JSON.stringify(error), Inspectable.format(error), Cause.pretty(Cause.fail(error))]) {
        assert.isString(text)
        assert.notInclude(text, "Bearer")
      }
    }
  })
})
