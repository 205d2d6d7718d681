/**
 * Room left in a message: blocks and cumulative text. Renderers ask before adding
 * each piece, so whatever the input, the result is within `Limits`.
 */
import { Limits, TEXT_BUDGET } from "./limits.js"

export class Budget {
  private blocks = 0
  private text = 0
  constructor(
    readonly maxBlocks: number = Limits.blocksPerMessage,
    readonly maxText: number = TEXT_BUDGET
  ) {}

  fits(blocks: number, text: number): boolean {
    return this.blocks + blocks <= this.maxBlocks && this.text + text <= this.maxText
  }

  /** Takes the room if it is there; says whether it was. */
  take(blocks: number, text: number): boolean {
    if (!this.fits(blocks, text)) return false
    this.blocks += blocks
    this.text += text
    return true
  }
}
