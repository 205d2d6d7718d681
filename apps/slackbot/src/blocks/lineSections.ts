/**
 * A list of mrkdwn lines packed into as few section blocks as the limits allow
 * (whole lines only, so no link or entity is ever cut), within a `Budget`.
 */
import type { Budget } from "./budget.js"
import { Limits, mrkdwn } from "./limits.js"
import type { SectionBlock } from "./types.js"

/** Longest single line callers should pass (longer ones are dropped by the packer). */
export const LINE_MAX = 1000

export interface PackedLines {
  readonly blocks: Array<SectionBlock>
  /** How many lines (from the start) made it in. */
  readonly taken: number
}

const SECTION_FILL = Limits.sectionText - 100

export const packLines = (lines: ReadonlyArray<string>, blockIdPrefix: string, budget: Budget): PackedLines => {
  const blocks: Array<SectionBlock> = []
  let current: Array<string> = []
  let currentLength = 0
  let taken = 0
  const flush = () => {
    if (current.length === 0) return
    blocks.push({ type: "section", block_id: `${blockIdPrefix}:${blocks.length}`, text: mrkdwn(current.join("\n")) })
    current = []
    currentLength = 0
  }
  for (const line of lines) {
    if (line.length > LINE_MAX) break
    const joins = current.length > 0 && currentLength + 1 + line.length <= SECTION_FILL
    if (joins) {
      if (!budget.take(0, line.length + 1)) break
      current.push(line)
      currentLength += line.length + 1
    } else {
      if (!budget.take(1, line.length)) break
      flush()
      current = [line]
      currentLength = line.length
    }
    taken++
  }
  flush()
  return { blocks, taken }
}
