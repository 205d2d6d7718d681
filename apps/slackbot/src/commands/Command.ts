/**
 * What a `/workato …` line asks for, once parsed. Handlers match on `_tag`; nothing here
 * talks to Slack or Workato, so parsing is tested on its own.
 */
import { Data, type Duration } from "effect"
import type { Subcommand } from "../blocks/help.js"

export type Command = Data.TaggedEnum<{
  Help: {}
  Failures: { readonly recipeId: number; readonly limit: number }
  Job: { readonly recipeId: number; readonly jobId: string }
  Repeat: { readonly recipeId: number; readonly jobIds: ReadonlyArray<string> }
  Digest: { readonly recipeIds: ReadonlyArray<number> }
  Watch: { readonly recipeId: number; readonly interval: Duration.Duration | undefined }
  Unwatch: { readonly recipeId: number }
  /** Every recipe of a folder and its subfolders, including recipes added later. */
  WatchFolder: { readonly folderId: number; readonly interval: Duration.Duration | undefined }
  UnwatchFolder: { readonly folderId: number }
  Watches: {}
}>
export const Command = Data.taggedEnum<Command>()

/** Why a line could not be parsed; `subcommand` picks the usage line to show with it. */
export class CommandSyntaxError extends Data.TaggedError("CommandSyntaxError")<{
  readonly problem: string
  readonly subcommand: Subcommand | undefined
}> {}

export const DEFAULT_FAILURES_LIMIT = 10
export const MAX_FAILURES_LIMIT = 50
/** One command may repeat at most this many jobs (4 requests at Workato's 25 per request). */
export const MAX_REPEAT_IDS = 100
