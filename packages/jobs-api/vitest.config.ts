import { defineProject } from "vitest/config"

export default defineProject({
  test: {
    include: ["test/**/*.test.ts"],
    // Simulator tests drive virtual time over real loopback sockets: seconds, but allow for a busy CI box.
    testTimeout: 30_000
  }
})
