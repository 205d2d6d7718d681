/**
 * The failures proper to the Recipes client. Every other failure (auth,
 * quota, server, transport, decoding) is the same `JobsApiError` as for jobs.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { JobsApiErrorTypeId } from "./JobsApiError.js"

/**
 * Workato answered 404 for `GET /api/recipes/:id`: no such recipe (deleted,
 * a typo, or outside the API client's projects).
 *
 * @example
 * ```ts
 * import { RecipeNotFound } from "@workato-jobs/jobs-api"
 *
 * new RecipeNotFound({ recipeId: 100001, serverMessage: "Not found" }).message
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class RecipeNotFound extends Schema.TaggedError<RecipeNotFound>("@workato-jobs/jobs-api/RecipeNotFound")(
  "RecipeNotFound",
  {
    recipeId: Schema.Number,
    serverMessage: Schema.optional(Schema.String)
  }
) {
  readonly [JobsApiErrorTypeId] = JobsApiErrorTypeId
  override get message(): string {
    const said = this.serverMessage ? `: "${this.serverMessage}"` : ""
    return `Workato has no recipe ${this.recipeId} (HTTP 404)${said}. ` +
      "Check the id (the number after /recipes/ in the recipe's URL) and that the API client's projects include it."
  }
}

/**
 * A recipe id or list filter that cannot be sent (not a positive integer,
 * `perPage` outside 1–100, an invalid date). Raised before any request.
 *
 * @example
 * ```ts
 * import { InvalidRecipeRequest } from "@workato-jobs/jobs-api"
 *
 * new InvalidRecipeRequest({ reason: "perPage must be an integer from 1 to 100, got 500" }).message
 * ```
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidRecipeRequest
  extends Schema.TaggedError<InvalidRecipeRequest>("@workato-jobs/jobs-api/InvalidRecipeRequest")("InvalidRecipeRequest", {
    reason: Schema.String
  })
{
  readonly [JobsApiErrorTypeId] = JobsApiErrorTypeId
  override get message(): string {
    return `Invalid recipe request: ${this.reason}. Nothing was sent to Workato.`
  }
}
