/**
 * Turning HTTP outcomes (status + body, or a transport failure) into the
 * package's errors, and deciding which errors a retry may follow.
 */
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as ParseResult from "effect/ParseResult"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as SchemaAST from "effect/SchemaAST"
import {
  BadRequest,
  Forbidden,
  type JobsApiError,
  NotFound,
  RateLimited,
  ResponseDecodeError,
  ServerError,
  TransportError,
  Unauthorized
} from "../JobsApiError.js"

/** Removes every occurrence of a secret from text that ends up in an error. */
export type Scrub = (text: string) => string

export const makeScrub = (secret: string): Scrub => (text) =>
  secret.length === 0 ? text : text.split(secret).join("<redacted>")

const excerptLength = 200

export const excerpt = (text: string): string =>
  text.length > excerptLength ? `${text.slice(0, excerptLength)}…` : text

/**
 * `Retry-After` is either delta-seconds or an HTTP date; a date in the past
 * means "now". Anything else is ignored.
 */
export const parseRetryAfter = (value: string | undefined, nowMillis: number): Duration.Duration | undefined => {
  if (value === undefined) return undefined
  const trimmed = value.trim()
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Duration.seconds(Number(trimmed))
  const date = Date.parse(trimmed)
  if (Number.isNaN(date)) return undefined
  return Duration.millis(Math.max(0, date - nowMillis))
}

const ErrorBody = Schema.Struct({
  message: Schema.optional(Schema.Unknown),
  error: Schema.optional(Schema.Unknown),
  id: Schema.optional(Schema.Unknown)
})

// Workato's documented error body is {message, id?}; its own clients fall back to `error`.
const readErrorBody = (text: string): { readonly message?: string; readonly id?: string } => {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    const trimmed = text.trim()
    return trimmed === "" ? {} : { message: excerpt(trimmed) }
  }
  const decoded = Schema.decodeUnknownOption(ErrorBody)(json)
  if (decoded._tag === "None") return {}
  const { error, id, message } = decoded.value
  const said = typeof message === "string" ? message : typeof error === "string" ? error : undefined
  const errorId = typeof id === "string" || typeof id === "number" ? String(id) : undefined
  return { ...(said !== undefined ? { message: said } : {}), ...(errorId !== undefined ? { id: errorId } : {}) }
}

/** The error for a non-2xx response. */
export const errorFromStatus = (options: {
  readonly operation: string
  readonly status: number
  readonly body: string
  readonly retryAfter: string | undefined
  readonly nowMillis: number
  readonly scrub: Scrub
}): JobsApiError => {
  const { operation, scrub, status } = options
  const body = readErrorBody(options.body)
  const serverMessage = body.message === undefined ? {} : { serverMessage: scrub(body.message) }
  if (status === 401) return new Unauthorized({ operation, ...serverMessage })
  if (status === 403) return new Forbidden({ operation, ...serverMessage })
  if (status === 404) return new NotFound({ operation, ...serverMessage })
  if (status === 429) {
    const retryAfter = parseRetryAfter(options.retryAfter, options.nowMillis)
    return new RateLimited({ operation, ...(retryAfter ? { retryAfter } : {}) })
  }
  if (status >= 500) {
    return new ServerError({
      operation,
      status,
      ...serverMessage,
      ...(body.id !== undefined ? { errorId: scrub(body.id) } : {})
    })
  }
  if (status >= 400) return new BadRequest({ operation, status, ...serverMessage })
  return new ResponseDecodeError({
    operation,
    status,
    excerpt: scrub(excerpt(options.body)),
    detail: `unexpected HTTP status ${status}`
  })
}

/** Decodes a 2xx body; an empty body is decoded as `emptyAs` when given. */
export const decodeBody = <A, I>(options: {
  readonly schema: Schema.Schema<A, I>
  readonly operation: string
  readonly status: number
  readonly body: string
  readonly scrub: Scrub
  readonly emptyAs?: unknown
}): Effect.Effect<A, ResponseDecodeError> => {
  const { body, operation, scrub, status } = options
  const fail = (detail: string) =>
    new ResponseDecodeError({ operation, status, excerpt: scrub(excerpt(body)), detail: scrub(detail) })
  let json: unknown
  if (body.trim() === "" && "emptyAs" in options) {
    json = options.emptyAs
  } else {
    try {
      json = JSON.parse(body)
    } catch {
      return Effect.fail(fail("the body is not JSON"))
    }
  }
  return Schema.decodeUnknown(options.schema)(json).pipe(
    Effect.mapError((error) =>
      fail(`it does not match ${Option.getOrElse(SchemaAST.getIdentifierAnnotation(options.schema.ast), () => "the schema")}: ${
        excerpt(ParseResult.TreeFormatter.formatErrorSync(error).replace(/\s+/g, " "))
      }`)
    )
  )
}

// Errors that prove no connection was made, so nothing reached the server.
const connectFailureCodes = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EHOSTDOWN",
  "UND_ERR_CONNECT_TIMEOUT"
])

const describeCause = (cause: unknown): { readonly code?: string; readonly text: string } => {
  const queue: Array<unknown> = [cause]
  let text = ""
  for (let depth = 0; depth < 6 && queue.length > 0; depth++) {
    const current = queue.shift()
    if (typeof current !== "object" || current === null) continue
    const { code, message } = current as { code?: unknown; message?: unknown }
    if (text === "" && typeof message === "string" && message !== "") text = message
    if (typeof code === "string") return { code, text: text === "" ? code : `${code}: ${text}` }
    queue.push((current as { cause?: unknown }).cause)
    const errors = (current as { errors?: unknown }).errors
    if (Array.isArray(errors)) queue.push(...errors)
  }
  return { text: text === "" ? "unknown transport failure" : text }
}

/** A failure of the exchange itself (request error, or the body could not be read). */
export const transportError = (
  operation: string,
  error: HttpClientError.HttpClientError,
  scrub: Scrub
): TransportError => {
  if (error._tag === "RequestError" && error.reason !== "Transport") {
    return new TransportError({ operation, kind: "InvalidRequest", detail: scrub(`${error.reason}: ${describeCause(error.cause).text}`) })
  }
  const { code, text } = describeCause(error.cause)
  const kind = error._tag === "RequestError" && code !== undefined && connectFailureCodes.has(code)
    ? "ConnectionFailed"
    : "ConnectionLost"
  return new TransportError({ operation, kind, detail: scrub(excerpt(text)) })
}

/** Safe to retry for reads: the failure is transient and repeating a read changes nothing. */
export const retryableRead = (error: JobsApiError): boolean => {
  switch (error._tag) {
    case "RateLimited":
    case "ServerError":
    case "RequestTimeout":
      return true
    case "TransportError":
      return error.kind !== "InvalidRequest"
    default:
      return false
  }
}

/** Safe to retry for state-changing requests: the server certainly did nothing. */
export const retryableWrite = (error: JobsApiError): boolean =>
  error._tag === "RateLimited" || (error._tag === "TransportError" && error.kind === "ConnectionFailed")

/**
 * Whether a failed state-changing request may have been processed. Only
 * failures that prove the opposite (a 4xx answer, no connection) say no.
 */
export const mayHaveBeenProcessed = (error: JobsApiError): boolean => {
  switch (error._tag) {
    case "ServerError":
    case "RequestTimeout":
    case "ResponseDecodeError":
      return true
    case "TransportError":
      return error.kind === "ConnectionLost"
    default:
      return false
  }
}
