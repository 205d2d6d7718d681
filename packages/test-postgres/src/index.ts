export { createTestDatabase, type TestDatabase } from "./databases.js"
export { type RunningServer, startEmbeddedServer } from "./embedded.js"
export { parseServerUrl, startTestServer, TEST_DATABASE_URL } from "./server.js"
