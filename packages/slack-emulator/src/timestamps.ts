/**
 * Slack message timestamps ("1700000000.000100"): seconds.micros, unique and strictly
 * increasing per workspace. Derived from the injectable clock so virtual-time tests get
 * stable values; a frozen clock still yields distinct ts by bumping the micros.
 */
export class TsClock {
  private lastMicros = 0n

  constructor(private readonly now: () => number) {}

  next(): string {
    let micros = BigInt(Math.floor(this.now())) * 1000n
    if (micros <= this.lastMicros) micros = this.lastMicros + 1n
    this.lastMicros = micros
    return formatMicros(micros)
  }
}

/** Micros since the epoch → Slack's "seconds.micros". */
export const formatMicros = (micros: bigint): string => {
  const seconds = micros / 1_000_000n
  const rest = (micros % 1_000_000n).toString().padStart(6, "0")
  return `${seconds}.${rest}`
}

/** Unix seconds (as Slack puts in X-Slack-Request-Timestamp) from epoch millis. */
export const unixSeconds = (epochMillis: number): number => Math.floor(epochMillis / 1000)
