// `fresco start` keeps V8's old generation close to what is live. V8 lets the old generation grow
// to up to 4× the live heap after each mark-compact when collections are cheap next to the
// program, which they are for a server rendering pages: measured on the blog (bench/RESULTS.md,
// "Memory"), 115 MB committed for 28 MB live after 3,000 on-demand pages. A fixed factor of 1.5
// keeps it at ~80 MB for more, shorter mark-compacts. The flag is read at each collection, so
// setting it here (every worker and render thread shares it) works like `node --heap-growing-percent`.
import { setFlagsFromString } from 'node:v8'

export const HEAP_GROWING_PERCENT = 50

/** Whether node was given its own --heap-growing-percent (0 restores V8's own heuristic). */
export function hasOwnHeapGrowth(execArgv: readonly string[]): boolean {
  return execArgv.some((arg) => /^--heap[-_]growing[-_]percent(?:=|$)/.test(arg))
}

/** Sets the default unless node's command line chose one; returns the percent set, if it did. */
export function limitHeapGrowth(execArgv: readonly string[] = process.execArgv): number | undefined {
  if (hasOwnHeapGrowth(execArgv)) return undefined
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`)
  return HEAP_GROWING_PERCENT
}
