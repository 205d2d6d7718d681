import { defineProject } from "vitest/config"

// The same tests on PostgreSQL (test/database.ts reads SLACKBOT_TEST_DATABASE): a server from
// TEST_DATABASE_URL or an embedded one, started once per run; each test makes its own database.
export default defineProject({
  test: {
    name: "@workato-jobs/slackbot (postgres)",
    // A backstop, as on SQLite: each test creates its own database and migrates it, seconds on a busy machine.
    testTimeout: 30_000,
    // The end-to-end files join once the harness can hand a bot a PostgreSQL database.
    include: ["test/store.test.ts", "test/leases.test.ts", "test/retention.test.ts", "test/probes.test.ts", "test/gracefulStop.test.ts", "test/replicas/**/*.test.ts"],
    env: { SLACKBOT_TEST_DATABASE: "postgres" },
    globalSetup: ["../../packages/test-postgres/src/globalSetup.ts"]
  }
})
