import { isObject, type Block, type JsonObject } from "./json.js"

/** A button found in a message's blocks, with the block that carries it. */
export interface FoundButton {
  readonly blockId: string
  readonly blockIndex: number
  readonly button: JsonObject
  readonly actionId: string
  readonly value: string | undefined
  readonly text: string
}

export interface ButtonQuery {
  readonly actionId?: string
  readonly value?: string
  readonly blockId?: string
}

/** Every button of a message: actions-block elements and section accessories. */
export const buttonsOf = (blocks: ReadonlyArray<Block>): Array<FoundButton> => {
  const found: Array<FoundButton> = []
  blocks.forEach((block, blockIndex) => {
    const candidates = block.type === "actions" && Array.isArray(block["elements"])
      ? block["elements"]
      : block.type === "section" && block["accessory"] !== undefined
        ? [block["accessory"]]
        : []
    for (const element of candidates) {
      if (!isObject(element) || element["type"] !== "button") continue
      const text = isObject(element["text"]) && typeof element["text"]["text"] === "string" ? element["text"]["text"] : ""
      found.push({
        blockId: block.block_id ?? "",
        blockIndex,
        button: element,
        actionId: typeof element["action_id"] === "string" ? element["action_id"] : "",
        value: typeof element["value"] === "string" ? element["value"] : undefined,
        text
      })
    }
  })
  return found
}

const describe = (b: FoundButton): string =>
  `[${b.text}] action_id=${JSON.stringify(b.actionId)} block_id=${JSON.stringify(b.blockId)}${b.value === undefined ? "" : ` value=${JSON.stringify(b.value)}`}`

/**
 * The one button matching every given criterion. Throws a readable error when none or
 * several match, listing the buttons the message really has.
 */
export const findButton = (blocks: ReadonlyArray<Block>, query: ButtonQuery, where: string): FoundButton => {
  const all = buttonsOf(blocks)
  const matches = all.filter(
    (b) =>
      (query.actionId === undefined || b.actionId === query.actionId) &&
      (query.value === undefined || b.value === query.value) &&
      (query.blockId === undefined || b.blockId === query.blockId)
  )
  const wanted = JSON.stringify(query)
  const listing = all.length === 0 ? "it has no buttons" : `its buttons are:\n  ${all.map(describe).join("\n  ")}`
  if (matches.length === 0) throw new Error(`No button matching ${wanted} in ${where}; ${listing}`)
  if (matches.length > 1) {
    throw new Error(`${matches.length} buttons match ${wanted} in ${where}; narrow it with actionId/value/blockId. Matches:\n  ${matches.map(describe).join("\n  ")}`)
  }
  return matches[0]!
}
