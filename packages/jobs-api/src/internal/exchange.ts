/**
 * One request to Workato as every client of this package sends it: the
 * configured HTTP client (base URL, bearer token, JSON), the class's quota,
 * the timeout, Workato's error answers turned into the package's errors, a
 * `Retry-After` that holds back the whole class, and retries where safe.
 * Shared by JobsClient and RecipesClient so both behave the same.
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { flow } from "effect/Function"
import * as Redacted from "effect/Redacted"
import type * as Schema from "effect/Schema"
import { JobsApiConfig } from "../JobsApiConfig.js"
import { type JobsApiError, RequestTimeout, type ResponseDecodeError } from "../JobsApiError.js"
import { decodeBody, errorFromStatus, makeScrub, retryableRead, retryableWrite, type Scrub, transportError } from "./outcome.js"
import type { Limiter } from "./quota/limiter.js"
import { withRetries } from "./retry.js"

export interface Answer {
  readonly status: number
  readonly body: string
}

export interface Exchange {
  readonly scrub: Scrub
  /**
   * Sends `request` under `limiter`, retrying reads (GET) and certainly-unsent writes.
   * `beforeSend` runs at the reserved send time and may still call the request off.
   */
  readonly send: (
    limiter: Limiter,
    operation: string,
    request: HttpClientRequest.HttpClientRequest,
    beforeSend?: Effect.Effect<void, JobsApiError>
  ) => Effect.Effect<Answer, JobsApiError>
  /** Decodes a 2xx body; an empty body is decoded as `emptyAs` when given. */
  readonly decode: <A, I>(
    schema: Schema.Schema<A, I>,
    operation: string,
    answer: Answer,
    emptyAs?: unknown
  ) => Effect.Effect<A, ResponseDecodeError>
}

export const make: Effect.Effect<Exchange, never, JobsApiConfig | HttpClient.HttpClient> = Effect.gen(function*() {
  const config = yield* JobsApiConfig
  const scrub = makeScrub(Redacted.value(config.token))
  const client = (yield* HttpClient.HttpClient).pipe(
    HttpClient.mapRequest(flow(
      HttpClientRequest.prependUrl(config.apiUrl),
      HttpClientRequest.bearerToken(config.token),
      HttpClientRequest.acceptJson
    ))
  )

  // One attempt: the exchange under the class's quota and the timeout, body read in full.
  const attempt = (
    limiter: Limiter,
    operation: string,
    request: HttpClientRequest.HttpClientRequest,
    beforeSend: Effect.Effect<void, JobsApiError>
  ): Effect.Effect<Answer, JobsApiError> =>
    limiter.run(
      (onWire) => Effect.zipRight(beforeSend, HttpClient.tapRequest(client, () => onWire).execute(request).pipe(
        Effect.flatMap((response) => {
          const ok = response.status >= 200 && response.status < 300
          // An error answer's body is only used for its message: losing it must not hide the status.
          const body = ok ? response.text : Effect.orElseSucceed(response.text, () => "")
          return Effect.map(body, (body) => ({ ok, status: response.status, headers: response.headers, body }))
        }),
        Effect.mapError((error) => transportError(operation, error, scrub)),
        Effect.timeoutFail({
          duration: config.timeout,
          onTimeout: () => new RequestTimeout({ operation, timeout: config.timeout })
        })
      )),
      (answer) => answer.status === 429
    ).pipe(
      Effect.flatMap(({ body, headers, ok, status }) =>
        ok
          ? Effect.succeed({ status, body })
          : Effect.flatMap(Clock.currentTimeMillis, (nowMillis) =>
            Effect.fail(errorFromStatus({ operation, status, body, retryAfter: headers["retry-after"], nowMillis, scrub })))
      ),
      // Hold back every caller of this class while Workato asked us to wait, unless the wait is
      // longer than any retry would (then the caller gets RateLimited at once instead).
      Effect.tapError((error) =>
        error._tag === "RateLimited" && error.retryAfter !== undefined &&
          Duration.lessThanOrEqualTo(error.retryAfter, config.retry.maxElapsed)
          ? limiter.pause(error.retryAfter)
          : Effect.void
      )
    )

  const send: Exchange["send"] = (limiter, operation, request, beforeSend = Effect.void) =>
    withRetries(
      attempt(limiter, operation, request, beforeSend),
      config.retry,
      request.method === "GET" ? retryableRead : retryableWrite
    )

  const decode: Exchange["decode"] = (schema, operation, answer, emptyAs) =>
    decodeBody({
      schema,
      operation,
      status: answer.status,
      body: answer.body,
      scrub,
      ...(emptyAs === undefined ? {} : { emptyAs })
    })

  return { scrub, send, decode }
})
