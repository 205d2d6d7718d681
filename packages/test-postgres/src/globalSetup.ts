/**
 * vitest globalSetup: one server per test run, its URL handed to the tests as
 * `inject("testPostgresUrl")`; each test then makes its own database (createTestDatabase).
 */
import type { TestProject } from "vitest/node"
import { startTestServer } from "./server.js"

declare module "vitest" {
  export interface ProvidedContext {
    testPostgresUrl: string
  }
}

export default async function setup(project: TestProject) {
  const server = await startTestServer()
  project.provide("testPostgresUrl", server.url)
  return server.close
}
