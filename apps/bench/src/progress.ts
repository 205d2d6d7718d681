// Progress lines on stderr while a workload runs, so the table on stdout stays clean.
export const progress = (message: string) => process.stderr.write(`  … ${message}\n`)

/** Calls `tick` every `everyMs` until the returned stop function is called. */
export const ticker = (everyMs: number, tick: () => string | Promise<string>) => {
  const timer = setInterval(() => void Promise.resolve(tick()).then(progress, () => undefined), everyMs)
  return () => clearInterval(timer)
}
