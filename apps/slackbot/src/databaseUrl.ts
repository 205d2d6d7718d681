/**
 * DATABASE_URL → where the bot keeps its state. Only forms that mean one thing are accepted;
 * anything odd is refused with the fix rather than turned into a strange file name.
 * Messages never repeat a postgres URL (it may hold a password).
 */
import { Either, Redacted } from "effect"
import { homedir } from "node:os"
import { Database } from "./store/database.js"

export { Database } from "./store/database.js"

export const DEFAULT_DATABASE_URL = "sqlite:./data/slackbot.db"

export const parseDatabaseUrl = (text: string): Either.Either<Database, string> => {
  const trimmed = text.trim()
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*)\s*:/.exec(trimmed)
  if (scheme === null) return Either.left("does not start with sqlite: or postgres://")
  const name = scheme[1]!.toLowerCase()
  const rest = trimmed.slice(scheme[0].length).trim()
  if (name === "postgres" || name === "postgresql") {
    return rest.startsWith("//") && URL.canParse(`postgres:${rest}`)
      ? Either.right(Database.Postgres({ url: Redacted.make(`${name}:${rest}`) }))
      : Either.left(`is not a valid ${name}:// URL`)
  }
  if (name !== "sqlite") return Either.left(`names a "${name}:" database; only SQLite and PostgreSQL are supported`)
  return Either.map(sqliteFile(rest), (filename) => Database.Sqlite({ filename }))
}

const sqliteFile = (rest: string): Either.Either<string, string> => {
  if (rest === ":memory:") return Either.right(":memory:")
  if (rest === "") return Either.left("names no file (sqlite: needs a file name after it)")
  if (rest.includes(":")) return Either.left(`names "${rest}", not a file; for an in-memory database write sqlite::memory:`)
  if (/[?#]/.test(rest)) return Either.left("has a query string or fragment; sqlite: takes a file name only")
  if (/[\u0000-\u001f]/.test(rest)) return Either.left("contains control characters")
  if (rest.endsWith("/")) return Either.left(`names a folder (${rest}), not a file`)
  if (rest.startsWith("///")) return Either.right(rest.slice(2))
  if (rest.startsWith("//")) {
    return Either.left(
      `sqlite://${rest.slice(2)} names a host, not a file; write sqlite:./file.db for a relative file or sqlite:///abs/file.db for an absolute one`
    )
  }
  if (rest === "~" || rest.startsWith("~/")) return rest === "~" ? Either.left("names your home folder, not a file") : Either.right(homedir() + rest.slice(1))
  if (rest.startsWith("~")) return Either.left("uses ~user, which is not supported; write the full path")
  return Either.right(rest)
}
