import { BlockKitLimits as L } from "./blockKitLimits.js"
import { isObject, type Json, type JsonObject } from "./json.js"

/**
 * Offline Block Kit validation for messages. Returns Slack-style error strings
 * ("<problem> [json-pointer:/blocks/0/text/text]"), empty when valid. The error codes and
 * pointers follow Slack; the wording imitates the real messages (e.g. "must be less than
 * 3001 characters", "invalid additional property: disabled", "no more than 50 items allowed")
 * but is not guaranteed verbatim for every case.
 */
export const validateBlocks = (blocks: ReadonlyArray<unknown>): Array<string> => {
  const v = new Validator()
  if (blocks.length > L.blocksPerMessage) v.fail("/blocks", `no more than ${L.blocksPerMessage} items allowed`)
  const blockIds = new Set<string>()
  blocks.forEach((block, i) => v.block(block as Json, `/blocks/${i}`, blockIds))
  return v.errors
}

type TextKind = "plain_text" | "mrkdwn" | "any"

const BLOCK_PROPS: Record<string, ReadonlyArray<string>> = {
  section: ["type", "block_id", "text", "fields", "accessory", "expand"],
  header: ["type", "block_id", "text"],
  divider: ["type", "block_id"],
  context: ["type", "block_id", "elements"],
  actions: ["type", "block_id", "elements"],
  image: ["type", "block_id", "image_url", "slack_file", "alt_text", "title"]
}
// Accepted without deep checks (the bot does not use them); block_id rules still apply.
const PASS_THROUGH_BLOCKS = new Set(["rich_text", "input", "file", "video", "markdown", "call", "table"])
const BUTTON_PROPS = ["type", "text", "action_id", "url", "value", "style", "confirm", "accessibility_label"]
const CONFIRM_PROPS = ["title", "text", "confirm", "deny", "style"]
const INTERACTIVE_ELEMENTS = new Set([
  "button", "checkboxes", "datepicker", "datetimepicker", "timepicker", "overflow", "radio_buttons",
  "static_select", "external_select", "users_select", "conversations_select", "channels_select",
  "multi_static_select", "multi_external_select", "multi_users_select", "multi_conversations_select",
  "multi_channels_select", "workflow_button", "rich_text_input", "plain_text_input", "number_input",
  "email_text_input", "url_text_input", "file_input"
])

class Validator {
  readonly errors: Array<string> = []

  fail(pointer: string, problem: string): void {
    this.errors.push(`${problem} [json-pointer:${pointer}]`)
  }

  private object(value: Json | undefined, pointer: string): value is JsonObject {
    if (isObject(value)) return true
    this.fail(pointer, "must provide an object")
    return false
  }

  private noExtraProps(obj: JsonObject, allowed: ReadonlyArray<string>, pointer: string): void {
    for (const key of Object.keys(obj)) {
      if (!allowed.includes(key)) this.fail(`${pointer}/${key}`, `invalid additional property: ${key}`)
    }
  }

  private maxLength(value: Json | undefined, max: number, pointer: string): void {
    if (value === undefined) return
    if (typeof value !== "string") return this.fail(pointer, "must provide a string")
    if (value.length > max) this.fail(pointer, `must be less than ${max + 1} characters`)
  }

  private id(value: Json | undefined, max: number, pointer: string): void {
    if (value === undefined) return
    if (typeof value !== "string") return this.fail(pointer, "must provide a string")
    if (value.length === 0) return this.fail(pointer, "must be more than 0 characters")
    this.maxLength(value, max, pointer)
  }

  private enumValue(value: Json | undefined, allowed: ReadonlyArray<string>, pointer: string): void {
    if (value === undefined) return
    if (typeof value !== "string" || !allowed.includes(value)) this.fail(pointer, "must be a valid enum value")
  }

  private required(obj: JsonObject, key: string, pointer: string): boolean {
    if (obj[key] !== undefined && obj[key] !== null) return true
    this.fail(pointer, `missing required field: ${key}`)
    return false
  }

  /** A composition text object: plain_text or mrkdwn, 1..max characters. */
  text(value: Json | undefined, kind: TextKind, max: number, pointer: string): void {
    if (!this.object(value, pointer)) return
    const type = value["type"]
    const allowedTypes = kind === "any" ? ["plain_text", "mrkdwn"] : [kind]
    if (typeof type !== "string" || !allowedTypes.includes(type)) {
      this.fail(`${pointer}/type`, "must be a valid enum value")
      return
    }
    this.noExtraProps(value, type === "plain_text" ? ["type", "text", "emoji"] : ["type", "text", "verbatim"], pointer)
    const text = value["text"]
    if (typeof text !== "string") return this.fail(`${pointer}/text`, text === undefined ? "missing required field: text" : "must provide a string")
    if (text.length === 0) return this.fail(`${pointer}/text`, "must be more than 0 characters")
    if (text.length > max) this.fail(`${pointer}/text`, `must be less than ${max + 1} characters`)
  }

  block(block: Json, pointer: string, blockIds: Set<string>): void {
    if (!this.object(block, pointer)) return
    const type = block["type"]
    if (typeof type !== "string") return this.fail(pointer, "missing required field: type")
    const blockId = block["block_id"]
    this.id(blockId, L.blockId, `${pointer}/block_id`)
    if (typeof blockId === "string") {
      if (blockIds.has(blockId)) this.fail(`${pointer}/block_id`, `duplicate block_id: ${blockId}`)
      blockIds.add(blockId)
    }
    if (PASS_THROUGH_BLOCKS.has(type)) {
      if (type === "markdown") this.maxLength(block["text"], L.markdownBlockText, `${pointer}/text`)
      return
    }
    const props = BLOCK_PROPS[type]
    if (props === undefined) return this.fail(`${pointer}/type`, "must be a valid enum value")
    this.noExtraProps(block, props, pointer)
    const actionIds = new Set<string>()
    switch (type) {
      case "section":
        return this.section(block, pointer, actionIds)
      case "header":
        if (this.required(block, "text", pointer)) this.text(block["text"], "plain_text", L.headerText, `${pointer}/text`)
        return
      case "context":
        return this.context(block, pointer)
      case "actions":
        return this.actions(block, pointer, actionIds)
      case "image":
        return this.image(block, pointer)
      default:
        return // divider
    }
  }

  private section(block: JsonObject, pointer: string, actionIds: Set<string>): void {
    const { text, fields, accessory } = block
    if (text === undefined && fields === undefined) {
      this.fail(pointer, "must define either `text` or `fields`")
    }
    if (text !== undefined) this.text(text, "any", L.sectionText, `${pointer}/text`)
    if (fields !== undefined) {
      if (!Array.isArray(fields)) this.fail(`${pointer}/fields`, "must provide an array")
      else {
        if (fields.length > L.sectionFields) this.fail(`${pointer}/fields`, `no more than ${L.sectionFields} items allowed`)
        fields.forEach((field: Json, i: number) => this.text(field, "any", L.sectionFieldText, `${pointer}/fields/${i}`))
      }
    }
    if (accessory !== undefined) this.element(accessory, `${pointer}/accessory`, actionIds, "accessory")
  }

  private context(block: JsonObject, pointer: string): void {
    const elements = block["elements"]
    if (!this.required(block, "elements", pointer)) return
    if (!Array.isArray(elements)) return this.fail(`${pointer}/elements`, "must provide an array")
    if (elements.length === 0) this.fail(`${pointer}/elements`, "must provide at least 1 items")
    if (elements.length > L.contextElements) this.fail(`${pointer}/elements`, `no more than ${L.contextElements} items allowed`)
    elements.forEach((element: Json, i: number) => {
      const at = `${pointer}/elements/${i}`
      if (isObject(element) && element["type"] === "image") this.imageElement(element, at)
      else this.text(element, "any", L.textObject, at)
    })
  }

  private actions(block: JsonObject, pointer: string, actionIds: Set<string>): void {
    const elements = block["elements"]
    if (!this.required(block, "elements", pointer)) return
    if (!Array.isArray(elements)) return this.fail(`${pointer}/elements`, "must provide an array")
    if (elements.length === 0) this.fail(`${pointer}/elements`, "must provide at least 1 items")
    if (elements.length > L.actionsElements) this.fail(`${pointer}/elements`, `no more than ${L.actionsElements} items allowed`)
    elements.forEach((element: Json, i: number) => this.element(element, `${pointer}/elements/${i}`, actionIds, "actions"))
  }

  private image(block: JsonObject, pointer: string): void {
    if (block["image_url"] === undefined && block["slack_file"] === undefined) {
      this.fail(pointer, "must define either `image_url` or `slack_file`")
    }
    this.maxLength(block["image_url"], L.imageUrl, `${pointer}/image_url`)
    if (this.required(block, "alt_text", pointer)) this.maxLength(block["alt_text"], L.imageAltText, `${pointer}/alt_text`)
    if (block["title"] !== undefined) this.text(block["title"], "plain_text", L.imageAltText, `${pointer}/title`)
  }

  private imageElement(element: JsonObject, pointer: string): void {
    this.noExtraProps(element, ["type", "image_url", "slack_file", "alt_text"], pointer)
    this.maxLength(element["image_url"], L.imageUrl, `${pointer}/image_url`)
    if (this.required(element, "alt_text", pointer)) this.maxLength(element["alt_text"], L.imageAltText, `${pointer}/alt_text`)
  }

  /** An interactive element (in an actions block or as a section accessory). */
  private element(element: Json, pointer: string, actionIds: Set<string>, where: "actions" | "accessory"): void {
    if (!this.object(element, pointer)) return
    const type = element["type"]
    if (type === "image" && where === "accessory") return this.imageElement(element, pointer)
    if (typeof type !== "string" || !INTERACTIVE_ELEMENTS.has(type)) return this.fail(`${pointer}/type`, "must be a valid enum value")
    const actionId = element["action_id"]
    this.id(actionId, L.actionId, `${pointer}/action_id`)
    if (typeof actionId === "string") {
      // Unique among the elements of the containing block (not across the message).
      if (actionIds.has(actionId)) this.fail(`${pointer}/action_id`, `duplicate action_id: ${actionId}`)
      actionIds.add(actionId)
    }
    if (element["confirm"] !== undefined) this.confirm(element["confirm"], `${pointer}/confirm`)
    if (type === "button") this.button(element, pointer)
  }

  private button(button: JsonObject, pointer: string): void {
    this.noExtraProps(button, BUTTON_PROPS, pointer)
    if (this.required(button, "text", pointer)) this.text(button["text"], "plain_text", L.buttonText, `${pointer}/text`)
    this.maxLength(button["value"], L.buttonValue, `${pointer}/value`)
    this.maxLength(button["url"], L.buttonUrl, `${pointer}/url`)
    this.maxLength(button["accessibility_label"], L.buttonAccessibilityLabel, `${pointer}/accessibility_label`)
    this.enumValue(button["style"], ["primary", "danger"], `${pointer}/style`)
  }

  private confirm(confirm: Json, pointer: string): void {
    if (!this.object(confirm, pointer)) return
    this.noExtraProps(confirm, CONFIRM_PROPS, pointer)
    if (this.required(confirm, "title", pointer)) this.text(confirm["title"], "plain_text", L.confirmTitle, `${pointer}/title`)
    if (this.required(confirm, "text", pointer)) this.text(confirm["text"], "any", L.confirmText, `${pointer}/text`)
    if (this.required(confirm, "confirm", pointer)) this.text(confirm["confirm"], "plain_text", L.confirmButton, `${pointer}/confirm`)
    if (this.required(confirm, "deny", pointer)) this.text(confirm["deny"], "plain_text", L.confirmButton, `${pointer}/deny`)
    this.enumValue(confirm["style"], ["primary", "danger"], `${pointer}/style`)
  }
}

/**
 * Characters of text across all blocks, counted as clients measure it (every `text` string
 * in the tree, bolt-js #2867): what `msg_blocks_too_long` is judged on.
 */
export const cumulativeBlockText = (value: unknown): number => {
  if (Array.isArray(value)) return value.reduce((sum: number, item: unknown) => sum + cumulativeBlockText(item), 0)
  if (!isObject(value)) return 0
  let sum = 0
  for (const [key, child] of Object.entries(value)) {
    if (key === "text" && typeof child === "string") sum += child.length
    else sum += cumulativeBlockText(child)
  }
  return sum
}
