import { isObject, type Json, type JsonObject } from "./json.js"

/**
 * Message metadata as chat.postMessage / chat.update take it (docs.slack.dev "Using message
 * metadata"): `{event_type: string, event_payload: object}`, sent as a JSON string inside a
 * form (as @slack/web-api does) or as an object in a JSON body. A string that is not JSON →
 * `invalid_metadata_format`; JSON of the wrong shape → `invalid_metadata_schema` (both listed
 * for the chat methods).
 */
export type MessageMetadata = {
  readonly event_type: string
  readonly event_payload: JsonObject
}

export type MetadataCheck =
  | { readonly ok: true; readonly metadata: MessageMetadata | undefined }
  | { readonly ok: false; readonly error: "invalid_metadata_format" | "invalid_metadata_schema" }

export const checkMetadata = (value: Json | undefined): MetadataCheck => {
  if (value === undefined || value === null || value === "") return { ok: true, metadata: undefined }
  // requestBody leaves a form field that failed to parse as its raw string.
  if (typeof value === "string") return { ok: false, error: "invalid_metadata_format" }
  if (!isObject(value)) return { ok: false, error: "invalid_metadata_schema" }
  const { event_type, event_payload } = value
  if (typeof event_type !== "string" || event_type === "" || !isObject(event_payload)) {
    return { ok: false, error: "invalid_metadata_schema" }
  }
  return { ok: true, metadata: { event_type, event_payload: structuredClone(event_payload) } }
}

/** What `findByMetadata` matches: an event type and/or payload fields (each equal, deep). */
export interface MetadataQuery {
  readonly eventType?: string
  readonly payload?: Readonly<Record<string, Json>>
}

export const metadataMatches = (metadata: Json | undefined, query: MetadataQuery): boolean => {
  if (!isObject(metadata)) return false
  if (query.eventType !== undefined && metadata["event_type"] !== query.eventType) return false
  const payload = metadata["event_payload"]
  if (query.payload === undefined) return true
  if (!isObject(payload)) return false
  return Object.entries(query.payload).every(([key, expected]) => sameJson(payload[key], expected))
}

const sameJson = (a: Json | undefined, b: Json): boolean => JSON.stringify(a) === JSON.stringify(b)
