import { defineProject } from "vitest/config"

// The suite on SQLite (the default). vitest.postgres.config.ts runs the database-touching
// tests again on PostgreSQL, and the replica tests (test/replicas), which need it.
export default defineProject({
  test: {
    include: ["test/**/*.test.ts"],
    // A backstop, not a speed check: the heavier rendering tests take seconds on a busy 2-core machine.
    testTimeout: 30_000,
    exclude: ["test/replicas/**"]
  }
})
