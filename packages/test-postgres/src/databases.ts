/**
 * One database per test: created on the shared server, dropped after (with FORCE, so a bot
 * whose pool is still closing cannot keep it alive). Databases rather than schemas because
 * advisory locks and LISTEN channels are per database.
 */
import pg from "pg"
import { randomUUID } from "node:crypto"

export interface TestDatabase {
  readonly url: string
  readonly name: string
  readonly drop: () => Promise<void>
}

const withClient = async <A>(serverUrl: string, f: (client: pg.Client) => Promise<A>): Promise<A> => {
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  try {
    return await f(client)
  } finally {
    await client.end()
  }
}

/** `label` goes into the name (lower-case letters, digits, _) to tell databases apart when one is left behind. */
export const createTestDatabase = async (serverUrl: string, label = "t"): Promise<TestDatabase> => {
  const clean = label.toLowerCase().replace(/[^a-z0-9_]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 30) || "t"
  const name = `${clean}_${randomUUID().replaceAll("-", "").slice(0, 16)}`
  await withClient(serverUrl, (client) => client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`))
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    name,
    drop: () =>
      withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`)).then(
        () => undefined
      )
  }
}
