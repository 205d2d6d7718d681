/**
 * The PostgreSQL server tests and benchmarks use: the one TEST_DATABASE_URL names (CI and
 * developer machines that run one), otherwise an embedded one started here and stopped by
 * `close`.
 */
import { type RunningServer, startEmbeddedServer } from "./embedded.js"

export const TEST_DATABASE_URL = "TEST_DATABASE_URL"

/** Checks the variable's shape so that a typo fails with a sentence, not a driver stack trace. */
export const parseServerUrl = (value: string): URL => {
  const url = URL.canParse(value) ? new URL(value) : undefined
  if (url === undefined || (url.protocol !== "postgres:" && url.protocol !== "postgresql:")) {
    throw new Error(
      `${TEST_DATABASE_URL}="${value}" is not a PostgreSQL URL: use postgres://user@host:port/database ` +
        "(e.g. postgres://postgres@127.0.0.1:5432/test), or unset it to use an embedded server"
    )
  }
  return url
}

export const startTestServer = async (env: NodeJS.ProcessEnv = process.env): Promise<RunningServer & { readonly embedded: boolean }> => {
  const configured = env[TEST_DATABASE_URL]?.trim()
  if (configured !== undefined && configured !== "") {
    return { url: parseServerUrl(configured).toString(), close: async () => undefined, embedded: false }
  }
  return { ...(await startEmbeddedServer()), embedded: true }
}
