import type { types } from "@slack/bolt"
import { describe, expect, it } from "vitest"
import { renderDigest, type AnyBlock, type Block } from "../../src/blocks/index.js"

// Compile-time: what the renderers return can be passed to chat.postMessage / chat.update.
const asSlack = (blocks: Array<Block>): Array<types.KnownBlock> => blocks
const asSlackAny = (blocks: Array<AnyBlock>): Array<types.KnownBlock | types.Block> => blocks

describe("Block types", () => {
  it("are assignable to @slack/types blocks", () => {
    const d = renderDigest({ digestId: "d", failures: [], recipeUrl: () => "https://app.workato.com/recipes/1", now: 0 })
    expect(asSlack(d.blocks).length).toBe(asSlackAny(d.blocks).length)
  })
})
