#!/usr/bin/env node
// Every render counts (issue 9): the blog example on Fresco and on Next.js, in one run, measuring what is
// not a plain cache HIT. Server pinned to CPU 0 (`taskset -c 0`); this process (load generator and CMS)
// pinned to CPU 1.
//
//   1. 10,000 distinct never-cached pages (`/blog/<id>`, ids past the prerendered ones), concurrency 8:
//      pages/s, p50, p99.
//   2. The server's RSS right after those pages.
//   3. p99 of `/fast/1` (revalidate 1 s: it regenerates every second) under wrk, vs the pure-HIT p99 of
//      `/blog/1` measured the same way.
//   4. The same while the data source answers `/fast/1`'s fetch in 200 ms.
//
// The app is `examples/blog/app` plus one route added to the bench's copy, identical on both frameworks
// (`app/fast/[id]/page.tsx`). The build runs against a CMS with a few posts (the build is not measured
// here: blog-vs-next.mjs does); the server then runs against a CMS with every post the load asks for.
// Every request sends `accept-encoding: gzip, deflate, br`, as browsers do.
//
//   node bench/render-vs-next.mjs [--pages 10000] [--concurrency 8] [--duration 10] [--only next|fresco]
//        [--cpu-prof <dir>] [--rows 1,2,3,4] [--baseline <built checkout> [--baseline-label <text>]]
//        [--also-node-args='<flags>'] [--no-write]
// --also-node-args adds a column: the same Fresco build served by `node <flags>` (e.g.
// '--heap-growing-percent=0', V8's own heap sizing, against fresco start's default).
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { freePort, frescoBin, parseWrk, runTimed, startChild, stop, waitFor } from './lib.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const blogDir = join(root, 'examples', 'blog')
// Next.js is installed in a scratch folder, never in the repository.
const nextDir = join(tmpdir(), 'fresco-render-vs-next', 'next-app')
const NEXT_DEPS = ['next@16', 'react@19', 'react-dom@19', 'typescript@5', '@types/react@19', '@types/node@20']
const BUILD_POSTS = 20 // prerendered by both builds; the measured pages come after them
const WARMUP_PAGES = 300 // rendered before row 1 on both servers (JIT, caches), never measured
const ACCEPT_ENCODING = 'gzip, deflate, br'

const { values: opts } = parseArgs({
  options: {
    only: { type: 'string' },
    pages: { type: 'string', default: '10000' },
    concurrency: { type: 'string', default: '8' },
    duration: { type: 'string', default: '10' },
    rows: { type: 'string', default: '1,2,3,4' },
    'cpu-prof': { type: 'string' },
    baseline: { type: 'string' },
    'baseline-label': { type: 'string' },
    'no-write': { type: 'boolean', default: false },
    'also-node-args': { type: 'string' },
  },
})
const pages = Number(opts.pages)
const concurrency = Number(opts.concurrency)
const rows = new Set(opts.rows.split(',').map(Number))
const log = (line) => console.log(`[bench] ${line}`)
const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')

const children = new Set()
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL')
})
process.on('SIGINT', () => process.exit(130))
const start = (name, cmd, args, o) => startChild(children, name, cmd, args, o)
const timed = (label, cmd, args, o) => runTimed(children, log, label, cmd, args, o)

// ---------------------------------------------------------------------------------------------- the app

/** A page that regenerates every second, its data fetched with the same lifetime. */
const FAST_PAGE = `import { CMS_URL, type Post, readJson } from '../../../lib/cms'

export const revalidate = 1

export function generateStaticParams() {
  return [{ id: '1' }]
}

export default async function Fast({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  const post = await readJson<Post>(await fetch(\`\${CMS_URL}/blog/\${id}\`, { next: { revalidate: 1 } }))
  return (
    <main>
      <h1>{post.title}</h1>
      <p>{post.content}</p>
      <p>rendered at {new Date().toISOString()}</p>
    </main>
  )
}
`

function copyApp(target) {
  for (const dir of ['app', 'lib']) {
    rmSync(join(target, dir), { recursive: true, force: true })
    cpSync(join(blogDir, dir), join(target, dir), { recursive: true })
  }
  mkdirSync(join(target, 'app', 'fast', '[id]'), { recursive: true })
  writeFileSync(join(target, 'app', 'fast', '[id]', 'page.tsx'), FAST_PAGE)
}

// ------------------------------------------------------------------------------------------ measurement

/** A process and all its descendants (next start may run its server in a child). */
function processTree(pid) {
  const parents = new Map()
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8')
      parents.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]))
    } catch {}
  }
  const tree = [pid]
  for (let i = 0; i < tree.length; i++) for (const [p, pp] of parents) if (pp === tree[i]) tree.push(p)
  return tree
}

/** RSS of the process tree, in MB. */
function treeRssMb(pid) {
  let kb = 0
  for (const p of processTree(pid)) {
    try {
      kb += Number(readFileSync(`/proc/${p}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)?.[1] ?? 0)
    } catch {}
  }
  return kb / 1024
}

/** CPU time (user + system, every thread) of the process tree, in ms: stable when the machine is shared. */
function treeCpuMs(pid) {
  let ticks = 0
  for (const p of processTree(pid)) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      ticks += Number(fields[11]) + Number(fields[12])
    } catch {}
  }
  return ticks * 10 // USER_HZ = 100 on Linux
}

function decode(res, body) {
  const enc = res.headers['content-encoding']
  if (enc === 'br') return brotliDecompressSync(body)
  if (enc === 'gzip') return gunzipSync(body)
  return body
}

function get(agent, port, path) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now()
    const req = request(
      { host: '127.0.0.1', port, path, agent, headers: { 'accept-encoding': ACCEPT_ENCODING } },
      (res) => {
        const chunks = []
        res.on('data', (c) => chunks.push(c))
        res.on('end', () => resolve({ res, body: Buffer.concat(chunks), ms: performance.now() - t0 }))
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end()
  })
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]

/** `count` distinct posts from `first`, `concurrency` at a time; each must be a 200 showing its post. */
async function touch(port, first, count) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency })
  const latencies = []
  let next = first
  const end = first + count
  const t0 = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < end) {
        const id = next++
        const { res, body, ms } = await get(agent, port, `/blog/${id}`)
        if (res.statusCode !== 200) throw new Error(`/blog/${id} answered ${res.statusCode}`)
        if (!decode(res, body).includes(`Post ${id}: notes on`)) throw new Error(`/blog/${id} lacks its post`)
        latencies.push(ms)
      }
    }),
  )
  const seconds = (performance.now() - t0) / 1000
  agent.destroy()
  latencies.sort((a, b) => a - b)
  return { pagesPerSecond: count / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) }
}

async function wrk(url) {
  const args = [
    '-t1',
    '-c50',
    `-d${opts.duration}s`,
    '--latency',
    '-H',
    `accept-encoding: ${ACCEPT_ENCODING}`,
    url,
  ]
  const child = start('wrk', 'wrk', args, { cwd: root })
  const code = await new Promise((r) => child.once('exit', r))
  if (code !== 0) throw new Error(`wrk failed (${code}): ${child.output()}`)
  return parseWrk(child.output(), url)
}

/** Polls until `path` is a HIT showing `text` (a stale page is regenerated by the first request). */
async function untilHit(port, path, header, text) {
  const agent = new Agent({ keepAlive: false })
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    const { res, body } = await get(agent, port, path)
    if (res.statusCode !== 200) throw new Error(`${path} answered ${res.statusCode}`)
    if (res.headers[header] === 'HIT' && decode(res, body).includes(text)) return
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`${path} never answered ${header}: HIT`)
}

/** Rows 1–4 against one freshly started server. */
async function measure(name, server, port, header, cms) {
  await waitFor(`http://127.0.0.1:${port}/blog/1`, 60_000, server)
  const out = { rssStartMb: treeRssMb(server.pid) }
  const firstPage = BUILD_POSTS + WARMUP_PAGES + 1
  await touch(port, BUILD_POSTS + 1, WARMUP_PAGES)
  if (rows.has(1) || rows.has(2)) {
    const cpu0 = treeCpuMs(server.pid)
    Object.assign(out, await touch(port, firstPage, pages))
    out.cpuMsPerPage = (treeCpuMs(server.pid) - cpu0) / pages
    out.rssMb = treeRssMb(server.pid)
    log(
      `${name}: ${pages} pages ${out.pagesPerSecond.toFixed(1)} pages/s, p50 ${out.p50.toFixed(1)} ms, p99 ${out.p99.toFixed(1)} ms, server CPU ${out.cpuMsPerPage.toFixed(2)} ms/page, RSS ${out.rssMb.toFixed(0)} MB`,
    )
  }
  if (rows.has(3) || rows.has(4)) {
    await untilHit(port, '/blog/1', header, 'Post 1: notes on')
    out.hit = await wrk(`http://127.0.0.1:${port}/blog/1`)
    log(`${name}: pure HIT /blog/1 ${out.hit.rps.toFixed(0)} req/s, p99 ${out.hit.p99} ms`)
  }
  if (rows.has(3)) {
    out.fast = await wrk(`http://127.0.0.1:${port}/fast/1`)
    log(`${name}: /fast/1 regenerating ${out.fast.rps.toFixed(0)} req/s, p99 ${out.fast.p99} ms`)
  }
  if (rows.has(4)) {
    await cms.slow(['/blog/1'], 200)
    try {
      out.slow = await wrk(`http://127.0.0.1:${port}/fast/1`)
    } finally {
      await cms.slow(null, 0)
    }
    log(
      `${name}: /fast/1 regenerating, data in 200 ms: ${out.slow.rps.toFixed(0)} req/s, p99 ${out.slow.p99} ms`,
    )
  }
  return out
}

// ------------------------------------------------------------------------------------------ frameworks

async function buildNext(cmsUrl) {
  mkdirSync(nextDir, { recursive: true })
  if (!existsSync(join(nextDir, 'node_modules', 'next', 'package.json'))) {
    writeFileSync(join(nextDir, 'package.json'), '{ "name": "fresco-bench-next-app", "private": true }\n')
    const args = ['install', ...NEXT_DEPS, '--no-audit', '--no-fund']
    await timed('npm install (Next.js)', 'npm', args, { cwd: nextDir })
  }
  copyApp(nextDir)
  writeFileSync(
    join(nextDir, 'next.config.mjs'),
    `export default { turbopack: { root: import.meta.dirname }, outputFileTracingRoot: import.meta.dirname }\n`,
  )
  rmSync(join(nextDir, '.next'), { recursive: true, force: true })
  const bin = join(nextDir, 'node_modules', 'next', 'dist', 'bin', 'next')
  const env = { CMS_URL: cmsUrl, REVALIDATE_SECRET: 'bench', NEXT_TELEMETRY_DISABLED: '1' }
  await timed('next build', process.execPath, [bin, 'build'], { cwd: nextDir, env })
  const version = JSON.parse(
    readFileSync(join(nextDir, 'node_modules', 'next', 'package.json'), 'utf8'),
  ).version
  return {
    name: `Next.js ${version}`,
    header: 'x-nextjs-cache',
    async serve(port) {
      return start(
        'next start',
        'taskset',
        ['-c', '0', process.execPath, bin, 'start', '-p', String(port), '-H', '127.0.0.1'],
        {
          cwd: nextDir,
          env,
        },
      )
    },
  }
}

/** Fresco from `checkout` (this repository, or `--baseline <dir>`: another built checkout, to compare). */
async function buildFresco(cmsUrl, checkout = root, name = 'Fresco') {
  const frescoDir = join(checkout, 'bench', '.work', 'render-blog')
  mkdirSync(frescoDir, { recursive: true })
  copyApp(frescoDir)
  writeFileSync(
    join(frescoDir, 'package.json'),
    '{ "name": "fresco-bench-render", "private": true, "type": "module" }\n',
  )
  rmSync(join(frescoDir, '.fresco'), { recursive: true, force: true })
  const bin = frescoBin(checkout)
  const env = { CMS_URL: cmsUrl, REVALIDATE_SECRET: 'bench' }
  await timed(`${name} build`, process.execPath, [bin, 'build'], { cwd: frescoDir, env })
  // The entries stored by a run must not make the next run's pages HITs.
  const pristine = join(frescoDir, '.fresco-built-cache')
  rmSync(pristine, { recursive: true, force: true })
  cpSync(join(frescoDir, '.fresco', 'cache'), pristine, { recursive: true })
  return {
    name,
    header: 'x-fresco-cache',
    async serve(port, nodeArgs = []) {
      rmSync(join(frescoDir, '.fresco', 'cache'), { recursive: true, force: true })
      cpSync(pristine, join(frescoDir, '.fresco', 'cache'), { recursive: true })
      const prof = opts['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', opts['cpu-prof']] : []
      const args = ['-c', '0', process.execPath, ...prof, ...nodeArgs, bin, 'start', '--port', String(port)]
      return start(`${name} start`, 'taskset', args, { cwd: frescoDir, env })
    },
  }
}

/** Next.js writes the pages it renders on demand into .next: each run starts from the build's copy. */
function pristineNext(framework) {
  const built = join(nextDir, '.next')
  const pristine = join(nextDir, '.next-built')
  rmSync(pristine, { recursive: true, force: true })
  cpSync(built, pristine, { recursive: true })
  const serve = framework.serve
  framework.serve = (port) => {
    rmSync(built, { recursive: true, force: true })
    cpSync(pristine, built, { recursive: true })
    return serve(port)
  }
  return framework
}

// ------------------------------------------------------------------------------------------------- CMS

async function startCmsAt(port, seed) {
  const { startCms } = await import(join(blogDir, 'cms', 'server.mjs'))
  const dir = join(tmpdir(), `fresco-render-cms-${process.pid}-${seed}`)
  const cms = await startCms({ port, dbFile: join(dir, 'cms.db'), seed, log: () => {} })
  const url = `http://127.0.0.1:${port}`
  return {
    url,
    async slow(paths, ms) {
      const body = paths ? { mode: 'slow', paths, ms } : { mode: 'off' }
      const res = await fetch(`${url}/__fail`, { method: 'POST', body: JSON.stringify(body) })
      if (!res.ok) throw new Error(`CMS /__fail answered ${res.status}`)
    },
    async close() {
      await cms.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

// -------------------------------------------------------------------------------------------- results

const fmt = (n, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a')
const ratio = (a, b) =>
  Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? `${(a / b).toFixed(2)}×` : 'n/a'

function section(results, load) {
  const fresco = results.find((r) => r.name === 'Fresco')
  const next = results.find((r) => r.name.startsWith('Next.js'))
  const cpu = readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? 'unknown CPU'
  const lines = [
    '## Every render counts: Fresco vs Next.js (issue 9)',
    '',
    `The blog example plus one \`/fast/[id]\` page (revalidate 1 s, its fetch too), identical on both frameworks,`,
    `built against a CMS of ${BUILD_POSTS} posts, served against one of ${BUILD_POSTS + WARMUP_PAGES + pages}. Server pinned to CPU 0, load`,
    'generator and CMS to CPU 1; every request sends `accept-encoding: gzip, deflate, br`. Row 1: after',
    `${WARMUP_PAGES} warm-up pages, ${pages} distinct never-cached \`/blog/<id>\` pages by a keep-alive client, ${concurrency} at a time;`,
    'each must answer 200 with its post. Row 2: RSS of the server process tree right after. Rows 3–4:',
    `\`wrk -t1 -c50 -d${opts.duration}s\` on \`/fast/1\`, which regenerates every second in the background (row 4: the CMS answers`,
    'its fetch in 200 ms), against the same wrk on the cached `/blog/1` (pure HIT). Measured',
    `${new Date().toISOString().slice(0, 16)}Z, Node ${process.version}, ${cpu}, 2 cores shared with other jobs; load average ${load.before}`,
    `before, ${load.after} after. Reproduce: \`node bench/render-vs-next.mjs\` (\`--pages\`, \`--only\`, \`--no-write\`).`,
    '',
    `| | ${results.map((r) => r.name).join(' | ')} | Fresco/Next |`,
    `| --- | ${results.map(() => '---:').join(' | ')} | ---: |`,
  ]
  const row = (label, f, r) => lines.push(`| ${label} | ${results.map((x) => f(x)).join(' | ')} | ${r} |`)
  if (rows.has(1)) {
    row(
      'on-demand pages/s',
      (x) => fmt(x.pagesPerSecond, 1),
      ratio(fresco?.pagesPerSecond, next?.pagesPerSecond),
    )
    row('on-demand p50 (ms)', (x) => fmt(x.p50, 1), ratio(fresco?.p50, next?.p50))
    row('on-demand p99 (ms)', (x) => fmt(x.p99, 1), ratio(fresco?.p99, next?.p99))
    row(
      'server CPU per on-demand page (ms)',
      (x) => fmt(x.cpuMsPerPage, 2),
      ratio(fresco?.cpuMsPerPage, next?.cpuMsPerPage),
    )
  }
  if (rows.has(2) || rows.has(1)) {
    row('RSS at start (MB)', (x) => fmt(x.rssStartMb), ratio(fresco?.rssStartMb, next?.rssStartMb))
    row(`RSS after ${pages} pages (MB)`, (x) => fmt(x.rssMb), ratio(fresco?.rssMb, next?.rssMb))
  }
  if (rows.has(3) || rows.has(4)) {
    row('pure HIT `/blog/1` req/s', (x) => fmt(x.hit?.rps), ratio(fresco?.hit?.rps, next?.hit?.rps))
    row('pure HIT `/blog/1` p99 (ms)', (x) => fmt(x.hit?.p99, 2), ratio(fresco?.hit?.p99, next?.hit?.p99))
  }
  if (rows.has(3)) {
    row('`/fast/1` regenerating: req/s', (x) => fmt(x.fast?.rps), ratio(fresco?.fast?.rps, next?.fast?.rps))
    row(
      '`/fast/1` regenerating: p99 (ms)',
      (x) => fmt(x.fast?.p99, 2),
      ratio(fresco?.fast?.p99, next?.fast?.p99),
    )
    row('… p99 / pure-HIT p99', (x) => ratio(x.fast?.p99, x.hit?.p99), '')
  }
  if (rows.has(4)) {
    row(
      '`/fast/1`, data in 200 ms: p99 (ms)',
      (x) => fmt(x.slow?.p99, 2),
      ratio(fresco?.slow?.p99, next?.slow?.p99),
    )
    row('… p99 / pure-HIT p99', (x) => ratio(x.slow?.p99, x.hit?.p99), '')
  }
  lines.push('')
  return lines.join('\n')
}

function writeSection(text) {
  const file = join(root, 'bench', 'RESULTS.md')
  const current = readFileSync(file, 'utf8')
  const title = text.slice(0, text.indexOf('\n'))
  const at = current.indexOf(title)
  let out
  if (at === -1) out = `${current.trimEnd()}\n\n${text}`
  else {
    const after = current.indexOf('\n## ', at + 1)
    const keep = after === -1 ? '' : current.slice(after + 1)
    // Notes written under the table by hand (after a line `<!-- notes -->`) survive a rerun.
    const old = current.slice(at, after === -1 ? undefined : after)
    const notes = old.includes('<!-- notes -->') ? old.slice(old.indexOf('<!-- notes -->')) : ''
    out = `${current.slice(0, at)}${text}${notes ? `\n${notes.trimEnd()}\n` : ''}${keep ? `\n${keep}` : ''}`
  }
  writeFileSync(file, `${out.trimEnd()}\n`)
  log(`wrote ${file}`)
}

async function main() {
  if (spawnSync('wrk', ['--version']).error) throw new Error('wrk is not installed (apt-get install -y wrk)')
  // The load generator and the CMS stay off the server's core.
  spawnSync('taskset', ['-a', '-p', '-c', '1', String(process.pid)], { stdio: 'ignore' })
  const cmsPort = await freePort()
  const buildCms = await startCmsAt(cmsPort, BUILD_POSTS)
  const frameworks = []
  try {
    if (opts.only !== 'next') {
      const fresco = await buildFresco(buildCms.url)
      frameworks.push(fresco)
      const nodeArgs = opts['also-node-args']?.split(' ').filter(Boolean)
      if (nodeArgs?.length)
        frameworks.push({
          name: `Fresco (node ${nodeArgs.join(' ')})`,
          header: fresco.header,
          serve: (port) => fresco.serve(port, nodeArgs),
        })
    }
    if (opts.baseline) {
      const sha = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: opts.baseline, encoding: 'utf8' })
      const label = `Fresco before (${opts['baseline-label'] ?? (sha.stdout?.trim() || opts.baseline)})`
      frameworks.push(await buildFresco(buildCms.url, opts.baseline, label))
    }
    if (opts.only !== 'fresco') frameworks.push(pristineNext(await buildNext(buildCms.url)))
  } finally {
    await buildCms.close()
  }
  const cms = await startCmsAt(cmsPort, BUILD_POSTS + WARMUP_PAGES + pages)
  const load = { before: loadAverage() }
  const results = []
  try {
    for (const fw of frameworks) {
      const port = await freePort()
      const server = await fw.serve(port)
      try {
        results.push({ name: fw.name, ...(await measure(fw.name, server, port, fw.header, cms)) })
      } finally {
        // SIGINT lets `node --cpu-prof` write its profile.
        if (opts['cpu-prof']) server.kill('SIGINT')
        await stop(server, 10_000)
      }
    }
  } finally {
    await cms.close()
  }
  load.after = loadAverage()
  const text = section(results, load)
  console.log(`\n${text}`)
  if (!opts['no-write']) writeSection(text)
}

await main()
