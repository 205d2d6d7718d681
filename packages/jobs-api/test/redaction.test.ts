import { assert, describe, it } from "@effect/vitest"
import { Cause, Effect, Inspectable, Logger, LogLevel, Redacted } from "effect"
import { inspect } from "node:util"
import { JobsApiConfig } from "@workato-jobs/jobs-api"
import { clientFor, simulator } from "./support/sim.js"
import { hanging, runVirtual } from "./support/virtualTime.js"

const TOKEN = "sim-secret-token-4242"
const WRONG = "wrong-secret-token-9999"

const renderings = (value: unknown): ReadonlyArray<string> => [
  String(value),
  JSON.stringify(value) ?? "",
  Inspectable.format(value),
  inspect(value, { depth: 10 }),
  Cause.pretty(Cause.fail(value))
]

describe("the API token never appears", () => {
  it.scoped("in any error, report, log line or the config, for every failure class", () =>
    Effect.gen(function*() {
      const sim = yield* simulator({ token: TOKEN })
      const recipe = sim.addRecipe()
      const [job] = sim.addFailures(recipe.id, 1)
      const jobs = yield* clientFor(sim, { timeout: "3 seconds", retry: { times: 0 } })
      const wrong = yield* clientFor({ url: sim.url, token: WRONG })
      const refused = yield* clientFor({ url: "http://127.0.0.1:1", token: TOKEN }, { retry: { times: 0 } })

      const captured: Array<string> = []
      const logger = Logger.make(({ message }) => captured.push(inspect(message, { depth: 10 })))

      const failures: Array<unknown> = []
      const fail = <A, E>(effect: Effect.Effect<A, E>) =>
        Effect.flip(runVirtual(effect, hanging)).pipe(
          Effect.tap((error) => Effect.logError("call failed", error)),
          Effect.tap((error) => Effect.sync(() => failures.push(error)))
        )

      yield* Effect.gen(function*() {
        yield* fail(wrong.list(recipe.id)) // Unauthorized
        sim.injectFault({ route: "get", kind: "status403" })
        yield* fail(jobs.get(recipe.id, job!.id)) // Forbidden
        yield* fail(jobs.get(recipe.id, "j-missing")) // NotFound
        sim.injectFault({ route: "list", kind: "status429", retryAfter: "600" })
        yield* fail(jobs.list(recipe.id)) // RateLimited
        sim.injectFault({ route: "list", kind: "status500" })
        yield* fail(jobs.list(recipe.id)) // ServerError
        sim.injectFault({ route: "list", kind: "hang" })
        yield* fail(jobs.list(recipe.id)) // RequestTimeout
        sim.injectFault({ route: "list", kind: "invalidJson" })
        yield* fail(jobs.list(recipe.id)) // ResponseDecodeError
        yield* fail(refused.list(recipe.id)) // TransportError
        yield* fail(jobs.resume({ token: "" })) // BadRequest
        yield* fail(jobs.repeat(recipe.id, [])) // InvalidJobIds
        sim.injectFault({ route: "repeat", kind: "status500" })
        const report = yield* runVirtual(jobs.repeat(recipe.id, [job!.id, "j-missing"]))
        failures.push(report)
        yield* Effect.log("report", report)
      }).pipe(Effect.provide(Logger.replace(Logger.defaultLogger, logger)), Logger.withMinimumLogLevel(LogLevel.All))

      const tags = failures.map((f) => (f as { _tag?: string })._tag)
      assert.deepStrictEqual(tags, [
        "Unauthorized",
        "Forbidden",
        "NotFound",
        "RateLimited",
        "ServerError",
        "RequestTimeout",
        "ResponseDecodeError",
        "TransportError",
        "BadRequest",
        "InvalidJobIds",
        undefined
      ])
      for (const value of failures) {
        for (const text of renderings(value)) {
          assert.notInclude(text, TOKEN)
          assert.notInclude(text, WRONG)
        }
      }
      assert.isTrue(captured.length >= 11)
      for (const line of captured) {
        assert.notInclude(line, TOKEN)
        assert.notInclude(line, WRONG)
      }
      const config = yield* JobsApiConfig.make({ token: Redacted.make(TOKEN) })
      for (const text of renderings(config)) assert.notInclude(text, TOKEN)
      for (const text of renderings(jobs)) assert.notInclude(text, TOKEN)
    }))
})
