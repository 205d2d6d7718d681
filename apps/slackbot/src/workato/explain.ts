/**
 * Workato failures in plain words for Slack users: what went wrong and what they can do,
 * never a stack trace, an HTTP dump or a token. The library's own `message`s are written
 * for developers (they name options and endpoints); these are for the person who typed a
 * command or clicked a button.
 */
import type {
  InvalidJobIds,
  JobRejection,
  JobsApiError
} from "@workato-jobs/jobs-api"

/** What the failed call was about, so "not found" can say which recipe or job. */
export interface About {
  readonly recipeId?: number | undefined
  readonly jobId?: string | undefined
}

const recipe = (about: About) => (about.recipeId === undefined ? "the recipe" : `recipe ${about.recipeId}`)

export const explainApiError = (error: JobsApiError | InvalidJobIds, about: About = {}): string => {
  switch (error._tag) {
    case "Unauthorized":
      return "the Workato API token was rejected; ask whoever runs this bot to check its WORKATO_API_TOKEN"
    case "Forbidden":
      return `the bot's Workato API client is not allowed to do this for ${recipe(about)}; ask a Workato admin to grant it the Jobs permissions for that recipe's project`
    case "NotFound":
      return about.jobId !== undefined
        ? `job ${about.jobId} of ${recipe(about)} was not found`
        : `${recipe(about)} not found`
    case "RateLimited":
      return "Workato is rate-limiting requests right now; try again in a minute"
    case "ServerError":
      return `Workato had an internal error (HTTP ${error.status}${error.errorId ? `, error id ${error.errorId}` : ""}); try again later`
    case "RequestTimeout":
      return "Workato did not answer in time; try again later"
    case "TransportError":
      return error.kind === "ConnectionFailed"
        ? "the bot could not reach Workato; try again later"
        : "the connection to Workato broke; try again later"
    case "ResponseDecodeError":
      return "Workato sent an answer the bot could not read; try again later, and tell whoever runs this bot if it persists"
    case "BadRequest":
      return `Workato refused the request${error.serverMessage ? `: ${error.serverMessage}` : ""}`
    case "InvalidJobIds":
      return `those job ids are not valid (${error.reason})`
  }
}

/** Why Workato refused to repeat one job, per `type_id`. */
export const explainRejection = (error: JobRejection): string => {
  switch (error._tag) {
    case "JobNotFound":
      return "Workato does not know this job (a wrong id, a job of another recipe, or one that was deleted)"
    case "NotMasterJob":
      return "this is not an original job: Workato only repeats the original (master) job"
    case "TriggerDataExpired":
      return "its trigger data expired under the retention policy, so it can no longer be repeated"
    case "RepeatRejected":
      return `Workato refused to repeat it${error.serverMessage ? `: ${error.serverMessage}` : ""} (${error.typeId})`
  }
}

/** A repeat whose request may have reached Workato: say so, and that nobody will retry it. */
export const explainUnknown = (error: JobsApiError): string =>
  `the request may have reached Workato (${whatHappened(error)}), so it was not retried: ` +
  "check the recipe's jobs in Workato before repeating it again"

/** The bare fact, without advice, for sentences that give their own. */
const whatHappened = (error: JobsApiError): string => {
  switch (error._tag) {
    case "RequestTimeout":
      return "Workato did not answer in time"
    case "ServerError":
      return `Workato failed with HTTP ${error.status}`
    case "TransportError":
      return "the connection to Workato broke"
    default:
      return explainApiError(error)
  }
}

/** A repeat that certainly did nothing on Workato's side. */
export const explainNotSent = (error: JobsApiError): string =>
  `nothing was repeated: ${explainApiError(error)}`
