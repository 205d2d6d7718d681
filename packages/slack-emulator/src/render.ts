import { isObject, type Block, type Json, type JsonObject } from "./json.js"

/**
 * Block Kit → readable plain text for a terminal: what a person would see in Slack,
 * minus the styling. Buttons show as `[ Label ]`, links as `label (url)`.
 */
export const renderText = (blocks: ReadonlyArray<Block> | ReadonlyArray<unknown>, options: RenderOptions = {}): string => {
  const width = options.width ?? 60
  const lines: Array<string> = []
  for (const block of blocks) {
    if (!isObject(block)) continue
    lines.push(...renderBlock(block, width))
  }
  return lines.join("\n")
}

export interface RenderOptions {
  /** Width of dividers and header underlines. Default 60. */
  readonly width?: number
}

/** A message's blocks, or its text when it has none. */
export const renderMessage = (message: { readonly text?: string; readonly blocks?: ReadonlyArray<Block> | ReadonlyArray<unknown> }, options: RenderOptions = {}): string =>
  message.blocks !== undefined && message.blocks.length > 0 ? renderText(message.blocks, options) : mrkdwnToText(message.text ?? "")

const renderBlock = (block: JsonObject, width: number): Array<string> => {
  switch (block["type"]) {
    case "header": {
      const text = textOf(block["text"])
      return [text, "=".repeat(Math.min(width, Math.max(3, text.length)))]
    }
    case "divider":
      return ["-".repeat(width)]
    case "section": {
      const text = textOf(block["text"])
      const out = text === "" ? [] : text.split("\n")
      const fields = Array.isArray(block["fields"]) ? block["fields"].map(textOf) : []
      for (const field of fields) out.push(...field.split("\n").map((l) => `  ${l}`))
      const accessory = block["accessory"]
      if (isObject(accessory)) {
        const rendered = elementText(accessory)
        if (out.length === 0) return [rendered]
        out[0] = `${out[0]}  ${rendered}`
      }
      return out
    }
    case "context": {
      const parts = Array.isArray(block["elements"]) ? block["elements"].map((e) => (isObject(e) && e["type"] === "image" ? `[${String(e["alt_text"] ?? "image")}]` : textOf(e))) : []
      return [`  ${parts.join(" · ")}`]
    }
    case "actions": {
      const elements = Array.isArray(block["elements"]) ? block["elements"].filter(isObject).map(elementText) : []
      return [elements.join("  ")]
    }
    case "image":
      return [`[image: ${String(block["alt_text"] ?? "")}]`]
    case "markdown":
      return mrkdwnToText(typeof block["text"] === "string" ? block["text"] : "").split("\n")
    case "rich_text":
      return richText(block).split("\n")
    default:
      return [`[${String(block["type"])} block]`]
  }
}

const elementText = (element: JsonObject): string => {
  switch (element["type"]) {
    case "button":
      return `[ ${textOf(element["text"])} ]`
    case "image":
      return `[image: ${String(element["alt_text"] ?? "")}]`
    case "overflow":
      return "[ … ]"
    default: {
      const placeholder = textOf(element["placeholder"])
      return `[ ${placeholder === "" ? String(element["type"]) : placeholder} ▾ ]`
    }
  }
}

/** Text of a text object (mrkdwn converted), "" for anything else. */
const textOf = (value: Json | undefined): string => {
  if (!isObject(value) || typeof value["text"] !== "string") return ""
  return value["type"] === "mrkdwn" ? mrkdwnToText(value["text"]) : value["text"]
}

const richText = (node: Json): string => {
  if (Array.isArray(node)) return node.map(richText).join("")
  if (!isObject(node)) return ""
  if (typeof node["text"] === "string") return node["text"]
  if (node["type"] === "link" && typeof node["url"] === "string") return node["url"]
  if (node["type"] === "user" && typeof node["user_id"] === "string") return `@${node["user_id"]}`
  const inner = richText(node["elements"] ?? [])
  return node["type"] === "rich_text_section" || node["type"] === "rich_text_preformatted" ? `${inner}\n` : inner
}

/**
 * Slack mrkdwn's angle-bracket syntax and entities → plain text: `<url|label>` → `label (url)`,
 * `<@U1>` → `@U1`, `<#C1|ops>` → `#ops`, `<!here>` → `@here`, `<!date^…|fallback>` → fallback.
 */
export const mrkdwnToText = (text: string): string =>
  text
    .replace(/<([^<>]+)>/g, (_, inner: string) => {
      const [target = "", label] = inner.split("|", 2) as [string, string | undefined]
      if (target.startsWith("@")) return label !== undefined ? `@${label}` : target
      if (target.startsWith("#")) return label !== undefined ? `#${label}` : target
      if (target.startsWith("!date")) return label ?? target
      if (target.startsWith("!subteam^")) return label ?? "@group"
      if (target.startsWith("!")) return `@${target.slice(1)}`
      return label !== undefined ? `${label} (${target})` : target
    })
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
