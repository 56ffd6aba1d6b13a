#!/usr/bin/env node
// Serving micro-bench: the Fresco HIT path against a bare node:http server answering the same
// bytes, in the same run, with wrk on loopback. Three servers, each in its own process:
//   bare      node:http, one writeHead + end with a precomputed header list and body
//   prepared  startServer() with a stub FrescoApp returning a PreparedResponse (the node layer alone)
//   cached    startServer() with an app going through createRouteCache over createResponseCache and
//             the memory handler (the full HIT path: cache lookup, freshness, tags, prepared response)
// Two variants: identity (no Accept-Encoding) and br (Accept-Encoding: gzip, deflate, br).
// Writes the "## Serving" section of bench/RESULTS.md.
//
//   node bench/serve-hit.mjs [--duration 2] [--rounds 5] [--connections 50] [--no-write]
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'

const root = fileURLToPath(new URL('..', import.meta.url))
const work = join(root, 'bench', '.work', 'serve')
const { values: opts } = parseArgs({
  options: {
    serve: { type: 'string' }, // internal: run one server (child mode)
    port: { type: 'string' },
    duration: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
    'no-write': { type: 'boolean', default: false },
  },
})

// A realistic prerendered page: ~24 KB of HTML.
const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Post 1</title></head><body><main>${Array.from(
  { length: 120 },
  (_, i) =>
    `<article><h2>Section ${i}</h2><p>Incremental Static Regeneration serves this page from cache.</p></article>`,
).join('')}</main></body></html>`

// ── child mode: one server ──────────────────────────────────────────────────────────────────
if (opts.serve) {
  const port = Number(opts.port)
  const mod = (p) => import(pathToFileURL(join(work, p)).href)
  const { prepareEntry } = await mod('runtime/server/entry-response.js')
  const { cacheControlFor } = await mod('runtime/server/cache-headers.js')
  const { startServer } = await mod('node/server.js')
  const cache = await import('@fresco/cache')
  const entry = {
    kind: 'page',
    body: new TextEncoder().encode(PAGE),
    payload: new TextEncoder().encode('0:["$","main",null,{}]\n'),
    status: 200,
    headers: {},
    tags: ['posts', '_N_T_/layout', '_N_T_/blog/[id]/page', '_N_T_/blog/1'],
    lastModified: Date.now(),
    revalidate: 3600,
  }
  const prepared = prepareEntry(entry, 'html', cacheControlFor(entry.revalidate))
  await prepared.compressed
  const logger = cache.silentLogger
  if (opts.serve === 'bare') {
    // The same bytes Fresco sends, with node's cheapest API: one writeHead + end per request.
    const variants = {
      identity: [prepared.headersFor('identity', 'HIT'), prepared.bodyFor('identity')],
      br: [prepared.headersFor('br', 'HIT'), prepared.bodyFor('br')],
    }
    createServer((req, res) => {
      const [headers, body] = (req.headers['accept-encoding'] ?? '').includes('br')
        ? variants.br
        : variants.identity
      res.writeHead(200, headers)
      res.end(body)
    }).listen(port, '127.0.0.1', () => console.log('ready'))
  } else if (opts.serve === 'prepared') {
    const served = { type: 'prepared', prepared, cacheStatus: 'HIT' }
    const app = { buildId: 'bench', serve: async () => served, close: async () => {} }
    await startServer({ app, port, hostname: '127.0.0.1', logger })
    console.log('ready')
  } else {
    const { createRouteCache } = await mod('runtime/server/route-cache.js')
    const handler = cache.createMemoryHandler({ logger })
    const responseCache = cache.createResponseCache({ handler, logger })
    const routes = createRouteCache({ cache: responseCache, buildId: 'bench', logger })
    const regenerate = async () => ({ ...entry, lastModified: Date.now() })
    const implicitTags = ['_N_T_/layout', '_N_T_/blog/layout', '_N_T_/blog/[id]/page', '_N_T_/blog/1']
    const app = {
      buildId: 'bench',
      async serve(req) {
        const { prepared, status } = await routes.serve(req.pathname, 'html', regenerate, { implicitTags })
        return { type: 'prepared', prepared, cacheStatus: status }
      },
      close: () => responseCache.close(),
    }
    const server = await startServer({ app, port, hostname: '127.0.0.1', logger })
    // Prime: the first request renders (MISS) and starts compression; wait for it.
    const first = await fetch(`http://127.0.0.1:${server.port}/blog/1`)
    await first.arrayBuffer()
    const { entry: stored } = await routes.serve('/blog/1', 'html', regenerate, { implicitTags })
    await prepareEntry(stored, 'html', cacheControlFor(3600)).compressed
    console.log('ready')
  }
  // The parent asks for this process's CPU time around each measurement (robust on shared cores).
  process.on('message', () => process.send(process.cpuUsage()))
  process.on('SIGINT', () => process.exit(0)) // lets `node --cpu-prof` write its profile
  await new Promise(() => {})
}

// ── parent mode ─────────────────────────────────────────────────────────────────────────────
const log = (line) => console.log(`[serve-bench] ${line}`)

// Node 20 cannot run TypeScript: transpile the serving modules (their imports already end in .js).
const { default: ts } = await import('typescript')
const src = join(root, 'packages', 'fresco', 'src')
// Start from the modules the servers load and follow relative imports (type-only ones are erased).
const queue = ['node/server.ts', 'runtime/server/route-cache.ts', 'runtime/server/entry-response.ts']
const seen = new Set()
while (queue.length > 0) {
  const file = queue.pop()
  if (seen.has(file)) continue
  seen.add(file)
  const out = ts.transpileModule(readFileSync(join(src, file), 'utf8'), {
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      verbatimModuleSyntax: true,
    },
  })
  const target = join(work, file.replace(/\.tsx?$/, '.js'))
  mkdirSync(dirname(target), { recursive: true })
  writeFileSync(target, out.outputText)
  for (const [, spec] of out.outputText.matchAll(/(?:from|import)\s*['"](\.{1,2}\/[^'"]+)\.js['"]/g)) {
    const base = join(dirname(file), spec)
    queue.push(existsSync(join(src, `${base}.ts`)) ? `${base}.ts` : `${base}.tsx`)
  }
}
// @fresco/cache is imported from its build output.
spawnSync('npx', ['tsc', '-b', 'packages/cache'], { cwd: root, stdio: 'inherit' })

const children = new Set()
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL')
})

function freePort() {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

async function startChild(kind) {
  const port = await freePort()
  const child = spawn(
    process.execPath,
    [fileURLToPath(import.meta.url), '--serve', kind, '--port', String(port)],
    {
      cwd: join(root, 'bench'),
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    },
  )
  children.add(child)
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => String(d).includes('ready') && resolve())
    child.on('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)))
  })
  const cpu = () =>
    new Promise((resolve) => {
      child.once('message', ({ user, system }) => resolve(user + system))
      child.send('cpu')
    })
  return { port, cpu, stop: () => child.kill('SIGKILL') }
}

async function measure(server, encoding, seconds) {
  const before = await server.cpu()
  const result = wrk(server.port, encoding, seconds)
  result.cpuPerRequest = ((await server.cpu()) - before) / result.requests
  return result
}

function wrk(port, encoding, seconds) {
  const args = ['-t1', `-c${opts.connections}`, `-d${seconds}s`, '--latency']
  if (encoding === 'br') args.push('-H', 'Accept-Encoding: gzip, deflate, br')
  const out = spawnSync('wrk', [...args, `http://127.0.0.1:${port}/blog/1`], { encoding: 'utf8' }).stdout
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1])
  const requests = Number(/(\d+) requests in/.exec(out)?.[1])
  const p = (q) => {
    const m = new RegExp(`\\s${q}%\\s+([\\d.]+)(us|ms|s)`).exec(out)
    if (!m) return Number.NaN
    return Number(m[1]) * { us: 0.001, ms: 1, s: 1000 }[m[2]]
  }
  if (/Non-2xx/.test(out) || !rps) throw new Error(`wrk reported errors:\n${out}`)
  return { rps, requests, p50: p(50), p99: p(99) }
}

const kinds = ['bare', 'prepared', 'cached']
const encodings = ['identity', 'br']
const seconds = Number(opts.duration)
const runs = {} // `${kind}/${encoding}` → one result per round
const servers = {}
for (const kind of kinds) servers[kind] = await startChild(kind)
for (const kind of kinds) wrk(servers[kind].port, 'identity', 1) // warm up the JIT
for (let round = 0; round < Number(opts.rounds); round++) {
  for (const encoding of encodings) {
    // Rotate the order each round so no server always runs right after the same neighbour.
    for (const kind of kinds.map((_, i) => kinds[(i + round) % kinds.length])) {
      const r = await measure(servers[kind], encoding, seconds)
      log(
        `round ${round + 1} ${kind.padEnd(8)} ${encoding.padEnd(8)} ${r.rps.toFixed(0)} req/s  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  server CPU ${r.cpuPerRequest.toFixed(1)} µs/req`,
      )
      const key = `${kind}/${encoding}`
      runs[key] = [...(runs[key] ?? []), r]
    }
  }
}
for (const s of Object.values(servers)) s.stop()

// Medians over interleaved rounds: on shared cores one slow round should not decide anything.
const median = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}
const stat = (kind, encoding, field) => median(runs[`${kind}/${encoding}`].map((r) => r[field]))
const rows = []
for (const encoding of encodings) {
  for (const kind of kinds) {
    const [rps, p50, p99, cpu] = ['rps', 'p50', 'p99', 'cpuPerRequest'].map((f) => stat(kind, encoding, f))
    const [bareRps, bareP99, bareCpu] = ['rps', 'p99', 'cpuPerRequest'].map((f) => stat('bare', encoding, f))
    rows.push(
      `| ${kind} | ${encoding} | ${rps.toFixed(0)} | ${p50.toFixed(2)} | ${p99.toFixed(2)} | ${cpu.toFixed(1)} | ${(rps / bareRps).toFixed(2)}× | ${(p99 / bareP99).toFixed(2)}× | ${(bareCpu / cpu).toFixed(2)}× |`,
    )
  }
}
const body = Buffer.byteLength(PAGE)
const section = `## Serving

HIT path micro-bench (\`node bench/serve-hit.mjs\`): the same ${(body / 1024).toFixed(1)} KB page, same header bytes,
answered by a bare node:http server (\`writeHead\` + \`end\`), by Fresco's node server with a stub app returning
the PreparedResponse (\`prepared\`), and through the full route cache HIT path (\`cached\`: createRouteCache →
createResponseCache → memory handler → memoized PreparedResponse). wrk -t1 -c${opts.connections}, ${seconds} s per
measurement, medians of ${opts.rounds} interleaved rounds, servers in separate processes, node ${process.version}, ${
  (await import('node:os')).cpus().length
} cores shared with wrk and with whatever else runs on the machine, so req/s and p99 are noisy; server CPU
time per request (process.cpuUsage around each measurement) is the stable figure, and "CPU efficiency" is
bare's CPU/request divided by ours (1.00× = as cheap as bare). Targets: ≥ 0.8× bare throughput, p99 ≤ 1.5× bare.

| server | encoding | req/s | p50 ms | p99 ms | server CPU µs/req | req/s vs bare | p99 vs bare | CPU efficiency vs bare |
|---|---|---|---|---|---|---|---|---|
${rows.join('\n')}

_Last run: ${new Date().toISOString().slice(0, 16)}Z._
`
console.log(`\n${section}`)
if (!opts['no-write']) {
  const file = join(root, 'bench', 'RESULTS.md')
  let text
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    text = '# Benchmarks\n\n'
  }
  // Replace only our section: others own the rest of the file.
  const start = text.indexOf('## Serving\n')
  if (start === -1) text = `${text.trimEnd()}\n\n${section}`
  else {
    const next = text.indexOf('\n## ', start + 1)
    const old = text.slice(start, next === -1 ? text.length : next + 1)
    // Keep the end-to-end part written by serve-app.mjs.
    const e2e = old.indexOf('### End to end')
    const kept = e2e === -1 ? '' : `\n${old.slice(e2e).trimEnd()}\n`
    text = text.slice(0, start) + section + kept + (next === -1 ? '' : `\n${text.slice(next + 1)}`)
  }
  writeFileSync(file, text)
  log(`wrote ${relative(root, file)}`)
}
