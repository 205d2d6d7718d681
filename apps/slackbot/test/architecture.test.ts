// Enforces the import rules of docs/architecture.md: every import in the packages' and the
// bot's sources is read with the TypeScript compiler's own pre-processor (comments and
// strings that merely look like imports are not counted) and checked against the layers.
import { assert, describe, it } from "@effect/vitest"
import { readdirSync, readFileSync } from "node:fs"
import { dirname, join, relative, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import ts from "typescript"

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..")
const botSrc = join(root, "apps/slackbot/src")

const sourcesUnder = (dir: string): Array<string> =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => join(e.parentPath, e.name))

const importsOf = (file: string): Array<string> =>
  ts.preProcessFile(readFileSync(file, "utf8"), true, true).importedFiles.map((f) => f.fileName)

/** The bot's layers, lowest first; a file's layer is its folder (or, at the top, its name). */
const BotLayers = {
  /** Pure vocabulary with no I/O: Block Kit rendering, durations, the keyed lock, event-loop turns. */
  shared: ["blocks/", "duration.ts", "keyedLock.ts", "eventLoop.ts"],
  /** Adapters: Slack (Bolt), the database, Workato's answers in the bot's words. */
  slack: ["slack/"],
  store: ["store/"],
  workato: ["workato/"],
  /** The bot's own settings. */
  config: ["config.ts", "databaseUrl.ts"],
  /** Features: what the bot does, written against the adapters. */
  feature: ["commands/", "digest/", "repeat/", "replicas/"],
  /** Composition: builds the layers and starts the bot. */
  root: ["bot.ts", "main.ts", "local.ts", "embedded.ts", "mode.ts", "index.ts"]
} as const
type BotLayer = keyof typeof BotLayers

const MayImport: Record<BotLayer, ReadonlyArray<BotLayer>> = {
  shared: ["shared"],
  slack: ["shared", "slack"],
  store: ["shared", "store"],
  workato: ["shared", "workato"],
  config: ["shared", "config", "slack", "store", "workato"],
  feature: ["shared", "slack", "store", "workato", "config", "feature"],
  root: ["shared", "slack", "store", "workato", "config", "feature", "root"]
}

const layerOf = (path: string): BotLayer | undefined =>
  (Object.keys(BotLayers) as Array<BotLayer>).find((layer) =>
    BotLayers[layer].some((prefix) => prefix.endsWith("/") ? path.startsWith(prefix) : path === prefix)
  )

/** Forbidden edges among `files` (path relative to src → its relative import specifiers). */
const botViolations = (files: ReadonlyMap<string, ReadonlyArray<string>>): Array<string> => {
  const found: Array<string> = []
  for (const [path, imports] of files) {
    const from = layerOf(path)
    if (from === undefined) {
      found.push(`${path} belongs to no layer: add it to docs/architecture.md and to BotLayers here`)
      continue
    }
    for (const specifier of imports) {
      if (!specifier.startsWith(".")) continue
      const target = relative(".", join(dirname(path), specifier)).replace(/\.js$/, ".ts")
      const to = target.startsWith("..") ? undefined : layerOf(target)
      if (to === undefined || !MayImport[from].includes(to)) {
        found.push(`${path} (${from}) imports ${specifier} (${to ?? "outside src"})`)
      }
    }
  }
  return found
}

const botFiles = () =>
  new Map(sourcesUnder(botSrc).map((file) => [relative(botSrc, file), importsOf(file)] as const))

describe("architecture (docs/architecture.md)", () => {
  it("the bot's sources import only what their layer may", () => {
    assert.deepStrictEqual(botViolations(botFiles()), [])
  })

  it("every layer of the rule still names real files (a renamed folder cannot empty it)", () => {
    const paths = [...botFiles().keys()]
    for (const [layer, prefixes] of Object.entries(BotLayers)) {
      for (const prefix of prefixes) {
        assert.isTrue(paths.some((p) => prefix.endsWith("/") ? p.startsWith(prefix) : p === prefix), `${layer}: ${prefix}`)
      }
    }
  })

  it("catches a forbidden edge: the Slack adapter or the store reaching into a feature", () => {
    const bad = new Map([
      ["slack/SlackHandlers.ts", ["../repeat/Repeats.js", "./SlackApp.js", "../blocks/index.js"]],
      ["store/Store.ts", ["../slack/SlackWeb.js", "../config.js"]],
      ["blocks/digest.ts", ["../store/Store.js"]],
      ["newThing.ts", []]
    ])
    assert.deepStrictEqual(botViolations(bad), [
      "slack/SlackHandlers.ts (slack) imports ../repeat/Repeats.js (feature)",
      "store/Store.ts (store) imports ../slack/SlackWeb.js (slack)",
      "store/Store.ts (store) imports ../config.js (config)",
      "blocks/digest.ts (shared) imports ../store/Store.js (store)",
      "newThing.ts belongs to no layer: add it to docs/architecture.md and to BotLayers here"
    ])
  })

  it("the library and the peers import no app and no other workspace package", () => {
    const found: Array<string> = []
    for (const pkg of ["jobs-api", "workato-sim", "slack-emulator"]) {
      const src = join(root, "packages", pkg, "src")
      for (const file of sourcesUnder(src)) {
        for (const specifier of importsOf(file)) {
          const escapes = specifier.startsWith(".") && relative(src, join(dirname(file), specifier)).startsWith("..")
          if (escapes || specifier.startsWith("@workato-jobs/")) found.push(`${relative(root, file)} imports ${specifier}`)
        }
      }
    }
    assert.deepStrictEqual(found, [])
  })
})
