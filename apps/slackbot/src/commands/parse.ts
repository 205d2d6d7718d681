/**
 * `/workato` text → Command. Pure and total: every input yields a Command or a
 * CommandSyntaxError that says what was wrong (shown with the subcommand's usage).
 */
import { type Duration, Either } from "effect"
import { parseInterval } from "../duration.js"
import { isRecipeId, parseRecipeId } from "../workato/recipeId.js"
import {
  Command,
  CommandSyntaxError,
  DEFAULT_FAILURES_LIMIT,
  MAX_FAILURES_LIMIT,
  MAX_REPEAT_IDS
} from "./Command.js"
import { SUBCOMMANDS, type Subcommand } from "../blocks/help.js"

type Result = Either.Either<Command, CommandSyntaxError>

const fail = (subcommand: Subcommand | undefined, problem: string): Result =>
  Either.left(new CommandSyntaxError({ problem, subcommand }))

/** Slack sends the text as typed; commas between ids are accepted as separators too. */
const tokenize = (text: string): Array<string> =>
  text.replace(/[\u00A0\u2000-\u200B]/g, " ").split(/[\s,]+/).filter((t) => t !== "")

const quote = (s: string) => `"${s.length > 40 ? s.slice(0, 39) + "…" : s}"`

const recipeId = (sub: Subcommand, token: string | undefined): Either.Either<number, CommandSyntaxError> =>
  token === undefined
    ? Either.left(new CommandSyntaxError({ subcommand: sub, problem: "the recipe id is missing" }))
    : Either.mapLeft(parseRecipeId(token), (problem) => new CommandSyntaxError({ subcommand: sub, problem }))

/** Folder ids are whole numbers from 1 up, like recipe ids. */
const folderId = (sub: Subcommand, token: string | undefined): Either.Either<number, CommandSyntaxError> => {
  const problem = (text: string) => Either.left(new CommandSyntaxError({ subcommand: sub, problem: text }))
  if (token === undefined) return problem("the folder id is missing")
  return /^\d+$/.test(token) && isRecipeId(Number(token))
    ? Either.right(Number(token))
    : problem(`${quote(token)} is not a folder id (a whole number such as 7001)`)
}

/** `watch folder 7001`, `unwatch folder 7001` */
const isFolder = (token: string | undefined) => token?.toLowerCase() === "folder"

/** Job ids are Workato handles (`j-…`) or legacy numbers; anything with odd characters is refused. */
const isJobId = (token: string) => /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/.test(token)

export const parseCommand = (text: string): Result => {
  const [head, ...args] = tokenize(text)
  const name = head?.toLowerCase()
  if (name === undefined || name === "help") return Either.right(Command.Help())
  if (!(SUBCOMMANDS as ReadonlyArray<string>).includes(name)) {
    return fail(undefined, `${quote(head!)} is not a /workato subcommand`)
  }
  const sub = name as Subcommand
  switch (sub) {
    case "failures": {
      if (args.length > 2) return fail(sub, "too many arguments")
      return Either.flatMap(recipeId(sub, args[0]), (id) => {
        const raw = args[1]
        if (raw === undefined) return Either.right(Command.Failures({ recipeId: id, limit: DEFAULT_FAILURES_LIMIT }))
        const limit = Number(raw)
        if (!/^\d+$/.test(raw) || limit < 1 || limit > MAX_FAILURES_LIMIT) {
          return fail(sub, `the limit must be a number from 1 to ${MAX_FAILURES_LIMIT}, not ${quote(raw)}`)
        }
        return Either.right(Command.Failures({ recipeId: id, limit }))
      })
    }
    case "job": {
      return Either.flatMap(recipeId(sub, args[0]), (id) => {
        const jobId = args[1]
        if (jobId === undefined) return fail(sub, "the job id is missing")
        if (!isJobId(jobId)) return fail(sub, `${quote(jobId)} is not a job id`)
        if (args.length > 2) return fail(sub, "too many arguments: give one job id")
        return Either.right(Command.Job({ recipeId: id, jobId }))
      })
    }
    case "repeat": {
      return Either.flatMap(recipeId(sub, args[0]), (id) => {
        const jobIds = args.slice(1)
        if (jobIds.length === 0) return fail(sub, "the job id is missing")
        const bad = jobIds.find((j) => !isJobId(j))
        if (bad !== undefined) return fail(sub, `${quote(bad)} is not a job id`)
        const unique = [...new Set(jobIds)]
        if (unique.length > MAX_REPEAT_IDS) return fail(sub, `at most ${MAX_REPEAT_IDS} job ids at once`)
        return Either.right(Command.Repeat({ recipeId: id, jobIds: unique }))
      })
    }
    case "digest": {
      const ids: Array<number> = []
      for (const token of args) {
        const parsed = recipeId(sub, token)
        if (Either.isLeft(parsed)) return Either.left(parsed.left)
        if (!ids.includes(parsed.right)) ids.push(parsed.right)
      }
      return Either.right(Command.Digest({ recipeIds: ids }))
    }
    case "watch": {
      const folder = isFolder(args[0])
      const rest = folder ? args.slice(1) : args
      const what = folder ? "folder id" : "recipe id"
      return Either.flatMap((folder ? folderId : recipeId)(sub, rest[0]), (id) => {
        const watch = (interval: Duration.Duration | undefined) =>
          Either.right(folder ? Command.WatchFolder({ folderId: id, interval }) : Command.Watch({ recipeId: id, interval }))
        if (rest.length === 1) return watch(undefined)
        if (rest[1]!.toLowerCase() !== "every") {
          return fail(sub, `expected "every <duration>" after the ${what}, not ${quote(rest.slice(1).join(" "))}`)
        }
        const spec = rest.slice(2).join(" ")
        if (spec === "") return fail(sub, "the duration after \"every\" is missing")
        return Either.match(parseInterval(spec), { onLeft: (problem) => fail(sub, problem), onRight: watch })
      })
    }
    case "unwatch": {
      const folder = isFolder(args[0])
      const rest = folder ? args.slice(1) : args
      if (rest.length > 1) return fail(sub, `too many arguments: give one ${folder ? "folder" : "recipe"} id`)
      return folder
        ? Either.map(folderId(sub, rest[0]), (id) => Command.UnwatchFolder({ folderId: id }))
        : Either.map(recipeId(sub, rest[0]), (id) => Command.Unwatch({ recipeId: id }))
    }
    case "watches": {
      if (args.length > 0) return fail(sub, "takes no arguments")
      return Either.right(Command.Watches())
    }
    case "help":
      return Either.right(Command.Help())
  }
}
