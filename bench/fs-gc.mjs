// fs cache GC and byte-budget eviction cost against the number of entry files.
//
//   npm run build -w @fresco/cache && nice node bench/fs-gc.mjs        (about a minute, ~150 MB of temp files)
//
// For 10k and 100k entries (1 KB body + 256 B payload each): the gc() scan a server runs at start
// (cold: the budget index is built from the directory), a second gc() (warm), the heap the budget
// index holds, and the start-up gc() of a directory twice over its budget (scan + eviction).
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createFsHandler, createManualClock, silentLogger } from '../packages/cache/dist/index.js'

const clock = createManualClock(Date.now())
const entry = (i) => ({
  kind: 'page',
  body: new Uint8Array(1024).fill(97 + (i % 26)),
  payload: new Uint8Array(256).fill(48),
  status: 200,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  tags: ['posts', '_N_T_/layout', `_N_T_/blog/${i}`],
  lastModified: clock.now(),
  revalidate: 60,
})

async function fill(dir, n) {
  const writer = createFsHandler({ dir, clock, logger: silentLogger })
  for (let i = 0; i < n; i += 64)
    await Promise.all(
      Array.from({ length: Math.min(64, n - i) }, (_, j) => writer.set(`route:b:/p/${i + j}`, entry(i + j))),
    )
}

async function timed(fn) {
  const start = performance.now()
  const result = await fn()
  return { ms: performance.now() - start, result }
}

const rows = []
for (const n of [10_000, 100_000]) {
  const dir = mkdtempSync(join(tmpdir(), 'fresco-gc-bench-'))
  try {
    await fill(dir, n)
    globalThis.gc?.()
    const heapBefore = process.memoryUsage().heapUsed
    const budgeted = createFsHandler({
      dir,
      clock,
      logger: silentLogger,
      maxBytes: 10 * 1024 ** 3,
      soleWriter: true,
    }) // as fresco start: its only writer
    const cold = await timed(() => budgeted.gc())
    globalThis.gc?.()
    const indexBytes = process.memoryUsage().heapUsed - heapBefore
    const warm = await timed(() => budgeted.gc())
    const total = budgeted.diskBytes
    const half = createFsHandler({
      dir,
      clock,
      logger: silentLogger,
      maxBytes: Math.floor(total / 2),
      soleWriter: true,
    })
    const evict = await timed(() => half.gc())
    const evicted = n - readdirSync(dir).filter((f) => f.endsWith('.entry')).length
    rows.push(
      `| ${n.toLocaleString('en')} | ${(total / 1024 ** 2).toFixed(0)} MB | ${cold.ms.toFixed(0)} | ${warm.ms.toFixed(0)} | ${(indexBytes / 1024 ** 2).toFixed(1)} MB | ${evict.ms.toFixed(0)} (${evicted.toLocaleString('en')} files evicted) |`,
    )
    console.error(rows.at(-1))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
console.log(
  '| entry files | on disk | gc() at start (ms) | gc() again (ms) | budget index heap | start-up gc() at 2× the budget (ms) |',
)
console.log('| --- | --- | --- | --- | --- | --- |')
for (const row of rows) console.log(row)
