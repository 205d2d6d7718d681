import { assert, describe, it } from "@effect/vitest"
import { Duration, Either } from "effect"
import { Command } from "../src/commands/Command.js"
import { parseCommand } from "../src/commands/parse.js"

const ok = (text: string) => {
  const result = parseCommand(text)
  if (Either.isLeft(result)) assert.fail(`expected ${JSON.stringify(text)} to parse: ${result.left.problem}`)
  return result.right
}
const bad = (text: string) => {
  const result = parseCommand(text)
  if (Either.isRight(result)) assert.fail(`expected ${JSON.stringify(text)} to be refused`)
  return result.left
}

describe("parseCommand", () => {
  it("parses every subcommand", () => {
    assert.deepStrictEqual(ok(""), Command.Help())
    assert.deepStrictEqual(ok("  help "), Command.Help())
    assert.deepStrictEqual(ok("failures 123"), Command.Failures({ recipeId: 123, limit: 10 }))
    assert.deepStrictEqual(ok("FAILURES 123 5"), Command.Failures({ recipeId: 123, limit: 5 }))
    assert.deepStrictEqual(ok("job 123 j-AbC-dEf"), Command.Job({ recipeId: 123, jobId: "j-AbC-dEf" }))
    assert.deepStrictEqual(ok("repeat 1 j-a j-b,j-c j-a"), Command.Repeat({ recipeId: 1, jobIds: ["j-a", "j-b", "j-c"] }))
    assert.deepStrictEqual(ok("digest"), Command.Digest({ recipeIds: [] }))
    assert.deepStrictEqual(ok("digest 1 2 1"), Command.Digest({ recipeIds: [1, 2] }))
    assert.deepStrictEqual(ok("watch 9"), Command.Watch({ recipeId: 9, interval: undefined }))
    assert.deepStrictEqual(ok("watch folder 7001"), Command.WatchFolder({ folderId: 7001, interval: undefined }))
    const folder = ok("watch Folder 7001 every 2h")
    assert.strictEqual(folder._tag, "WatchFolder")
    if (folder._tag === "WatchFolder") assert.isTrue(Duration.equals(folder.interval!, Duration.hours(2)))
    assert.deepStrictEqual(ok("unwatch folder 7001"), Command.UnwatchFolder({ folderId: 7001 }))
    assert.strictEqual(bad("watch folder").problem, "the folder id is missing")
    assert.strictEqual(bad("watch folder shopify").problem, "\"shopify\" is not a folder id (a whole number such as 7001)")
    assert.strictEqual(bad("watch folder 7 hourly").problem, "expected \"every <duration>\" after the folder id, not \"hourly\"")
    assert.strictEqual(bad("unwatch folder 7 8").problem, "too many arguments: give one folder id")
    const watch = ok("watch 9 every 30 minutes")
    assert.strictEqual(watch._tag, "Watch")
    if (watch._tag === "Watch") assert.isTrue(Duration.equals(watch.interval!, Duration.minutes(30)))
    const short = ok("watch 9 every 2h")
    if (short._tag === "Watch") assert.isTrue(Duration.equals(short.interval!, Duration.hours(2)))
    assert.deepStrictEqual(ok("unwatch 9"), Command.Unwatch({ recipeId: 9 }))
    assert.deepStrictEqual(ok("watches"), Command.Watches())
  })

  it("says what is wrong, with the subcommand whose usage to show", () => {
    const unknown = bad("fail 1")
    assert.strictEqual(unknown.subcommand, undefined)
    assert.include(unknown.problem, "\"fail\" is not a /workato subcommand")

    assert.include(bad("failures").problem, "recipe id is missing")
    assert.include(bad("failures abc").problem, "\"abc\" is not a recipe id")
    assert.strictEqual(bad("failures abc").subcommand, "failures")
    assert.include(bad("failures 1 0").problem, "limit must be a number from 1 to 50")
    assert.include(bad("failures 1 x").problem, "limit")
    assert.include(bad("job 12").problem, "job id is missing")
    assert.include(bad("job x12 j-a").problem, "is not a recipe id")
    assert.include(bad("job 12 <script>").problem, "is not a job id")
    assert.include(bad("repeat 12").problem, "job id is missing")
    assert.strictEqual(bad("repeat 12").subcommand, "repeat")
    assert.include(bad("digest 1 two").problem, "\"two\" is not a recipe id")
    assert.include(bad("watch 1 every").problem, "duration after \"every\" is missing")
    assert.include(bad("watch 1 every soon").problem, "\"soon\" is not a duration")
    assert.include(bad("watch 1 every 5 seconds").problem, "out of range")
    assert.include(bad("watch 1 hourly").problem, "expected \"every <duration>\"")
    assert.include(bad("unwatch").problem, "recipe id is missing")
    assert.include(bad("watches 1").problem, "takes no arguments")
    assert.include(bad("failures 0").problem, "recipe ids run from 1 to 9007199254740991")
  })
})
