import { defineConfig } from "vitest/config"
import projects from "./vitest.workspace.js"

// test.projects instead of the workspace file alone: vitest 3.2 prints a deprecation
// banner when it loads vitest.workspace.ts directly.
export default defineConfig({
  test: {
    projects,
    passWithNoTests: true,
    reporters: ["default", "./scripts/totals-reporter.ts"]
  }
})
