/**
 * `@workato-jobs/jobs-api`: a typed Effect client for the Workato Developer
 * API Jobs endpoints. See README.md.
 *
 * @since 0.1.0
 */
export * from "./ActionReport.js"
export * from "./Job.js"
export * from "./JobAction.js"
export * from "./JobsApiConfig.js"
export * from "./JobsApiError.js"
export * from "./JobsClient.js"
export * from "./Recipe.js"
export * from "./RecipesApiError.js"
export * from "./RecipesClient.js"
export * from "./RecipesQuota.js"
export * from "./QuotaStore.js"
