// One row of the benchmark table, and the two ways it is shown: terminal and BENCHMARKS.md.
import * as os from "node:os"

export interface Row {
  readonly workload: string
  readonly figure: string
  readonly value: string
  readonly goal: string
  /** undefined: the figure has no goal (context only). */
  readonly met?: boolean | undefined
}

const verdict = (row: Row) => (row.met === undefined ? "" : row.met ? "met" : "NOT MET")

const columns = ["workload", "figure", "value", "goal", ""] as const

const cells = (row: Row) => [row.workload, row.figure, row.value, row.goal, verdict(row)]

export const machineNote = () =>
  `${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? "unknown cpu"}), ` +
  `${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.arch()}`

export const terminalTable = (rows: ReadonlyArray<Row>): string => {
  const all = [columns as ReadonlyArray<string>, ...rows.map(cells)]
  const widths = columns.map((_, i) => Math.max(...all.map((r) => r[i]!.length)))
  const line = (r: ReadonlyArray<string>) => r.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd()
  return [line(all[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...all.slice(1).map(line)].join("\n")
}

export const markdownTable = (rows: ReadonlyArray<Row>): string => {
  const esc = (s: string) => s.replace(/\|/g, "\\|")
  return [
    "| workload | figure | value | goal | |",
    "| --- | --- | --- | --- | --- |",
    ...rows.map((r) => `| ${cells(r).map(esc).join(" | ")} |`)
  ].join("\n")
}

export const ms = (x: number) => `${x.toFixed(1)} ms`

/** "wall ÷ floor" row: met when within `goal` of the floor; n/a when the floor is zero. */
export const floorRow = (workload: string, figure: string, wall: number, floor: number, goal: number): Row =>
  floor > 0
    ? {
      workload,
      figure,
      value: `${(wall / floor).toFixed(3)} (${wall.toFixed(2)} s ÷ ${floor.toFixed(2)} s)`,
      goal: `≤ ${goal.toFixed(2)}`,
      met: wall / floor <= goal
    }
    : { workload, figure, value: `n/a: fits one quota window (${wall.toFixed(2)} s)`, goal: `≤ ${goal.toFixed(2)}` }

export const countRow = (workload: string, figure: string, actual: number, expected: number, label = String(expected)): Row => ({
  workload,
  figure,
  value: String(actual),
  goal: label,
  met: actual === expected
})
