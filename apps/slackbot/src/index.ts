/**
 * @workato-jobs/slackbot as a library: the bot's layer for Effect programs, and a promise
 * API to run it against local peers (benchmarks, scripts). `pnpm start` is src/main.ts.
 */
export { botLayer } from "./bot.js"
export { BotConfig, type BotSettings, ConfigProblem, Database, environment, environmentProvider, toConfigProblem, type WatchSpec } from "./config.js"
export { detectMode, RunMode } from "./mode.js"
export { type DigestEvent, type DigestResult, Digests, type DigestTarget } from "./digest/Digests.js"
export { localSettings, type LocalBot, type LocalBotOptions, startLocalBot } from "./local.js"
export { SlackServer } from "./slack/SlackServer.js"
export { AuditLog, PostedMessages, RepeatLocks, type Store, Watches } from "./store/index.js"
export { toFailedJob } from "./workato/failedJob.js"
export { Atomic, databaseLayer, storeLayer } from "./store/index.js"
