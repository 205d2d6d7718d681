import { defineProject } from "vitest/config"

// The same tests on PostgreSQL (test/database.ts reads SLACKBOT_TEST_DATABASE): a server from
// TEST_DATABASE_URL or an embedded one, started once per run; each test makes its own database.
export default defineProject({
  test: {
    name: "@workato-jobs/slackbot (postgres)",
    // A backstop, as on SQLite: each test creates its own database and migrates it, seconds on a busy machine.
    testTimeout: 30_000,
    // The database-touching tests, and end-to-end ones whose promises rest on the database
    // (exactly-once digests, repeats): the harness gives each bot a database of this project's
    // dialect. Not yet: digest.test.ts ("a Workato outage…") and atMostOnceRepeats.test.ts
    // ("…clicked in all three…") each have one test that fails on PostgreSQL (virtual-time
    // waits racing real database I/O, to be looked into); the rest would only repeat.
    include: [
      "test/store.test.ts",
      "test/leases.test.ts",
      "test/retention.test.ts",
      "test/probes.test.ts",
      "test/gracefulStop.test.ts",
      "test/exactlyOnceDigests.test.ts",
      "test/repeat.test.ts",
      "test/replicas/**/*.test.ts"
    ],
    env: { SLACKBOT_TEST_DATABASE: "postgres" },
    globalSetup: ["../../packages/test-postgres/src/globalSetup.ts"]
  }
})
