// The bot in a process of its own, so that its ack latency and memory are not mixed with the
// load generator's. Driven by the benchmark over IPC:
//   parent → child: { run: "digest", target } | { run: "rss" } | { run: "exit" }
//   child → parent: { ready: eventsUrl } | { digest: { ms, peakRss, maxStallMs, result } } | { rss }
import { type DigestTarget, type LocalBotOptions, startLocalBot } from "@workato-jobs/slackbot"
import { Duration, Effect, Logger, LogLevel } from "effect"
import { monitorEventLoopDelay } from "node:perf_hooks"

type Command =
  | { readonly run: "digest"; readonly target: { channel: string; recipeIds: number[]; lookBackHours: number } }
  | { readonly run: "rss" }
  | { readonly run: "exit" }

const send = (message: unknown) => process.send!(message)

const options = JSON.parse(process.env["BENCH_BOT_OPTIONS"]!) as LocalBotOptions
const bot = await startLocalBot(options)

// Peak RSS during a run, sampled every 5 ms (the digest is long enough for that to see it), and
// the event loop's longest stall (how long a Slack request arriving then would have waited).
const sampling = async <A>(run: () => Promise<A>) => {
  let peak = process.memoryUsage().rss
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5)
  const delay = monitorEventLoopDelay({ resolution: 1 })
  delay.enable()
  const started = performance.now()
  const result = await run()
  const ms = performance.now() - started
  delay.disable()
  clearInterval(timer)
  return { result, ms, peakRss: Math.max(peak, process.memoryUsage().rss), maxStallMs: delay.max / 1e6 }
}

process.on("message", async (command: Command) => {
  switch (command.run) {
    case "rss": {
      global.gc?.()
      send({ rss: process.memoryUsage().rss })
      break
    }
    case "digest": {
      const target: DigestTarget = {
        channel: command.target.channel,
        recipes: command.target.recipeIds.map((recipeId) => ({
          recipeId,
          watched: false,
          lookBack: Duration.hours(command.target.lookBackHours)
        }))
      }
      const { maxStallMs, ms, peakRss, result } = await sampling(() =>
        Effect.runPromise(bot.digests.run(target).pipe(Logger.withMinimumLogLevel(LogLevel.Warning)))
      )
      send({ digest: { ms, peakRss, maxStallMs, result: result._tag } })
      break
    }
    case "exit": {
      await bot.close()
      process.exit(0)
    }
  }
})
send({ ready: bot.eventsUrl })
