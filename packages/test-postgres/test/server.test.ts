import pg from "pg"
import { existsSync, readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { createTestDatabase, parseServerUrl, startEmbeddedServer, startTestServer } from "../src/index.js"

const query = async (url: string, text: string) => {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query(text)).rows
  } finally {
    await client.end()
  }
}

describe("test-postgres", () => {
  // The path a fresh machine takes (no TEST_DATABASE_URL), run here whatever the variable says,
  // as whichever user runs the tests (root on CI: postgres then runs as an unprivileged user).
  it("starts an embedded server, gives each test its own database, and removes its files on close", async () => {
    const server = await startEmbeddedServer()
    const dataDir = await query(server.url, "SHOW data_directory")
    try {
      const a = await createTestDatabase(server.url, "Store test!")
      const b = await createTestDatabase(server.url, "store")
      expect(a.name).toMatch(/^store_test_[0-9a-f]{16}$/)
      await query(a.url, "CREATE TABLE only_in_a (x int)")
      expect(await query(b.url, "SELECT to_regclass('only_in_a') AS t")).toEqual([{ t: null }])
      expect(await query(a.url, "SELECT current_user AS u, current_database() AS d")).toEqual([{ u: "postgres", d: a.name }])
      // Postgres refuses root: when the tests run as root, the server runs as another user.
      // (read while connected: the backend process exits with its connection)
      const client = new pg.Client({ connectionString: server.url })
      await client.connect()
      try {
        const { pid } = (await client.query("SELECT pg_backend_pid() AS pid")).rows[0]
        const uid = /^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]
        expect(Number(uid)).not.toBe(0)
      } finally {
        await client.end()
      }
      await a.drop()
      await b.drop()
      const left = await query(server.url, `SELECT datname FROM pg_database WHERE datname IN ('${a.name}', '${b.name}')`)
      expect(left).toEqual([])
    } finally {
      await server.close()
    }
    expect(existsSync(dataDir[0].data_directory)).toBe(false)
  }, 120_000)

  it("uses TEST_DATABASE_URL when set, and says what is wrong with a bad one", async () => {
    const server = await startTestServer({ TEST_DATABASE_URL: "postgres://someone@127.0.0.1:1/db" })
    expect(server).toMatchObject({ url: "postgres://someone@127.0.0.1:1/db", embedded: false })
    expect(() => parseServerUrl("mysql://x")).toThrow(/TEST_DATABASE_URL="mysql:\/\/x" is not a PostgreSQL URL/)
  })
})
