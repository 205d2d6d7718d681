/**
 * Which way `pnpm start` runs, from the credentials in the environment:
 * - none of them set → the embedded demo (simulator + emulator + bot in one process);
 * - all that a real run needs → the real bot;
 * - some but not all → an error that names what is missing (a half-configured bot would
 *   otherwise fail later, or worse, quietly run the demo against nothing).
 */
import { Schema } from "effect"

export type RunMode =
  | { readonly _tag: "Embedded" }
  | { readonly _tag: "Real" }
  | { readonly _tag: "Incomplete"; readonly missing: ReadonlyArray<string>; readonly present: ReadonlyArray<string> }

/** The variables that decide the mode; other variables (PORT, WORKATO_WATCH…) apply to both. */
export const CREDENTIALS = ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "WORKATO_API_TOKEN"] as const

export const detectMode = (env: Readonly<Record<string, string | undefined>>): RunMode => {
  const has = (name: string) => (env[name] ?? "").trim() !== ""
  const present = CREDENTIALS.filter(has)
  if (present.length === 0) return { _tag: "Embedded" }
  const missing = [
    ...(has("SLACK_BOT_TOKEN") ? [] : ["SLACK_BOT_TOKEN"]),
    // Socket Mode (SLACK_APP_TOKEN) needs no signing secret; HTTP mode does.
    ...(has("SLACK_SIGNING_SECRET") || has("SLACK_APP_TOKEN") ? [] : ["SLACK_SIGNING_SECRET"]),
    ...(has("WORKATO_API_TOKEN") ? [] : ["WORKATO_API_TOKEN"])
  ]
  return missing.length === 0 ? { _tag: "Real" } : { _tag: "Incomplete", missing, present }
}

/** Some credentials but not all: start-up stops with `incompleteMessage`. */
export class IncompleteCredentials extends Schema.TaggedError<IncompleteCredentials>()("IncompleteCredentials", {
  missing: Schema.Array(Schema.String),
  present: Schema.Array(Schema.String)
}) {
  override get message() {
    return incompleteMessage({ _tag: "Incomplete", missing: this.missing, present: this.present })
  }
}

export const incompleteMessage = (mode: Extract<RunMode, { _tag: "Incomplete" }>): string =>
  `Some credentials are set (${mode.present.join(", ")}) but not all: ${mode.missing.join(", ")} ` +
  `${mode.missing.length === 1 ? "is" : "are"} missing. Set ${mode.missing.length === 1 ? "it" : "them"} to run ` +
  `against your Slack workspace and Workato (see apps/slackbot/.env.example), or unset ${mode.present.join(", ")} ` +
  `to run the embedded demo.`
