import { readFileSync } from "node:fs"

/** A JSON fixture from test/fixtures (documented Workato samples copied into the package). */
export const fixture = (path: string): unknown =>
  JSON.parse(readFileSync(new URL(`../fixtures/${path}`, import.meta.url), "utf8"))
