import { describe, expect, it } from "vitest"
import { parseCli } from "../src/cli.js"

describe("pnpm sim options", () => {
  it("defaults to demo data on port 4010 with quotas", () => {
    const o = parseCli([], {})
    expect(o.sim).toEqual({ port: 4010, host: "127.0.0.1", token: "sim-token", pageSize: 25, seed: 1, recipes: 5, jobsPerRecipe: 200, retentionDays: 30 })
    expect(o.liveMs).toBe(0)
    expect(o.help).toBe(false)
  })

  it("reads the environment; argv wins (also after pnpm's --)", () => {
    const o = parseCli(["--", "--port", "0", "--page-size=7", "--no-quotas"], { PORT: "5000", SIM_TOKEN: "t", SIM_PAGE_SIZE: "3", SIM_JOBS: "10" })
    expect(o.sim).toMatchObject({ port: 0, token: "t", pageSize: 7, jobsPerRecipe: 10, quotas: false })
    expect(parseCli([], { SIM_NO_QUOTAS: "1" }).sim.quotas).toBe(false)
  })

  it("rejects bad values and unknown options by name", () => {
    expect(() => parseCli(["--page-size", "0"], {})).toThrow("--page-size")
    expect(() => parseCli(["--port", "x"], {})).toThrow("--port")
    expect(() => parseCli(["--colour", "red"], {})).toThrow("--colour")
    expect(() => parseCli(["--seed"], {})).toThrow("needs a value")
  })
})
