#!/usr/bin/env node
// What next.config's headers() costs on the HIT path: the node layer (startServer from the built
// package, a stub app answering one prepared ISR page) with no rules against the same server with
// the three rules of e2e/fixtures/next-config (one overriding Cache-Control, a catch-all, a
// parameterised one), in the same run, alternating, server pinned to core 0 and wrk to core 1.
// Run `npm run build` first. Writes the "## headers() on the HIT path" section of bench/RESULTS.md.
//
//   node bench/headers-hit.mjs [--duration 3] [--rounds 5] [--connections 50] [--no-write]
import { loadavg } from 'node:os'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { freePort, median, startNode, stop, writeResultsSection, wrkRun } from './lib.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const { values: opts } = parseArgs({
  options: {
    serve: { type: 'string' }, // internal: run one server (child mode)
    port: { type: 'string' },
    duration: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
    'no-write': { type: 'boolean', default: false },
  },
})

const RULES = [
  { source: '/isr', headers: [{ key: 'Cache-Control', value: 's-maxage=30' }] },
  { source: '/:path*', headers: [{ key: 'x-all', value: 'yes' }] },
  { source: '/blog/:slug', headers: [{ key: 'x-slug', value: 'post-:slug' }] },
]

if (opts.serve) {
  const dist = (p) => import(pathToFileURL(`${root}packages/fresco/dist/${p}`).href)
  const { prepareEntry } = await dist('runtime/server/entry-response.js')
  const { cacheControlFor } = await dist('runtime/server/cache-headers.js')
  const { startServer } = await dist('node/server.js')
  const { silentLogger } = await import('@fresco/cache')
  const html = `<!doctype html><html><body>${'<p>Incremental Static Regeneration</p>'.repeat(400)}</body></html>`
  const entry = {
    kind: 'page',
    body: new TextEncoder().encode(html),
    payload: new TextEncoder().encode('0:["$","main",null,{}]\n'),
    status: 200,
    headers: {},
    tags: [],
    lastModified: Date.now(),
    revalidate: 120,
  }
  const prepared = prepareEntry(entry, 'html', cacheControlFor(120))
  await prepared.compressed
  const served = { type: 'prepared', prepared, cacheStatus: 'HIT' }
  const app = { buildId: 'bench', serve: () => served, close: async () => {} }
  await startServer({
    app,
    port: Number(opts.port),
    hostname: '127.0.0.1',
    logger: silentLogger,
    headers: opts.serve === 'headers' ? RULES : [],
  })
  console.log('ready')
  await new Promise(() => {})
}

const children = new Set()
const seconds = Number(opts.duration)
const connections = Number(opts.connections)
const runs = { plain: [], headers: [] }
try {
  for (let round = 0; round < Number(opts.rounds); round++) {
    for (const kind of round % 2 ? ['headers', 'plain'] : ['plain', 'headers']) {
      const port = await freePort()
      const child = await startNode(
        [fileURLToPath(import.meta.url), '--serve', kind, '--port', String(port)],
        {
          cwd: root,
          ready: /ready/,
          children,
          cores: '0',
        },
      )
      const url = `http://127.0.0.1:${port}/isr`
      const check = await fetch(url)
      await check.arrayBuffer()
      if (kind === 'headers' && check.headers.get('cache-control') !== 's-maxage=30')
        throw new Error(`headers() not applied: ${check.headers.get('cache-control')}`)
      wrkRun(child, url, { seconds: 1, connections, cores: '1' }) // warm-up
      runs[kind].push(wrkRun(child, url, { seconds, connections, cores: '1' }))
      await stop(child)
      children.delete(child)
    }
  }
} finally {
  for (const c of children) await stop(c)
}

const rps = (k) => median(runs[k].map((r) => r.rps))
const cpu = (k) => median(runs[k].map((r) => r.cpu))
const lines = [
  '## headers() on the HIT path',
  '',
  `\`node bench/headers-hit.mjs\` (${opts.rounds} alternating rounds of ${seconds} s, ${connections} connections; server`,
  `\`taskset -c 0\`, wrk \`taskset -c 1\`; a shared 2-core machine, load average ${loadavg()[0].toFixed(1)} at the end:`,
  'noisy, req/s swing with the other jobs; the CPU per request is the steadier figure).',
  'The node layer answering one prepared ISR page, without rules and with the three headers() rules of',
  'e2e/fixtures/next-config (one replacing Cache-Control). Medians:',
  '',
  '| server | req/s | CPU µs / request | ratio to no rules |',
  '| --- | --- | --- | --- |',
  `| no headers() rules | ${rps('plain').toFixed(0)} | ${cpu('plain').toFixed(1)} | 1.00× |`,
  `| 3 headers() rules | ${rps('headers').toFixed(0)} | ${cpu('headers').toFixed(1)} | ${(rps('headers') / rps('plain')).toFixed(2)}× req/s, ${(cpu('headers') / cpu('plain')).toFixed(2)}× CPU |`,
  '',
]
console.log(lines.join('\n'))
if (!opts['no-write']) writeResultsSection('## headers() on the HIT path', lines.join('\n'))
