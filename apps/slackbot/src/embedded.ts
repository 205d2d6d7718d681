/**
 * The embedded default of `pnpm start` (no credentials set): the Workato simulator with
 * demo data, the Slack emulator and the real bot, wired together in one process. It posts
 * a first digest into the emulator, prints it as text, then lets you type `/workato …`
 * lines (sent to the bot as signed slash commands through the emulator) and `click <n>` to
 * press a button, printing what the bot answers. Nothing here is special-cased in the bot:
 * it is the same layer as in production, pointed at local peers.
 */
import { NodeHttpClient } from "@effect/platform-node"
import { type FoundButton, type SlackEmulator, startSlackEmulator } from "@workato-jobs/slack-emulator"
import { type Sim, startSim } from "@workato-jobs/workato-sim"
import { Console, Context, Duration, Effect, Layer, Option, PubSub, Queue, Random, Redacted, Schedule, Schema } from "effect"
import { createInterface } from "node:readline"
import { botLayer, workatoClients } from "./bot.js"
import { BotConfig, type BotSettings, Database, type Environment } from "./config.js"
import { type DigestEvent, Digests } from "./digest/Digests.js"
import { formatInterval } from "./duration.js"
import { SlackServer } from "./slack/SlackServer.js"

export interface EmbeddedOptions {
  /** Exit after the first digest (CI smoke test). */
  readonly once: boolean
  /** The environment as main.ts read it (optional settings the demo honours). */
  readonly environment: Environment
}

/** The demo's promise is a first digest; without one within a minute something is broken. */
export class NoDigest extends Schema.TaggedError<NoDigest>()("NoDigest", {}) {
  override get message() {
    return "no digest was posted within 60 seconds"
  }
}

const CHANNEL = "C0ALERTS"
const CHANNEL_NAME = "#workato-alerts"
const USER = "U0ALICE"
const RULE = "─".repeat(64)

/** The demo's own defaults where the environment sets nothing: fast digests, a fresh database. */
const demoSettings = (env: Environment) => ({
  interval: Option.getOrElse(env.digestInterval, () => Duration.minutes(1)),
  database: Option.getOrElse(env.database, () => Database.Sqlite({ filename: ":memory:" })),
  port: Option.getOrElse(env.slack.port, () => 0)
})

const acquire = <A extends { close(): Promise<void> }>(start: () => Promise<A>) =>
  Effect.acquireRelease(Effect.promise(start), (peer) => Effect.promise(() => peer.close()))

/** Demo data: 4 recipes of realistic history, fresh failures in the two the bot watches. */
/**
 * Four recipes in the simulator's demo folders (Sales with its Shopify subfolder, Finance,
 * People); the channel watches the Sales folder, so the recipes in Sales and Shopify.
 */
const seedDemo = (sim: Sim) => {
  const recipes = sim.generate({ recipes: 4, jobsPerRecipe: 60, spanDays: 2 })
  const sales = sim.folders().find((f) => f.name === "Sales")!
  const watched = recipes.filter((r) => r.folderId === sales.id || sim.folders().some((f) => f.id === r.folderId && f.parentId === sales.id))
  watched.forEach((recipe, i) => sim.addFailures(recipe.id, 2 + i * 2))
  return { recipes, watched, folder: sales }
}

/** Prints messages and ephemerals as a person in the channel would see them. */
const printer = (slack: SlackEmulator) => {
  let buttons: ReadonlyArray<{ readonly channel: string; readonly ts: string; readonly button: FoundButton }> = []
  const show = (title: string, message: { readonly ts: string; readonly text: string; readonly blocks: ReadonlyArray<unknown> }) => {
    const found = slack.buttons(CHANNEL, message.ts).map((button) => ({ channel: CHANNEL, ts: message.ts, button }))
    const lines = [`── ${title} ${"─".repeat(Math.max(3, 60 - title.length))}`, slack.renderMessage(message as never)]
    if (found.length > 0) {
      buttons = found
      lines.push("", `Buttons: ${found.map((b, i) => `[${i + 1}] ${b.button.text}`).join("  ")}`)
    }
    return lines.join("\n")
  }
  return { show, buttons: () => buttons }
}

/** What the emulator shows in the demo channel, to print only what changed. */
const snapshot = (slack: SlackEmulator) => {
  const versions = new Map<string, number>()
  for (const m of slack.messages(CHANNEL)) versions.set(`m:${m.ts}`, m.updates.length)
  for (const e of slack.ephemerals(CHANNEL)) versions.set(`e:${e.ts}`, e.updates.length)
  return versions
}

const changesSince = (slack: SlackEmulator, print: ReturnType<typeof printer>, before: Map<string, number>) => {
  const out: Array<string> = []
  for (const m of slack.messages(CHANNEL)) {
    const seen = before.get(`m:${m.ts}`)
    if (seen === undefined) out.push(print.show(`posted in ${CHANNEL_NAME}`, m))
    else if (m.updates.length > seen) out.push(print.show("message updated", m))
  }
  for (const e of slack.ephemerals(CHANNEL)) {
    const seen = before.get(`e:${e.ts}`)
    if (seen === undefined) out.push(print.show("only you can see this", e))
    else if (e.updates.length > seen) out.push(print.show("updated (only you can see this)", e))
  }
  return out
}

/** Waits until the bot has said something new, then until it has been quiet for a moment. */
const settle = (slack: SlackEmulator, before: Map<string, number>) =>
  Effect.async<void>((resume) => {
    const changed = () => {
      const now = snapshot(slack)
      return [...now].some(([key, n]) => before.get(key) !== n)
    }
    let quiet: ReturnType<typeof setTimeout> | undefined
    const finish = () => {
      unsubscribe()
      clearTimeout(quiet)
      clearTimeout(cap)
      resume(Effect.void)
    }
    const bump = () => {
      if (!changed()) return
      clearTimeout(quiet)
      quiet = setTimeout(finish, 700)
    }
    const unsubscribe = slack.onChange(bump)
    const cap = setTimeout(finish, 20_000)
    bump()
    return Effect.sync(finish)
  })

const handleLine = (slack: SlackEmulator, eventsUrl: string, print: ReturnType<typeof printer>, line: string) =>
  Effect.gen(function*() {
    const input = line.trim()
    if (input === "") return
    const before = snapshot(slack)
    const clickMatch = /^click\s+(\d+)$/i.exec(input)
    if (clickMatch) {
      const target = print.buttons()[Number(clickMatch[1]) - 1]
      if (target === undefined) return yield* Console.log(`No button ${clickMatch[1]}: the last message printed has ${print.buttons().length}.`)
      yield* Effect.tryPromise(() =>
        slack.clickButton(eventsUrl, {
          channel: target.channel,
          ts: target.ts,
          userId: USER,
          actionId: target.button.actionId,
          ...(target.button.value === undefined ? {} : { value: target.button.value })
        })
      ).pipe(Effect.catchAll((e) => Console.log(`Could not click: ${String(e.error)}`)))
    } else {
      const text = input.replace(/^\/workato\b\s*/i, "")
      const sent = yield* Effect.promise(() => slack.slashCommand(eventsUrl, { text, userId: USER, channelId: CHANNEL }))
      if (sent.status !== 200) return yield* Console.log(`The bot answered HTTP ${sent.status}.`)
    }
    yield* settle(slack, before)
    const changes = changesSince(slack, print, before)
    yield* Console.log(changes.length > 0 ? changes.join("\n\n") : "(no answer yet; it may still come)")
  })

const waitForFirstDigest = (events: Queue.Dequeue<DigestEvent>) =>
  Queue.take(events).pipe(
    Effect.repeat({ until: (e) => e.result._tag === "Posted" }),
    Effect.timeoutFail({ duration: "60 seconds", onTimeout: () => new NoDigest() })
  )

export const runEmbedded = (options: EmbeddedOptions) =>
  Effect.gen(function*() {
    const demo = demoSettings(options.environment)
    const sim = yield* acquire(() => startSim({ seed: 7 }))
    const { folder, recipes, watched } = seedDemo(sim)
    const slack = yield* acquire(() => startSlackEmulator({}))
    const settings: BotSettings = {
      slack: {
        botToken: Redacted.make(slack.botToken),
        signingSecret: Option.some(Redacted.make(slack.signingSecret)),
        appToken: Option.none(),
        apiUrl: Option.some(slack.apiUrl),
        port: demo.port,
        host: "127.0.0.1"
      },
      digestInterval: demo.interval,
      initialWatches: [{ folderId: folder.id, channel: CHANNEL }],
      repeatAllowedUsers: options.environment.repeatAllowedUsers,
      watchAllowedUsers: options.environment.watchAllowedUsers,
      retention: options.environment.retention,
      auditRetention: options.environment.auditRetention,
      database: demo.database
    }
    const workato = workatoClients({ token: Redacted.make(sim.token), baseUrl: sim.url }).pipe(
      Layer.provide(NodeHttpClient.layerUndici)
    )

    yield* Console.log([
      "workato-jobs slackbot — embedded demo (no Slack or Workato credentials set)",
      `  Workato simulator  ${sim.url}   (${recipes.length} recipes: ${recipes.map((r) => `${r.id} ${r.name}`).join(", ")})`,
      `  Slack emulator     ${slack.apiUrl}`,
      `  watching           folder ${folder.id} "${folder.name}" with its subfolders (recipes ${watched.map((r) => r.id).join(", ")}) in ${CHANNEL_NAME}, every ${formatInterval(demo.interval)}`,
      ""
    ].join("\n"))

    const context = yield* Layer.build(botLayer(workato).pipe(Layer.provide(BotConfig.layer(settings))))
    const eventsUrl = Option.getOrThrow(Context.get(context, SlackServer).eventsUrl)
    const events = yield* PubSub.subscribe(Context.get(context, Digests).events)
    const print = printer(slack)

    const first = yield* waitForFirstDigest(events)
    const firstMessage = first.result._tag === "Posted" ? slack.message(CHANNEL, first.result.ts) : undefined
    const shown = new Set<string>()
    if (firstMessage !== undefined) {
      shown.add(firstMessage.ts)
      yield* Console.log(print.show(`first digest, posted in ${CHANNEL_NAME}`, firstMessage))
    }
    yield* Console.log([
      "",
      RULE,
      `The bot listens on ${eventsUrl}. Try it: type a /workato command and press Enter,`,
      `e.g. "help", "failures ${watched[0]!.id}", "watches", "digest ${recipes[2]!.id}",`,
      `"watch ${recipes[3]!.id} every 5 minutes", or "click 1" to press a button of the last message.`,
      "New failures keep arriving in the simulator; new digests are printed as they are posted. In a while",
      `Workato stops recipe ${watched.at(-1)!.id} (trigger errors) and the bot says so. Ctrl-C stops.`,
      RULE
    ].join("\n"))
    if (options.once) return

    // Keep the demo alive: a new failure now and then, a recipe that Workato stops after a
    // while (and that an operator starts again later), and every later message printed.
    const stopped = watched.at(-1)!
    yield* Effect.forkScoped(
      Effect.sync(() => sim.stopRecipe(stopped.id, { cause: "trigger_errors_limit" })).pipe(
        Effect.delay("90 seconds"),
        Effect.zipRight(Effect.sync(() => sim.startRecipe(stopped.id)).pipe(Effect.delay("5 minutes")))
      )
    )
    yield* Effect.forkScoped(
      Random.nextIntBetween(0, watched.length).pipe(
        Effect.map((i) => sim.addFailures(watched[i]!.id, 1)),
        Effect.repeat(Schedule.spaced("40 seconds")),
        Effect.delay("20 seconds")
      )
    )
    yield* Effect.forkScoped(
      Queue.take(events).pipe(
        // Every message the round posted: its digest, and any recipe stopped / running again note.
        Effect.flatMap(() =>
          Effect.forEach(slack.messages(CHANNEL).filter((m) => !shown.has(m.ts)), (message) => {
            shown.add(message.ts)
            return Console.log(`\n${print.show(`new message in ${CHANNEL_NAME}`, message)}`)
          }, { discard: true })
        ),
        Effect.forever
      )
    )

    // Lines from stdin (a terminal or a pipe), one at a time; when stdin ends, keep running.
    const lines = yield* Queue.unbounded<string>()
    const rl = yield* Effect.acquireRelease(
      Effect.sync(() => {
        const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY === true })
        rl.setPrompt("/workato ")
        rl.on("line", (line) => Queue.unsafeOffer(lines, line))
        return rl
      }),
      (rl) => Effect.sync(() => rl.close())
    )
    const prompt = Effect.sync(() => {
      if (process.stdin.isTTY === true) rl.prompt()
    })
    yield* prompt
    return yield* Queue.take(lines).pipe(
      Effect.tap((line) => Console.log(process.stdin.isTTY === true ? "" : `\n/workato ${line}`)),
      Effect.flatMap((line) => handleLine(slack, eventsUrl, print, line)),
      Effect.zipRight(prompt),
      Effect.forever
    )
  })
