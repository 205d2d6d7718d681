/**
 * `pnpm start` as a user runs it: the real entry point in a child process (tsx), with the
 * environment deciding the mode. The real mode runs against the local simulator and emulator
 * through the very variables a production deployment sets.
 */
import { assert, describe, it } from "@effect/vitest"
import { startSlackEmulator } from "@workato-jobs/slack-emulator"
import { startSim } from "@workato-jobs/workato-sim"
import { Effect } from "effect"
import { type ChildProcess, spawn } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const APP_DIR = join(dirname(fileURLToPath(import.meta.url)), "..")
const TIMEOUT = 60_000

interface Run {
  readonly child: ChildProcess
  readonly output: () => string
  readonly exited: Promise<number | null>
}

/** Starts `src/main.ts` with exactly `env` (plus PATH/HOME), killed when the scope closes. */
const start = (args: ReadonlyArray<string>, env: Record<string, string>) =>
  Effect.acquireRelease(
    Effect.sync((): Run => {
      const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts", ...args], {
        cwd: APP_DIR,
        env: { PATH: process.env["PATH"] ?? "", HOME: process.env["HOME"] ?? "", ...env },
        stdio: ["pipe", "pipe", "pipe"]
      })
      let out = ""
      child.stdout!.on("data", (d: Buffer) => (out += d.toString()))
      child.stderr!.on("data", (d: Buffer) => (out += d.toString()))
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)))
      return { child, output: () => out, exited }
    }),
    (run) => Effect.sync(() => run.child.exitCode === null && run.child.kill("SIGTERM"))
  )

const exitCode = (run: Run) => Effect.promise(() => run.exited)

const freePort = Effect.promise(() =>
  new Promise<number>((resolve) => {
    const server = createServer()
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port
      server.close(() => resolve(port))
    })
  })
)

describe("pnpm start", () => {
  it.live("with no credentials: the embedded demo prints its first digest (--once exits after it)", () =>
    Effect.gen(function*() {
      const run = yield* start(["--once"], {})
      assert.strictEqual(yield* exitCode(run), 0, run.output())
      const out = run.output()
      assert.include(out, "embedded demo")
      assert.include(out, "first digest, posted in #workato-alerts")
      assert.match(out, /\d+ failed Workato jobs/)
      assert.include(out, "[ Repeat ]")
      assert.include(out, "type a /workato command")
    }).pipe(Effect.scoped), TIMEOUT)

  it.live("with some credentials only: stops, naming what is missing", () =>
    Effect.gen(function*() {
      const run = yield* start([], { SLACK_BOT_TOKEN: "xoxb-secret-value" })
      assert.strictEqual(yield* exitCode(run), 1)
      const out = run.output()
      assert.include(out, "SLACK_SIGNING_SECRET is not set: set it to the Signing Secret")
      assert.include(out, "WORKATO_API_TOKEN is not set: set it to an API client token")
      assert.notInclude(out, "xoxb-secret-value")
      assert.notInclude(out, "    at ")
    }).pipe(Effect.scoped), TIMEOUT)

  it.live("with an invalid variable: stops, naming it and the fix", () =>
    Effect.gen(function*() {
      const run = yield* start([], {
        SLACK_BOT_TOKEN: "xoxb-secret-value",
        SLACK_SIGNING_SECRET: "s",
        WORKATO_API_TOKEN: "w",
        DIGEST_INTERVAL: "often"
      })
      assert.strictEqual(yield* exitCode(run), 1)
      assert.include(run.output(), "DIGEST_INTERVAL")
      assert.include(run.output(), "15 minutes")
      assert.notInclude(run.output(), "xoxb-secret-value")
    }).pipe(Effect.scoped), TIMEOUT)

  it.live("with credentials: runs for real (here against the local simulator and emulator)", () =>
    Effect.gen(function*() {
      const sim = yield* Effect.acquireRelease(Effect.promise(() => startSim({})), (s) => Effect.promise(() => s.close()))
      const slack = yield* Effect.acquireRelease(Effect.promise(() => startSlackEmulator({})), (s) => Effect.promise(() => s.close()))
      const dir = yield* Effect.acquireRelease(
        Effect.sync(() => mkdtempSync(join(tmpdir(), "slackbot-main-"))),
        (d) => Effect.sync(() => rmSync(d, { recursive: true, force: true }))
      )
      const recipe = sim.addRecipe({})
      sim.addFailures(recipe.id, 2)
      const port = yield* freePort
      const run = yield* start([], {
        SLACK_BOT_TOKEN: slack.botToken,
        SLACK_SIGNING_SECRET: slack.signingSecret,
        SLACK_API_URL: slack.apiUrl,
        PORT: String(port),
        WORKATO_API_TOKEN: sim.token,
        WORKATO_BASE_URL: sim.url,
        WORKATO_WATCH: `${recipe.id}=C0ALERTS`,
        DATABASE_URL: `sqlite:${join(dir, "bot.db")}`
      })
      const digest = yield* Effect.promise(() =>
        slack.waitFor(() => slack.messages("C0ALERTS")[0], { timeoutMs: 30_000, description: `the first digest (output: ${run.output()})` })
      )
      assert.include(digest.text, "2 failed Workato jobs")
      assert.strictEqual(slack.callsTo("auth.test").length, 1) // the token was checked once at start-up
      const answer = yield* Effect.promise(() =>
        slack.slashCommand(`http://127.0.0.1:${port}/slack/events`, { text: "watches", userId: "U0ALICE", channelId: "C0ALERTS" })
      )
      assert.strictEqual(answer.status, 200)
      yield* Effect.promise(() => slack.waitFor(() => slack.ephemerals("C0ALERTS").find((e) => e.text.includes("watched")), { timeoutMs: 10_000 }))
      assert.notInclude(run.output(), slack.botToken)
      assert.notInclude(run.output(), sim.token)
      run.child.kill("SIGTERM")
      yield* exitCode(run)
    }).pipe(Effect.scoped), TIMEOUT)
})
