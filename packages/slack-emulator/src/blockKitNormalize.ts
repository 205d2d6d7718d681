import { generatedActionId, generatedBlockId } from "./ids.js"
import { clone, isObject, type Block, type Json, type JsonObject } from "./json.js"

/**
 * What Slack stores (and echoes in API answers and `block_actions` payloads) for valid
 * blocks: a random `block_id` where none was given, a random `action_id` on interactive
 * elements without one, `emoji: true` on plain_text and `verbatim: false` on mrkdwn text
 * objects (compare the posted vs echoed blocks in slack-samples/block-actions.message-button.json).
 * Input must already be valid; the result is a fresh copy.
 */
export const normalizeBlocks = (blocks: ReadonlyArray<Json>): Array<Block> => {
  const copy = clone(blocks) as Array<Block>
  const used = new Set(copy.map((b) => b.block_id).filter((id): id is string => typeof id === "string"))
  for (const block of copy) {
    if (block.block_id === undefined) block.block_id = unique(used)
    fillDefaults(block as JsonObject)
  }
  return copy
}

const unique = (used: Set<string>): string => {
  let id = generatedBlockId()
  while (used.has(id)) id = generatedBlockId()
  used.add(id)
  return id
}

const fillDefaults = (node: JsonObject): void => {
  const type = node["type"]
  if (typeof node["text"] === "string" && type === "plain_text" && node["emoji"] === undefined) node["emoji"] = true
  if (typeof node["text"] === "string" && type === "mrkdwn" && node["verbatim"] === undefined) node["verbatim"] = false
  if (typeof type === "string" && isInteractive(type) && node["action_id"] === undefined) node["action_id"] = generatedActionId()
  for (const child of Object.values(node)) {
    if (Array.isArray(child)) child.forEach((item: Json) => isObject(item) && fillDefaults(item))
    else if (isObject(child)) fillDefaults(child)
  }
}

const isInteractive = (type: string): boolean =>
  type === "button" || type === "overflow" || type.endsWith("_select") || type.endsWith("picker") ||
  type === "checkboxes" || type === "radio_buttons"
