#!/usr/bin/env node
// Many instances on one Redis: three figures, written to the "## Many instances" section of
// bench/RESULTS.md.
//   propagation  three processes, each a Redis handler (packages/cache/dist) on one redis-server:
//                instance 1 runs updateTags([tag]); instances 2 and 3 report when their local tag
//                mirror has it (onTagUpdate). Delay = seen − call start, wall clock with sub-ms
//                precision (performance.timeOrigin + now()), same machine. p50 / p99.
//   HIT          the example blog built once, served by `fresco start` twice: fs default (memory L1
//                + fs L2) and REDIS_URL (memory L1 + Redis L2); wrk on /blog (an ISR page, revalidate
//                1 h, so every request is a HIT from L1), interleaved rounds, medians.
//   memory       the build prerenders into Redis: MEMORY USAGE of every route entry versus its
//                HTML + RSC payload bytes, and used_memory growth per page.
//
//   node bench/cluster-bench.mjs [--iterations 500] [--duration 3] [--rounds 5] [--no-write]
import { spawn, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'

const root = fileURLToPath(new URL('..', import.meta.url))
const { values: opts } = parseArgs({
  options: {
    instance: { type: 'string' }, // internal: child mode (propagation)
    url: { type: 'string' },
    prefix: { type: 'string' },
    iterations: { type: 'string', default: '500' },
    duration: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '5' },
    'no-write': { type: 'boolean', default: false },
  },
})
const now = () => performance.timeOrigin + performance.now()
const cacheDist = pathToFileURL(join(root, 'packages', 'cache', 'dist', 'index.js')).href

// ── child mode: one instance's Redis handler ─────────────────────────────────────────────────
if (opts.instance) {
  const { createRedisHandler, silentLogger } = await import(cacheDist)
  const handler = createRedisHandler({ url: opts.url, prefix: opts.prefix, logger: silentLogger })
  await handler.ready()
  handler.onTagUpdate((tags) => {
    const seen = now()
    for (const tag of tags) process.send({ type: 'seen', tag, seen })
  })
  process.on('message', async (m) => {
    if (m.type === 'update') {
      const t0 = now()
      await handler.updateTags([m.tag])
      process.send({ type: 'updated', tag: m.tag, t0, t1: now() })
    } else if (m.type === 'close') {
      await handler.close()
      process.exit(0)
    }
  })
  process.send({ type: 'ready' })
  await new Promise(() => {})
}

// ── helpers ──────────────────────────────────────────────────────────────────────────────────
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

function track(child, label) {
  children.add(child)
  let out = ''
  child.stdout?.on('data', (d) => {
    out += d
  })
  child.stderr?.on('data', (d) => {
    out += d
  })
  child.on('exit', () => children.delete(child))
  child.output = () => out
  child.label = label
  return child
}

async function until(check, what, ms = 60_000) {
  const deadline = Date.now() + ms
  for (;;) {
    try {
      if (await check()) return
    } catch {}
    if (Date.now() > deadline) throw new Error(`[bench] ${what} not reached within ${ms / 1000}s`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

// ── setup: packages, Redis, CMS ─────────────────────────────────────────────────────────────
spawnSync('npx', ['tsc', '-b', 'packages/cache', 'packages/fresco'], { cwd: root, stdio: 'inherit' })
const { Redis } = await import('ioredis')
const redisPort = await freePort()
const redisUrl = `redis://127.0.0.1:${redisPort}`
track(
  spawn(
    'redis-server',
    ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  ),
  'redis',
)
const redis = new Redis(redisUrl, { retryStrategy: () => 50 })
redis.on('error', () => {})
await until(() => redis.status === 'ready', 'redis-server up', 10_000)

const redisVersion = (await redis.info('server')).match(/redis_version:(\S+)/)?.[1]

// ── 1. propagation ──────────────────────────────────────────────────────────────────────────
async function propagation(iterations) {
  const prefix = `bench${Date.now()}`
  const nodes = []
  for (let i = 0; i < 3; i++) {
    const child = track(
      spawn(
        process.execPath,
        [fileURLToPath(import.meta.url), '--instance', String(i), '--url', redisUrl, '--prefix', prefix],
        { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] },
      ),
      `instance ${i}`,
    )
    await new Promise((resolve) => child.once('message', resolve))
    nodes.push(child)
  }
  const delays = []
  const local = []
  let current // the invalidation in progress: { tag, seen: Map, onSeen(), onUpdated(m) }
  for (const i of [1, 2]) {
    nodes[i].on('message', (m) => {
      if (m.type !== 'seen' || m.tag !== current?.tag) return
      current.seen.set(i, m.seen)
      if (current.seen.size === 2) current.onSeen()
    })
  }
  nodes[0].on('message', (m) => {
    if (m.type === 'updated' && m.tag === current?.tag) current.onUpdated(m)
  })
  for (let i = 0; i < iterations; i++) {
    const it = { tag: `t${i}`, seen: new Map() }
    const seen = new Promise((resolve) => {
      it.onSeen = resolve
    })
    const updated = new Promise((resolve) => {
      it.onUpdated = resolve
    })
    current = it
    nodes[0].send({ type: 'update', tag: it.tag })
    const [{ t0, t1 }] = await Promise.all([updated, seen])
    for (const t of it.seen.values()) delays.push(t - t0)
    local.push(t1 - t0)
  }
  for (const n of nodes) n.send({ type: 'close' })
  delays.sort((a, b) => a - b)
  local.sort((a, b) => a - b)
  return {
    samples: delays.length,
    p50: quantile(delays, 0.5),
    p99: quantile(delays, 0.99),
    max: delays.at(-1),
    localP50: quantile(local, 0.5),
    localP99: quantile(local, 0.99),
  }
}

// ── 2 + 3. the example blog: memory per page, HIT throughput fs vs Redis ─────────────────────
const work = join(root, 'bench', '.work', 'cluster-blog')
rmSync(work, { recursive: true, force: true })
mkdirSync(work, { recursive: true })
for (const name of ['app', 'lib'])
  cpSync(join(root, 'examples', 'blog', name), join(work, name), { recursive: true })
writeFileSync(
  join(work, 'package.json'),
  `${JSON.stringify({ name: 'cluster-bench-blog', private: true, type: 'module' })}\n`,
)
const frescoPkg = join(root, 'node_modules', '@fresco', 'framework')
const pkg = JSON.parse(readFileSync(join(frescoPkg, 'package.json'), 'utf8'))
const bin = join(frescoPkg, typeof pkg.bin === 'string' ? pkg.bin : pkg.bin.fresco)

const cmsPort = await freePort()
const cmsDir = mkdtempSync(join(tmpdir(), 'cluster-bench-cms-'))
track(
  spawn(process.execPath, [join(root, 'examples', 'blog', 'cms', 'server.mjs')], {
    env: { ...process.env, CMS_PORT: String(cmsPort), CMS_DB: join(cmsDir, 'cms.db'), CMS_SEED: '25' },
    stdio: ['ignore', 'pipe', 'pipe'],
  }),
  'cms',
)
const cmsUrl = `http://127.0.0.1:${cmsPort}`
await until(() => fetch(`${cmsUrl}/blog`).then((r) => r.ok), 'CMS up')

async function memory() {
  const before = Number((await redis.info('memory')).match(/used_memory:(\d+)/)[1])
  const env = { ...process.env, CMS_URL: cmsUrl, REDIS_URL: redisUrl, NODE_ENV: 'production' }
  const build = spawnSync(process.execPath, [bin, 'build'], { cwd: work, env, encoding: 'utf8' })
  if (build.status !== 0) throw new Error(`fresco build failed:\n${build.stdout}\n${build.stderr}`)
  const after = Number((await redis.info('memory')).match(/used_memory:(\d+)/)[1])
  const keys = await redis.keys('fresco:route:*')
  let usage = 0
  let content = 0
  for (const key of keys) {
    usage += Number(await redis.memory('USAGE', key))
    const v = await redis.getBuffer(key)
    content += v.readUInt32BE(10) + v.readUInt32BE(14) // body + payload lengths (redis-codec.ts)
  }
  return {
    pages: keys.length,
    usagePerPage: usage / keys.length,
    contentPerPage: content / keys.length,
    usedPerPage: (after - before) / keys.length,
  }
}

async function startBlog(name, extraEnv) {
  const port = await freePort()
  const env = { ...process.env, CMS_URL: cmsUrl, NODE_ENV: 'production', ...extraEnv }
  if (!extraEnv.REDIS_URL) delete env.REDIS_URL
  const child = track(
    spawn(process.execPath, [bin, 'start', '--port', String(port)], {
      cwd: work,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
    name,
  )
  const url = `http://127.0.0.1:${port}`
  await until(async () => (await cacheStatus(`${url}/blog`)) === 'HIT', `${name} HIT /blog`)
  return { name, url, child }
}

/** CPU time (user + system) of a process so far, from /proc (clock ticks of 10 ms). */
function cpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
}

/** x-fresco-cache of a GET, body read (an unread body would pin the keep-alive socket). */
async function cacheStatus(url) {
  const res = await fetch(url, { headers: { connection: 'close' } })
  await res.arrayBuffer()
  return res.headers.get('x-fresco-cache')
}

function wrk(url, seconds) {
  const out = spawnSync('wrk', ['-t1', '-c50', `-d${seconds}s`, '--latency', `${url}/blog`], {
    encoding: 'utf8',
  }).stdout
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1])
  const requests = Number(/(\d+) requests in/.exec(out)?.[1])
  const p = (q) => {
    const m = new RegExp(`\\s${q}%\\s+([\\d.]+)(us|ms|s)`).exec(out)
    return m ? Number(m[1]) * { us: 0.001, ms: 1, s: 1000 }[m[2]] : Number.NaN
  }
  if (/Non-2xx|Socket errors/.test(out) || !rps) throw new Error(`wrk reported errors:\n${out}`)
  return { rps, requests, p50: p(50), p99: p(99) }
}

async function throughput(seconds, rounds) {
  // Both start empty and render /blog once themselves, so they have done the same work (a process
  // that rendered has React and the page modules loaded; one that only read Redis has not).
  rmSync(join(work, '.fresco', 'cache'), { recursive: true, force: true })
  const routeKeys = await redis.keys('fresco:route:*')
  if (routeKeys.length > 0) await redis.del(...routeKeys)
  const servers = [await startBlog('fs', {}), await startBlog('redis', { REDIS_URL: redisUrl })]
  const runs = { fs: [], redis: [] }
  wrk(servers[0].url, 1) // warm-up (JIT) of both
  wrk(servers[1].url, 1)
  for (let r = 0; r < rounds; r++) {
    for (const s of r % 2 ? [...servers].reverse() : servers) {
      const before = cpuMs(s.child.pid)
      const result = wrk(s.url, seconds)
      result.cpuUs = ((cpuMs(s.child.pid) - before) * 1000) / result.requests
      runs[s.name].push(result)
    }
  }
  for (const s of servers) {
    if ((await cacheStatus(`${s.url}/blog`)) !== 'HIT') throw new Error(`${s.name} was not serving HITs`)
    s.child.kill('SIGTERM')
  }
  const summary = (xs) => ({
    rps: median(xs.map((x) => x.rps)),
    p50: median(xs.map((x) => x.p50)),
    p99: median(xs.map((x) => x.p99)),
    cpuUs: median(xs.map((x) => x.cpuUs)),
    all: xs.map((x) => Math.round(x.rps)),
    allCpu: xs.map((x) => Number(x.cpuUs.toFixed(1))),
  })
  return { fs: summary(runs.fs), redis: summary(runs.redis) }
}

const iterations = Number(opts.iterations)
const prop = await propagation(iterations)
console.log('[bench] propagation', prop)
const mem = await memory()
console.log('[bench] memory', mem)
const hit = await throughput(Number(opts.duration), Number(opts.rounds))
console.log('[bench] HIT', hit)
redis.disconnect()
rmSync(cmsDir, { recursive: true, force: true })

const f = (n, d = 2) => n.toFixed(d)
const ratio = hit.redis.rps / hit.fs.rps
const section = `## Many instances

\`node bench/cluster-bench.mjs\` — node ${process.version}, redis-server ${redisVersion} on loopback, 2 cores
shared by every process (Redis, instances, wrk, whatever else runs on the machine), so absolute numbers are noisy.

**Invalidation propagation** (three processes, each a \`createRedisHandler\` on one Redis; instance 1 calls
\`updateTags([tag])\`, instances 2 and 3 report when their local tag mirror has it — from then on their next
request sees the invalidation; ${iterations} invalidations, ${prop.samples} samples):

| | p50 ms | p99 ms | max ms |
|---|---|---|---|
| seen by the other instances (from the call) | ${f(prop.p50)} | ${f(prop.p99)} | ${f(prop.max)} |
| \`updateTags\` resolved on the calling instance | ${f(prop.localP50)} | ${f(prop.localP99)} | — |

**HIT throughput, Redis L2 vs the fs default** (the example blog built once, \`fresco start\` with and without
\`REDIS_URL\`, both with the default 50 MB memory L1; wrk -t1 -c50 on \`/blog\`, ${opts.duration} s per measurement,
medians of ${opts.rounds} interleaved rounds; both start empty and render \`/blog\` once themselves; then every request is a HIT from L1, so
Redis is not on the path):

| L2 | req/s | p50 ms | p99 ms | server CPU µs/req | every round (req/s) |
|---|---|---|---|---|---|
| fs (default) | ${Math.round(hit.fs.rps)} | ${f(hit.fs.p50)} | ${f(hit.fs.p99)} | ${f(hit.fs.cpuUs, 1)} | ${hit.fs.all.join(' / ')} |
| Redis | ${Math.round(hit.redis.rps)} | ${f(hit.redis.p50)} | ${f(hit.redis.p99)} | ${f(hit.redis.cpuUs, 1)} | ${hit.redis.all.join(' / ')} |

Redis/fs: **${f(ratio)}×** req/s, **${f(hit.redis.cpuUs / hit.fs.cpuUs)}×** server CPU per request (target: within 10 %;
with wrk and both servers on 2 shared cores req/s swings by ±20 % between rounds, CPU per request is the
steadier figure).

**Redis memory per cached page** (the build prerenders the blog's ${mem.pages} pages into Redis; \`MEMORY USAGE\`
of each route entry, against its HTML + RSC payload bytes):

| content bytes / page | MEMORY USAGE / page | overhead | used_memory growth / page |
|---|---|---|---|
| ${Math.round(mem.contentPerPage)} | ${Math.round(mem.usagePerPage)} | ${f((mem.usagePerPage / mem.contentPerPage - 1) * 100, 1)} % | ${Math.round(mem.usedPerPage)} |

Tag state adds two numbers per invalidated tag (one hash), whatever the number of pages.

_Last run: ${new Date().toISOString().slice(0, 16)}Z._
`
console.log(`\n${section}`)
if (!opts['no-write']) {
  const file = join(root, 'bench', 'RESULTS.md')
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n'
  const start = text.indexOf('## Many instances')
  let next
  if (start === -1) next = `${text.trimEnd()}\n\n${section}`
  else {
    const end = text.indexOf('\n## ', start + 1)
    next = text.slice(0, start) + section + (end === -1 ? '' : text.slice(end))
  }
  writeFileSync(file, next)
  console.log(`[bench] wrote ${file}`)
}
process.exit(0)
