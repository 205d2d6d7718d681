/**
 * Ephemeral answers (`/workato failures`, `/workato job`) come back in clicks without the
 * message and without any id the bot knows, so their Repeat buttons carry the answer's key:
 * `repeat_job:<key>` becomes `repeat_job:<key>@<viewKey>` (still unique in its block, still
 * routed by RepeatJobActionPattern, and block ids and values stay as the blocks module made
 * them, so applyRepeatOutcome works unchanged). A click then names exactly the list it came from.
 */
import type { AnyBlock } from "../blocks/index.js"

const SEPARATOR = "@"

const tagButton = (element: unknown, viewKey: string): unknown => {
  if (typeof element !== "object" || element === null) return element
  const button = element as { readonly type?: unknown; readonly action_id?: unknown }
  if (button.type !== "button" || typeof button.action_id !== "string" || !button.action_id.startsWith("repeat_job")) {
    return element
  }
  return { ...button, action_id: `${button.action_id}${SEPARATOR}${viewKey}` }
}

/** The blocks with every Repeat button tagged with `viewKey` (≤ 40 characters, [a-z0-9-]). */
export const tagRepeatButtons = <B extends AnyBlock>(blocks: ReadonlyArray<B>, viewKey: string): Array<B> =>
  blocks.map((block) => {
    const b = block as Record<string, unknown>
    if (b["accessory"] !== undefined) return { ...b, accessory: tagButton(b["accessory"], viewKey) } as B
    if (Array.isArray(b["elements"])) return { ...b, elements: b["elements"].map((e) => tagButton(e, viewKey)) } as B
    return block
  })

/** The view key a clicked action_id carries, if any. */
export const viewKeyOf = (actionId: string): string | undefined => {
  const at = actionId.lastIndexOf(SEPARATOR)
  if (at < 0) return undefined
  const key = actionId.slice(at + 1)
  return /^[a-z0-9-]{1,40}$/.test(key) ? key : undefined
}
