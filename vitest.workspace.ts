// The projects of the monorepo; vitest.config.ts reads this list (see there why).
// The bot's suite runs twice: on SQLite (apps/slackbot/vitest.config.ts) and on PostgreSQL.
export default ["packages/*", "apps/*", "apps/slackbot/vitest.postgres.config.ts"]
