// The record of API requests (not /_sim control calls) and per-route, per-status counts.
import type { Counts, LoggedRoute, RequestRecord } from "./types.js"

export class RequestLog {
  readonly entries: RequestRecord[] = []
  private tally: Counts = {}

  constructor(private readonly limit: number) {}

  record(entry: RequestRecord): void {
    this.entries.push(entry)
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit)
    const route: LoggedRoute = entry.route
    const counts = (this.tally[route] ??= { total: 0, byStatus: {} })
    counts.total += 1
    counts.byStatus[entry.status] = (counts.byStatus[entry.status] ?? 0) + 1
  }

  /** A snapshot copy of the counts. */
  counts(): Counts {
    return structuredClone(this.tally)
  }

  reset(): void {
    this.entries.length = 0
    this.tally = {}
  }
}
