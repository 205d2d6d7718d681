import { assert, describe, it } from "@effect/vitest"
import { Chunk, Effect, Exit, Schema, Stream } from "effect"
import { Recipe, RecipeList, recipeState } from "@workato-jobs/jobs-api"
import { clientFor, recipesClientFor, requestsTo, simulator, START, tooManyRequests } from "./support/sim.js"
import { runVirtual } from "./support/virtualTime.js"

const collect = <A, E>(stream: Stream.Stream<A, E>) => Effect.map(Stream.runCollect(stream), Chunk.toReadonlyArray)

describe("RecipesClient.get", () => {
  it.scoped("decodes a recipe, with job counts that move as jobs finish", () =>
    Effect.gen(function*() {
      const sim = yield* simulator({ quotas: false })
      const { id } = sim.addRecipe({ name: "Load Shopify orders into Snowflake" })
      sim.addJob(id, { status: "succeeded" })
      sim.addJob(id, { status: "failed" })
      const recipes = yield* recipesClientFor(sim)
      const recipe = yield* recipes.get(id)
      assert.strictEqual(recipe.name, "Load Shopify orders into Snowflake")
      assert.strictEqual(recipe.running, true)
      assert.strictEqual(recipe.folder_id, sim.homeFolderId)
      assert.strictEqual(recipe.job_succeeded_count, 1)
      assert.strictEqual(recipe.job_failed_count, 1)
      assert.strictEqual(recipe.stop_cause, null)
      assert.strictEqual(recipeState(recipe), "running")
      // Keys the schema does not declare are kept on the value.
      assert.strictEqual((recipe as unknown as Record<string, unknown>)["copy_count"], 0)
      assert.strictEqual(recipes.recipeUrl(id), `https://app.workato.com/recipes/${id}`)
    }))

  it.scoped("a stop by Workato and a stop by a person are told apart", () =>
    Effect.gen(function*() {
      const sim = yield* simulator({ quotas: false })
      const byWorkato = sim.addRecipe().id
      const byPerson = sim.addRecipe().id
      sim.stopRecipe(byWorkato, { cause: "trigger_errors_limit" })
      sim.stopRecipe(byPerson)
      const recipes = yield* recipesClientFor(sim)
      const a = yield* recipes.get(byWorkato)
      const b = yield* recipes.get(byPerson)
      assert.deepStrictEqual([recipeState(a), a.stop_cause, a.stopped_at], ["stoppedByWorkato", "trigger_errors_limit", new Date(START).toISOString()])
      assert.deepStrictEqual([recipeState(b), b.stop_cause], ["stoppedByUser", null])
    }))

  it.scoped("unknown recipe → RecipeNotFound (not retried); a bad id is refused before any request", () =>
    Effect.gen(function*() {
      const sim = yield* simulator({ quotas: false })
      const recipes = yield* recipesClientFor(sim)
      const missing = yield* Effect.flip(recipes.get(424242))
      assert.strictEqual(missing._tag, "RecipeNotFound")
      assert.match(missing.message, /no recipe 424242 \(HTTP 404\): "Not found"/)
      assert.strictEqual(requestsTo(sim, "recipe").length, 1)
      const bad = yield* Effect.flip(recipes.get(1.5))
      assert.strictEqual(bad._tag, "InvalidRecipeRequest")
      assert.strictEqual(requestsTo(sim, "recipe").length, 1)
    }))
})

describe("RecipesClient.list and stream", () => {
  it.scoped("filters are sent as Workato's query parameters", () =>
    Effect.gen(function*() {
      const sim = yield* simulator({ quotas: false })
      const sales = sim.addFolder({ name: "Sales" }).id
      const shopify = sim.addFolder({ name: "Shopify", parentId: sales }).id
      const a = sim.addRecipe({ folderId: sales }).id
      const b = sim.addRecipe({ folderId: shopify }).id
      sim.addRecipe()
      sim.stopRecipe(b, { cause: "trigger_errors_limit" })
      const recipes = yield* recipesClientFor(sim)
      const ids = (page: RecipeList) => page.items.map((r) => r.id)
      assert.deepStrictEqual(ids(yield* recipes.list({ folderId: sales })), [a])
      assert.deepStrictEqual(ids(yield* recipes.list({ folderId: sales, withSubfolders: true })), [b, a])
      assert.deepStrictEqual(ids(yield* recipes.list({ running: false, stopCause: "trigger_errors_limit" })), [b])
      yield* recipes.list({ stoppedAfter: new Date(START - 1000), adapterNamesAny: ["jira", "netsuite"], order: "activity" })
      assert.deepStrictEqual(requestsTo(sim, "recipes").at(-1)!.query, {
        stopped_after: new Date(START - 1000).toISOString(),
        adapter_names_any: "jira,netsuite",
        order: "activity",
        page: "1",
        per_page: "100"
      })
    }))

  it.scoped("stream walks every page (perPage ≤ 100) once, newest id first, stopping at the short page", () =>
    Effect.gen(function*() {
      const sim = yield* simulator({ quotas: false })
      const added = Array.from({ length: 230 }, () => sim.addRecipe().id)
      const recipes = yield* recipesClientFor(sim)
      const all = yield* collect(recipes.stream())
      assert.deepStrictEqual(all.map((r) => r.id), [...added].reverse())
      assert.deepStrictEqual(requestsTo(sim, "recipes").map((r) => r.query["page"]), ["1", "2", "3"])
      const small = yield* collect(recipes.stream({}, { perPage: 50 }))
      assert.strictEqual(small.length, 230)
    }))

  it.scoped("bad filters fail with InvalidRecipeRequest before any request", () =>
    Effect.gen(function*() {
      const sim = yield* simulator({ quotas: false })
      const recipes = yield* recipesClientFor(sim)
      const reasons: Array<string> = []
      for (const page of [{ perPage: 500 }, { page: 0 }, { folderId: -3 }, { updatedAfter: "yesterday" }, { adapterNamesAll: ["no spaces!"] }]) {
        const error = yield* Effect.flip(recipes.list(page))
        assert.strictEqual(error._tag, "InvalidRecipeRequest")
        reasons.push(error.message)
      }
      assert.match(reasons[0]!, /perPage must be an integer from 1 to 100, got 500/)
      assert.match(reasons[3]!, /updatedAfter must be a Date or an ISO 8601 time/)
      assert.strictEqual(requestsTo(sim, "recipes").length, 0)
    }))
})

describe("the recipes quota class", () => {
  it.scoped("a 429 from Workato is waited out (Retry-After) and the read succeeds", () =>
    Effect.gen(function*() {
      const sim = yield* simulator()
      const { id } = sim.addRecipe()
      sim.injectFault({ route: "recipe", kind: "status429", retryAfter: "7" })
      const recipes = yield* recipesClientFor(sim)
      const recipe = yield* runVirtual(recipes.get(id))
      assert.strictEqual(recipe.id, id)
      const calls = requestsTo(sim, "recipe")
      assert.deepStrictEqual(calls.map((r) => r.status), [429, 200])
      assert.isAtLeast(calls[1]!.at - calls[0]!.at, 7000)
    }))

  it.scoped("more recipe reads than 60/min are paced by the client: zero 429s from the sim's 60/min", () =>
    Effect.gen(function*() {
      const sim = yield* simulator()
      const { id } = sim.addRecipe()
      const recipes = yield* recipesClientFor(sim)
      yield* runVirtual(Effect.forEach(Array.from({ length: 64 }), () => recipes.get(id), { concurrency: "unbounded" }), { step: "1 second" })
      const at = requestsTo(sim, "recipe").map((r) => r.at)
      assert.strictEqual(at.length, 64)
      assert.strictEqual(tooManyRequests(sim), 0)
      assert.isAtLeast(Math.max(...at) - Math.min(...at), 60_000)
    }), 30_000)

  it.scoped("both classes busy at once (70 recipe reads, 70 job lists): each paced at its own 60/min, zero 429s", () =>
    Effect.gen(function*() {
      const sim = yield* simulator()
      const { id } = sim.addRecipe()
      const recipes = yield* recipesClientFor(sim)
      const jobs = yield* clientFor(sim)
      const reads = Effect.forEach(Array.from({ length: 70 }), () => recipes.get(id), { concurrency: "unbounded" })
      const lists = Effect.forEach(Array.from({ length: 70 }), () => jobs.list(id), { concurrency: "unbounded" })
      yield* runVirtual(Effect.all([reads, lists], { concurrency: "unbounded" }), { step: "1 second" })
      assert.strictEqual(tooManyRequests(sim), 0)
      for (const route of ["recipe", "list"]) {
        const at = requestsTo(sim, route).map((r) => r.at)
        assert.strictEqual(at.length, 70, route)
        // The first 60 in the first minute, the other 10 a minute later: neither class waited for the other.
        assert.isAtMost(at[59]! - START, 1_000, route)
        assert.isAtLeast(at[60]! - START, 60_000, route)
        assert.isAtMost(at[69]! - START, 62_000, route)
      }
    }), 30_000)

  it.scoped("a busy recipes class does not hold back job reads (separate classes, on both sides)", () =>
    Effect.gen(function*() {
      const sim = yield* simulator()
      const { id } = sim.addRecipe()
      const recipes = yield* recipesClientFor(sim, {}, 2)
      const jobs = yield* clientFor(sim)
      // Two recipe reads use the whole (lowered) recipes quota for a minute.
      yield* recipes.get(id)
      yield* recipes.get(id)
      const third = yield* Effect.fork(recipes.get(id))
      // Job reads go through at once, in the same virtual instant.
      for (let i = 0; i < 5; i++) yield* jobs.list(id)
      assert.isTrue(requestsTo(sim, "list").every((r) => r.at === START))
      assert.strictEqual(requestsTo(sim, "recipe").length, 2)
      const exit = yield* runVirtual(Effect.exit(third.await.pipe(Effect.flatten)), { step: "1 second" })
      assert.isTrue(Exit.isSuccess(exit))
      assert.isAtLeast(requestsTo(sim, "recipe")[2]!.at, START + 60_000)
      assert.strictEqual(tooManyRequests(sim), 0)
    }))
})

describe("Recipe schemas", () => {
  it("tolerate unknown keys, missing optional keys, null counts' absence and any stop_cause", () => {
    const recipe = Schema.decodeUnknownSync(Recipe)({
      id: "12389",
      name: "New webhook call will get JIRA ticket information",
      running: false,
      stop_cause: "something_new",
      job_succeeded_count: 3,
      brand_new_field: { x: 1 }
    })
    assert.strictEqual(recipe.id, 12389)
    assert.strictEqual(recipe.stop_cause, "something_new")
    assert.strictEqual(recipe.stopped_at, null)
    assert.strictEqual(recipe.job_failed_count, undefined)
    assert.deepStrictEqual((recipe as unknown as Record<string, unknown>)["brand_new_field"], { x: 1 })
  })

  it("read a page from `items` or from `result` (the Embedded API's wrapper); neither is an error", () => {
    const one = { id: 1, name: "A", running: true }
    assert.strictEqual(Schema.decodeUnknownSync(RecipeList)({ items: [one] }).items[0]!.id, 1)
    assert.strictEqual(Schema.decodeUnknownSync(RecipeList)({ result: [one] }).items[0]!.id, 1)
    assert.throws(() => Schema.decodeUnknownSync(RecipeList)({ recipes: [one] }), /neither `items` nor `result`/)
  })
})
