import { assert, describe, it } from "@effect/vitest"
import { JobsApiConfig } from "@workato-jobs/jobs-api"
import { Config, ConfigProvider, Context, Effect, Either, Layer, Redacted } from "effect"
import { busiestWindow, clientFor, requestsTo, simulator, tooManyRequests } from "./support/sim.js"
import { runVirtual } from "./support/virtualTime.js"

// A workspace whose repeat quota was raised to 3/s, and a recipe with `n` failed jobs.
const raisedQuota = (n: number) =>
  Effect.gen(function*() {
    const sim = yield* simulator({ quotas: { repeatPerSecond: 3, cancelPerSecond: 1, otherPerMinute: 60 } })
    const recipe = sim.addRecipe()
    return { sim, recipeId: recipe.id, ids: sim.addFailures(recipe.id, n).map((j) => j.id) }
  })

const sendsPerSecond = (at: ReadonlyArray<number>) => (at.length - 1) / ((at[at.length - 1]! - at[0]!) / 1000)

describe("adaptive quotas (opt-in)", () => {
  it.effect("configuration: off by default, an option or a Config, a bad value is named", () =>
    Effect.gen(function*() {
      const token = Redacted.make("t")
      const fromMap = (env: Record<string, string>) =>
        Effect.either(Effect.withConfigProvider(
          Effect.map(Layer.build(JobsApiConfig.layerConfig({ token: Config.succeed(token), adaptiveQuotas: Config.boolean("ADAPTIVE") })), Context.get(JobsApiConfig)),
          ConfigProvider.fromMap(new Map(Object.entries(env)))
        )).pipe(Effect.scoped)
      assert.isFalse((yield* JobsApiConfig.make({ token })).adaptiveQuotas)
      assert.deepStrictEqual(Either.map(yield* fromMap({ ADAPTIVE: "true" }), (c) => c.adaptiveQuotas), Either.right(true))
      const bad = yield* fromMap({ ADAPTIVE: "maybe" })
      assert.include(String(Either.isLeft(bad) ? bad.left : ""), "ADAPTIVE")
      const option = yield* Effect.either(JobsApiConfig.make({ token, adaptiveQuotas: "yes" as never }))
      assert.include(String(Either.isLeft(option) ? option.left : ""), "adaptiveQuotas")
    }))

  it.scoped("off by default: a raised quota is not probed", () =>
    Effect.gen(function*() {
      const { ids, recipeId, sim } = yield* raisedQuota(250)
      const jobs = yield* clientFor(sim)
      yield* runVirtual(jobs.repeat(recipeId, ids), { maxSteps: 10_000 })
      assert.strictEqual(busiestWindow(requestsTo(sim, "repeat").map((r) => r.at), 1000), 1)
    }), 120_000)

  it.scoped("climbs on a raised quota (3/s), settles below it with no more 429s, every job repeated once", () =>
    Effect.gen(function*() {
      const { ids, recipeId, sim } = yield* raisedQuota(60 * 25)
      const jobs = yield* clientFor(sim, { adaptiveQuotas: true })
      const report = yield* runVirtual(jobs.repeat(recipeId, ids), { maxSteps: 20_000 })
      assert.isTrue(report.results.every((r) => r._tag === "Enqueued"))
      const accepted = requestsTo(sim, "repeat").filter((r) => r.status === 200)
      assert.strictEqual(accepted.length, 60) // 429s were retried, nothing sent twice
      const throttled = requestsTo(sim, "repeat").filter((r) => r.status === 429)
      assert.isAbove(throttled.length, 0) // it did probe past the quota
      assert.isAtMost(throttled.length, 3)
      const lastThrottle = throttled[throttled.length - 1]!.at
      const settled = accepted.filter((r) => r.at > lastThrottle).map((r) => r.at)
      assert.isAtLeast(settled.length, 20) // a long run without a 429 at the end
      const rate = sendsPerSecond(settled)
      assert.isAbove(rate, 2.5) // well above the published 1/s
      assert.isAtMost(rate, 3)
    }), 120_000)

  it.scoped("backs off on 429s when the quota drops back, to the configured rate at worst", () =>
    Effect.gen(function*() {
      const { ids, recipeId, sim } = yield* raisedQuota(70 * 25)
      const [first, second] = [ids.slice(0, 40 * 25), ids.slice(40 * 25)]
      const jobs = yield* clientFor(sim, { adaptiveQuotas: true })
      yield* runVirtual(jobs.repeat(recipeId, first), { maxSteps: 20_000 })
      const climbed = requestsTo(sim, "repeat").filter((r) => r.status === 200).slice(-10).map((r) => r.at)
      assert.isAbove(sendsPerSecond(climbed), 1.5)

      sim.setQuotas({ repeatPerSecond: 1, cancelPerSecond: 1, otherPerMinute: 60 })
      sim.resetCounts()
      const report = yield* runVirtual(jobs.repeat(recipeId, second), { maxSteps: 20_000 })
      assert.isTrue(report.results.every((r) => r._tag === "Enqueued"))
      const after = requestsTo(sim, "repeat")
      assert.isAbove(tooManyRequests(sim), 0)
      const lastThrottle = after.filter((r) => r.status === 429).at(-1)!.at
      const settled = after.filter((r) => r.status === 200 && r.at > lastThrottle).map((r) => r.at)
      assert.isAtLeast(settled.length, 15)
      assert.strictEqual(busiestWindow(settled, 1000), 1)
    }), 120_000)
})
