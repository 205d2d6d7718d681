// Options of the standalone sim (`pnpm sim`) from argv and environment (argv wins).
import type { SimOptions } from "./types.js"

export interface CliOptions {
  readonly sim: SimOptions & { readonly port: number; readonly token: string }
  /** Add a new job to a random recipe every this many ms (0 = off). */
  readonly liveMs: number
  readonly help: boolean
}

export const USAGE = `workato-sim: a local Workato Jobs and Recipes API

Usage: workato-sim [options]   (npx @workato-jobs/workato-sim; in this repository: pnpm sim)

  --port <n>            PORT            listen port (default 4010; 0 = any free port)
  --host <h>            HOST            interface (default 127.0.0.1)
  --token <t>           SIM_TOKEN       accepted bearer token (default sim-token)
  --page-size <n>       SIM_PAGE_SIZE   jobs per list page (default 25)
  --seed <n>            SIM_SEED        demo data seed (default 1)
  --recipes <n>         SIM_RECIPES     demo recipes (default 5)
  --jobs <n>            SIM_JOBS        jobs per recipe (default 200)
  --retention-days <n>  SIM_RETENTION_DAYS  repeat retention (default 30)
  --no-quotas           SIM_NO_QUOTAS=1 never answer 429
  --live <ms>           SIM_LIVE_MS     add a new job every <ms> (default off)
  --help
`

const int = (name: string, raw: string | undefined, fallback: number, min = 0): number => {
  if (raw === undefined || raw === "") return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer >= ${min}, got "${raw}"`)
  return n
}

export const parseCli = (argv: ReadonlyArray<string>, env: Readonly<Record<string, string | undefined>>): CliOptions => {
  const flags = new Map<string, string>()
  const switches = new Set<string>()
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === "--") continue
    if (!arg.startsWith("--")) throw new Error(`Unexpected argument: ${arg}`)
    const [key, inline] = arg.slice(2).split("=", 2) as [string, string | undefined]
    if (key === "no-quotas" || key === "help") {
      switches.add(key)
      continue
    }
    const value = inline ?? argv[++i]
    if (value === undefined) throw new Error(`--${key} needs a value`)
    flags.set(key, value)
  }
  const known = ["port", "host", "token", "page-size", "seed", "recipes", "jobs", "retention-days", "live"]
  for (const key of flags.keys()) if (!known.includes(key)) throw new Error(`Unknown option --${key}`)
  const pick = (flag: string, variable: string) => flags.get(flag) ?? env[variable]
  const noQuotas = switches.has("no-quotas") || ["1", "true", "yes"].includes((env.SIM_NO_QUOTAS ?? "").toLowerCase())
  return {
    help: switches.has("help"),
    liveMs: int("--live", pick("live", "SIM_LIVE_MS"), 0),
    sim: {
      port: int("--port", pick("port", "PORT"), 4010),
      host: pick("host", "HOST") || "127.0.0.1",
      token: pick("token", "SIM_TOKEN") || "sim-token",
      pageSize: int("--page-size", pick("page-size", "SIM_PAGE_SIZE"), 25, 1),
      seed: int("--seed", pick("seed", "SIM_SEED"), 1),
      recipes: int("--recipes", pick("recipes", "SIM_RECIPES"), 5),
      jobsPerRecipe: int("--jobs", pick("jobs", "SIM_JOBS"), 200),
      retentionDays: int("--retention-days", pick("retention-days", "SIM_RETENTION_DAYS"), 30, 1),
      ...(noQuotas ? { quotas: false as const } : {})
    }
  }
}
