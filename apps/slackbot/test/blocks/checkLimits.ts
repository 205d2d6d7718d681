/**
 * Test utility: every Block Kit limit the bot must respect, checked on a rendered
 * message. Returns the violations (empty = valid) so a failing test says what broke.
 */
import { Limits } from "../../src/blocks/limits.js"

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v)

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

// The only `<…>` forms the renderers may emit; user text must arrive escaped.
const token = /^<(?:https?:\/\/[^\s<>|]+\|[^<>]+|@[UW][A-Z0-9]+|#[CGD][A-Z0-9]+|!date\^\d+\^[^|<>]+\|[^<>]+)>/

/** Problems in one mrkdwn string: broken entities, foreign/cut links, raw `<`/`>`. */
export const checkMrkdwn = (text: string): Array<string> => {
  const problems: Array<string> = []
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === "&" && !/^&(?:amp|lt|gt);/.test(text.slice(i, i + 5))) problems.push(`bare & at ${i}`)
    if (c === ">") problems.push(`raw > at ${i}`)
    if (c === "<") {
      const m = token.exec(text.slice(i))
      if (m === null) problems.push(`unexpected < at ${i}: ${JSON.stringify(text.slice(i, i + 40))}`)
      else i += m[0].length - 1
    }
  }
  return problems
}

export interface LimitOptions {
  /** Cumulative text limit to check against (default Slack's 12,000). */
  readonly maxText?: number
}

export const textLength = (v: unknown): number => {
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + textLength(x), 0)
  if (!isObj(v)) return 0
  let n = (v.type === "plain_text" || v.type === "mrkdwn") && typeof v.text === "string" ? v.text.length : 0
  for (const [k, x] of Object.entries(v)) if (!(k === "text" && typeof x === "string")) n += textLength(x)
  return n
}

export const checkLimits = (
  message: { readonly text?: string; readonly blocks: ReadonlyArray<unknown> },
  opts: LimitOptions = {}
): Array<string> => {
  const out: Array<string> = []
  const p = (path: string, msg: string) => out.push(`${path}: ${msg}`)
  const { blocks } = message
  if (message.text !== undefined) {
    if (message.text.trim() === "") p("text", "empty fallback text")
    if (message.text.length > Limits.fallbackText) p("text", `fallback ${message.text.length} > ${Limits.fallbackText}`)
  }
  if (blocks.length === 0) p("blocks", "no blocks")
  if (blocks.length > Limits.blocksPerMessage) p("blocks", `${blocks.length} blocks > ${Limits.blocksPerMessage}`)

  const textObj = (path: string, t: unknown, max: number, kinds: ReadonlyArray<string> = ["plain_text", "mrkdwn"]) => {
    if (!isObj(t) || typeof t.text !== "string" || typeof t.type !== "string") return p(path, "not a text object")
    if (!kinds.includes(t.type)) p(path, `type ${t.type} not allowed`)
    if (t.text.trim().length < 1) p(path, "empty text")
    if (t.text.length > max) p(path, `text ${t.text.length} > ${max}`)
    if (t.type === "mrkdwn") for (const m of checkMrkdwn(t.text)) p(path, m)
  }
  const actionIds = new Set<string>()
  const button = (path: string, b: unknown) => {
    if (!isObj(b) || b.type !== "button") return p(path, "not a button")
    textObj(`${path}.text`, b.text, Limits.buttonText, ["plain_text"])
    if (typeof b.action_id !== "string" || b.action_id.length < 1 || b.action_id.length > Limits.actionId) {
      p(path, `bad action_id ${String(b.action_id).length}`)
    } else {
      if (actionIds.has(b.action_id)) p(path, `duplicate action_id ${b.action_id}`)
      actionIds.add(b.action_id)
    }
    if (b.value !== undefined && (typeof b.value !== "string" || b.value.length > Limits.buttonValue)) p(path, "bad value")
    if (b.url !== undefined && (typeof b.url !== "string" || b.url.length > Limits.buttonUrl)) p(path, "bad url")
    if (typeof b.accessibility_label === "string" && b.accessibility_label.length > 75) p(path, "accessibility_label > 75")
    if (b.confirm !== undefined) {
      const c = b.confirm
      if (!isObj(c)) return p(path, "bad confirm")
      textObj(`${path}.confirm.title`, c.title, Limits.confirmTitle, ["plain_text"])
      textObj(`${path}.confirm.text`, c.text, Limits.confirmText)
      textObj(`${path}.confirm.confirm`, c.confirm, Limits.confirmButton, ["plain_text"])
      textObj(`${path}.confirm.deny`, c.deny, Limits.confirmButton, ["plain_text"])
    }
  }

  const blockIds = new Set<string>()
  blocks.forEach((b, i) => {
    const path = `blocks[${i}]`
    if (!isObj(b)) return p(path, "not an object")
    if (b.block_id !== undefined) {
      if (typeof b.block_id !== "string" || b.block_id.length < 1 || b.block_id.length > Limits.blockId) p(path, "bad block_id")
      else if (blockIds.has(b.block_id)) p(path, `duplicate block_id ${b.block_id}`)
      else blockIds.add(b.block_id)
    }
    switch (b.type) {
      case "header":
        textObj(`${path}.text`, b.text, Limits.headerText, ["plain_text"])
        break
      case "section":
        if (b.text === undefined && b.fields === undefined) p(path, "section without text or fields")
        if (b.text !== undefined) textObj(`${path}.text`, b.text, Limits.sectionText)
        if (b.fields !== undefined) {
          if (!Array.isArray(b.fields) || b.fields.length > Limits.sectionFields) p(path, "too many fields")
          else b.fields.forEach((f, j) => textObj(`${path}.fields[${j}]`, f, Limits.sectionFieldText))
        }
        if (b.accessory !== undefined) button(`${path}.accessory`, b.accessory)
        break
      case "context":
        if (!Array.isArray(b.elements) || b.elements.length < 1 || b.elements.length > Limits.contextElements) {
          p(path, "context needs 1..10 elements")
        } else {
          b.elements.forEach((e, j) => textObj(`${path}.elements[${j}]`, e, Limits.sectionText))
        }
        break
      case "actions": {
        if (!Array.isArray(b.elements) || b.elements.length < 1 || b.elements.length > Limits.actionsElements) {
          p(path, "actions needs 1..25 elements")
        } else {
          b.elements.forEach((e, j) => button(`${path}.elements[${j}]`, e))
        }
        break
      }
      case "divider":
        break
      default:
        p(path, `unexpected block type ${String(b.type)}`)
    }
  })

  const total = textLength(blocks)
  const maxText = opts.maxText ?? Limits.totalBlockText
  if (total > maxText) p("blocks", `cumulative text ${total} > ${maxText}`)

  const walk = (v: unknown, path: string): void => {
    if (typeof v === "string") {
      if (loneSurrogate.test(v)) p(path, "lone surrogate (cut surrogate pair)")
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`))
    else if (isObj(v)) for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`)
  }
  walk(message, "message")
  return out
}
