// @fresco/cache micro-benchmarks: HIT lookups (vs a bare Map.get baseline in the same run),
// updateTags cost against the number of cached entries, fs get/set throughput.
//
//   npm run build -w @fresco/cache && node bench/cache-bench.mjs        (about 30 s)
//
// Prints markdown tables and replaces the `## @fresco/cache` section of bench/RESULTS.md.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  createFsHandler,
  createManualClock,
  createMemoryHandler,
  createResponseCache,
  createTieredHandler,
  silentLogger,
} from '../packages/cache/dist/index.js'

const here = dirname(fileURLToPath(import.meta.url))
const work = mkdtempSync(join(tmpdir(), 'fresco-cache-bench-'))
const clock = createManualClock(Date.now())
const logger = silentLogger

const entry = (bytes, i = 0) => ({
  kind: 'page',
  body: new Uint8Array(bytes).fill(97 + (i % 26)),
  payload: new Uint8Array(Math.floor(bytes / 4)).fill(48),
  status: 200,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  tags: ['posts', '_N_T_/layout', '_N_T_/blog/[id]/layout', '_N_T_/blog/[id]/page', `_N_T_/blog/${i}`],
  lastModified: clock.now(),
  revalidate: 3600,
})

const fmt = (n) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2))
const table = (head, rows) =>
  [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n')

/** ops/s of `fn(i)` run sequentially for about `ms` (after a warm-up), best of 3 rounds. */
async function rate(fn, ms = 700) {
  for (let i = 0; i < 20_000; i++) await fn(i)
  let best = 0
  for (let round = 0; round < 3; round++) {
    let n = 0
    const start = performance.now()
    let elapsed = 0
    while (elapsed < ms) {
      for (let j = 0; j < 1000; j++) await fn(n++)
      elapsed = performance.now() - start
    }
    best = Math.max(best, (n / elapsed) * 1000)
  }
  return best
}

function rateSync(fn, ms = 700) {
  for (let i = 0; i < 100_000; i++) fn(i)
  let best = 0
  let sink = 0
  for (let round = 0; round < 3; round++) {
    let n = 0
    const start = performance.now()
    let elapsed = 0
    while (elapsed < ms) {
      for (let j = 0; j < 10_000; j++) sink ^= fn(n++) === undefined ? 1 : 0
      elapsed = performance.now() - start
    }
    best = Math.max(best, (n / elapsed) * 1000)
  }
  if (sink === 42) console.log('')
  return best
}

// 1. HIT lookups ---------------------------------------------------------------------------
const KEYS = 1000
const keys = Array.from({ length: KEYS }, (_, i) => `route:bench:/blog/${i}`)
const map = new Map(keys.map((k, i) => [k, entry(5 * 1024, i)]))
const memory = createMemoryHandler({ clock, logger })
const tiered = createTieredHandler({
  l1: createMemoryHandler({ clock, logger }),
  l2: createFsHandler({ dir: join(work, 'tiered'), clock, logger }),
})
for (const [k, e] of map) {
  await memory.set(k, e)
  await tiered.set(k, e)
}
const neverCalled = async () => {
  throw new Error('a HIT must not regenerate')
}
const memoryCache = createResponseCache({ handler: memory, clock, logger })
const tieredCache = createResponseCache({ handler: tiered, clock, logger })

const hits = [
  ['`Map.get` (baseline, sync)', rateSync((i) => map.get(keys[i % KEYS]))],
  ['`await` of an async `Map.get` (baseline, async)', await rate(async (i) => map.get(keys[i % KEYS]))],
  ['memory handler `get`', await rate((i) => memory.get(keys[i % KEYS]))],
  ['response cache HIT, memory handler', await rate((i) => memoryCache.get(keys[i % KEYS], neverCalled))],
  [
    'response cache HIT, tiered (memory over fs)',
    await rate((i) => tieredCache.get(keys[i % KEYS], neverCalled)),
  ],
]
const [syncBase, asyncBase] = [hits[0][1], hits[1][1]]
const hitTable = table(
  ['lookup (1,000 keys, 5 KB entries, sequential)', 'ops/s', 'vs Map.get', 'vs async baseline'],
  hits.map(([name, ops]) => [
    name,
    fmt(ops),
    `${(ops / syncBase).toFixed(3)}×`,
    `${(ops / asyncBase).toFixed(2)}×`,
  ]),
)

// 2. updateTags against the number of cached entries ----------------------------------------
async function tagCost(handler, count, calls = 300) {
  for (let i = 0; i < count; i++) await handler.set(`e:${i}`, entry(256, i))
  const samples = []
  for (let i = 0; i < calls; i++) {
    const start = performance.now()
    await handler.updateTags([`tag-${count}-${i}`, '_N_T_/blog/1'])
    samples.push(performance.now() - start)
  }
  samples.sort((a, b) => a - b)
  return { median: samples[Math.floor(calls / 2)] * 1000, p99: samples[Math.floor(calls * 0.99)] * 1000 }
}
const tagRows = []
for (const count of [1_000, 10_000, 100_000]) {
  const mem = await tagCost(createMemoryHandler({ clock, logger, maxBytes: 1024 ** 3 }), count)
  tagRows.push(['memory', count.toLocaleString('en-US'), fmt(mem.median), fmt(mem.p99)])
}
for (const count of [1_000, 10_000]) {
  const fs = await tagCost(createFsHandler({ dir: join(work, `tags-${count}`), clock, logger }), count)
  tagRows.push(['fs (journal append)', count.toLocaleString('en-US'), fmt(fs.median), fmt(fs.p99)])
}
const tagTable = table(['handler', 'entries cached', 'updateTags median (µs)', 'p99 (µs)'], tagRows)

// 3. fs throughput --------------------------------------------------------------------------
async function fsThroughput(size, count) {
  const fs = createFsHandler({ dir: join(work, `fs-${size}`), clock, logger })
  await fs.ready()
  const entries = Array.from({ length: count }, (_, i) => entry(size, i))
  const perEntry = size + Math.floor(size / 4)
  let start = performance.now()
  for (let i = 0; i < count; i++) await fs.set(`fs:${i}`, entries[i])
  const setSeconds = (performance.now() - start) / 1000
  start = performance.now()
  for (let round = 0; round < 3; round++)
    for (let i = 0; i < count; i++) await fs.get(`fs:${(i * 7919) % count}`)
  const getSeconds = (performance.now() - start) / 1000 / 3
  const mb = (perEntry * count) / 1024 / 1024
  return [
    `${size / 1024} KB (+${size / 4096} KB payload)`,
    count,
    fmt(count / setSeconds),
    fmt(mb / setSeconds),
    fmt(count / getSeconds),
    fmt(mb / getSeconds),
  ]
}
const fsTable = table(
  ['entry', 'entries', 'set ops/s', 'set MB/s', 'get ops/s', 'get MB/s'],
  [await fsThroughput(5 * 1024, 2000), await fsThroughput(500 * 1024, 200)],
)

rmSync(work, { recursive: true, force: true })

// Report --------------------------------------------------------------------------------------
const section = `## @fresco/cache

Measured ${new Date().toISOString().slice(0, 10)} with \`npm run build -w @fresco/cache && node bench/cache-bench.mjs\`
on Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores), a temp directory on the
local disk. Sequential (one request at a time); best of 3 rounds of ~0.7 s.

### HIT lookups

${hitTable}

The response-cache rows include the freshness decision (age + every tag of the entry against the
tag mirror, no I/O) and the \`{ entry, status }\` result; the tiered row is an L1 hit whose tags are
still checked against L2's mirror.

### Invalidation cost does not grow with the cache

${tagTable}

\`updateTags\` of two tags. Memory: two Map writes. fs: one appended journal line (no fsync).

### fs handler throughput

${fsTable}

Each set writes a temp file with one \`writev\` and renames it (no fsync); each get reads one file and
parses its JSON header; body and payload are views into the read buffer (no copy, no base64).
`

console.log(section)
const resultsPath = join(here, 'RESULTS.md')
let results
try {
  results = readFileSync(resultsPath, 'utf8')
} catch {
  results =
    '# Benchmark results\n\nFigures measured on the project machine; each section says how to rerun it.\n'
}
const start = results.indexOf('## @fresco/cache')
if (start === -1) results = `${results.trimEnd()}\n\n${section}`
else {
  const next = results.indexOf('\n## ', start + 1)
  results = `${results.slice(0, start)}${section}${next === -1 ? '' : `\n${results.slice(next + 1)}`}`
}
writeFileSync(resultsPath, results)
