#!/usr/bin/env node
// The blog example on Fresco vs the same app/ on Next.js vs a bare node:http server answering the same bytes.
// Measures requests/s and p50/p99 latency of a cached /blog/1 (wrk on loopback) and the build time of 1,000
// prerendered posts, then writes the "Blog: Fresco vs Next.js" section of bench/RESULTS.md.
//
//   node bench/blog-vs-next.mjs [--only next|fresco] [--seed 1000] [--duration 5] [--no-write]
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { log, prepareFrescoApp, prepareNextApp, root, start, startSeededCms, timed } from './blog-apps.mjs'
import { freePort, parseWrk, stop, waitFor, writeResultsSection } from './lib.mjs'

const nextDir = join(root, 'bench', '.next-app')
const frescoDir = join(root, 'bench', '.work', 'fresco-blog')

const { values: opts } = parseArgs({
  options: {
    only: { type: 'string' },
    seed: { type: 'string', default: '1000' },
    duration: { type: 'string', default: '5' },
    runs: { type: 'string', default: '3' },
    'no-write': { type: 'boolean', default: false },
    // Next.js builds take a minute of both cores: reuse the last one (and its measured time) when only Fresco changed.
    'reuse-next-build': { type: 'boolean', default: false },
  },
})
const seed = Number(opts.seed)
const loadAverage = readFileSync('/proc/loadavg', 'utf8').split(' ')[0]

/** wrk -t2 -c50 -d5s --latency → { rps, p50, p99 } (latencies in ms). Async: the bare server lives in this process. */
async function wrk(url) {
  const child = start('wrk', 'wrk', ['-t2', '-c50', `-d${opts.duration}s`, '--latency', url], { cwd: root })
  const code = await new Promise((r) => child.once('exit', r))
  const out = child.output()
  if (code !== 0) throw new Error(`wrk failed (${code}): ${out}`)
  return parseWrk(out, url)
}

/** Several wrk runs; the one with the median requests/s is reported (the machine is shared). */
async function load(url) {
  const runs = []
  for (let i = 0; i < Number(opts.runs); i++) runs.push(await wrk(url))
  runs.sort((a, b) => a.rps - b.rps)
  return { ...runs[Math.floor(runs.length / 2)], allRps: runs.map((r) => Math.round(r.rps)) }
}

async function hit(url, header) {
  // The first requests may be MISS/STALE (a reused build is older than the 60 s window): poll until the page
  // is a cached HIT, then measure (a 60 s window covers the runs).
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    const res = await fetch(url)
    const body = Buffer.from(await res.arrayBuffer())
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`)
    if (res.headers.get(header) === 'HIT') {
      // Guard against measuring an error page: both must serve the post.
      if (!body.toString().includes('Post 1: notes on')) throw new Error(`${url} does not show post 1`)
      return { res, body }
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`${url} never answered ${header}: HIT`)
}

async function benchNext(cmsUrl) {
  const { version: nextVersion, bin: nextBin } = await prepareNextApp(nextDir)
  const env = { CMS_URL: cmsUrl, REVALIDATE_SECRET: 'bench', NEXT_TELEMETRY_DISABLED: '1' }
  const saved = join(nextDir, '.next', 'bench-build.json')
  let build
  if (opts['reuse-next-build'] && existsSync(saved)) {
    build = JSON.parse(readFileSync(saved, 'utf8'))
    log(`next build: reusing the last build (${build.seconds.toFixed(1)} s, ${build.pages} pages)`)
  } else {
    rmSync(join(nextDir, '.next'), { recursive: true, force: true })
    const run = await timed('next build', process.execPath, [nextBin, 'build'], { cwd: nextDir, env })
    const pages = [...run.output.matchAll(/Generating static pages[^(]*\((\d+)\/(\d+)\)/g)].at(-1)?.[2]
    build = { seconds: run.seconds, pages: Number(pages) }
    writeFileSync(saved, JSON.stringify(build))
  }
  const port = await freePort()
  const server = start(
    'next start',
    process.execPath,
    [nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'],
    {
      cwd: nextDir,
      env,
    },
  )
  try {
    await waitFor(`http://127.0.0.1:${port}/`, 60_000, server)
    const url = `http://127.0.0.1:${port}/blog/1`
    const { res, body } = await hit(url, 'x-nextjs-cache')
    log(
      `next: /blog/1 ${res.status} ${body.length} bytes, cache-control: ${res.headers.get('cache-control')}`,
    )
    const result = await load(url)
    log(`next: ${result.allRps.join(' / ')} req/s, median p50 ${result.p50} ms, p99 ${result.p99} ms`)
    return {
      version: nextVersion,
      buildSeconds: build.seconds,
      pages: build.pages,
      bytes: body.length,
      ...result,
    }
  } finally {
    await stop(server)
  }
}

async function benchFresco(cmsUrl) {
  const { bin } = prepareFrescoApp(frescoDir)
  const env = { CMS_URL: cmsUrl, REVALIDATE_SECRET: 'bench' }
  const build = await timed('fresco build', process.execPath, [bin, 'build'], { cwd: frescoDir, env })
  const port = await freePort()
  const server = start('fresco start', process.execPath, [bin, 'start', '--port', String(port)], {
    cwd: frescoDir,
    env,
  })
  try {
    await waitFor(`http://127.0.0.1:${port}/`, 60_000, server)
    const url = `http://127.0.0.1:${port}/blog/1`
    const { res, body } = await hit(url, 'x-fresco-cache')
    log(
      `fresco: /blog/1 ${res.status} ${body.length} bytes, cache-control: ${res.headers.get('cache-control')}`,
    )
    const result = await load(url)
    log(`fresco: ${result.allRps.join(' / ')} req/s, median p50 ${result.p50} ms, p99 ${result.p99} ms`)
    const bare = await benchBare(res, body)
    const pages = build.output.match(/Prerendered (\d+) page/)?.[1]
    return { buildSeconds: build.seconds, pages: Number(pages), bytes: body.length, ...result, bare }
  } finally {
    await stop(server)
  }
}

/** A bare node:http server answering the bytes and headers of Fresco's HIT: the floor for any framework. */
async function benchBare(res, body) {
  const headers = {}
  for (const [k, v] of res.headers) {
    if (!['date', 'connection', 'keep-alive', 'transfer-encoding'].includes(k)) headers[k] = v
  }
  headers['content-length'] = String(body.length)
  const server = createServer((_req, out) => {
    out.writeHead(200, headers)
    out.end(body)
  })
  await new Promise((r) => server.listen(0, '127.0.0.1', r))
  try {
    const result = await load(`http://127.0.0.1:${server.address().port}/blog/1`)
    log(
      `bare node:http: ${result.allRps.join(' / ')} req/s, median p50 ${result.p50} ms, p99 ${result.p99} ms`,
    )
    return result
  } finally {
    server.closeAllConnections()
    await new Promise((r) => server.close(r))
  }
}

const fmt = (n, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a')
const ratio = (a, b) =>
  Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? `${(a / b).toFixed(2)}×` : 'n/a'

function section({ next, fresco }) {
  const cpu = readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? 'unknown CPU'
  const lines = [
    '## Blog: Fresco vs Next.js',
    '',
    `The blog example (\`examples/blog/app\`, unchanged) built and started with \`fresco\` and with Next.js ${next?.version ?? ''},`,
    `against the CMS seeded with ${seed} posts. Load: \`wrk -t2 -c50 -d${opts.duration}s\` on loopback, ${opts.runs} runs each (median shown), one cached`,
    '`GET /blog/1` (`x-fresco-cache: HIT` / `x-nextjs-cache: HIT`), no compression; the bare server is `node:http`',
    "answering Fresco's exact bytes and headers from memory (the floor). Build time is the whole `build` command",
    `(bundling plus prerendering ${seed} posts). Measured ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpu},`,
    `two cores shared by server, wrk and the CMS; load average ${loadAverage} when the run started (the machine is shared`,
    'with other work, so compare rows of one run, not runs). Reproduce: `node bench/blog-vs-next.mjs`',
    '(`--reuse-next-build` skips the one-minute Next.js build and reuses its recorded time).',
    '',
    '| | requests/s (median of runs) | p50 (ms) | p99 (ms) | body (bytes) | build (s) | pages prerendered |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ]
  if (fresco) {
    lines.push(
      `| Fresco | ${fmt(fresco.rps)} | ${fmt(fresco.p50, 2)} | ${fmt(fresco.p99, 2)} | ${fresco.bytes} | ${fmt(fresco.buildSeconds, 1)} | ${fresco.pages} |`,
    )
  }
  if (next) {
    lines.push(
      `| Next.js ${next.version} | ${fmt(next.rps)} | ${fmt(next.p50, 2)} | ${fmt(next.p99, 2)} | ${next.bytes} | ${fmt(next.buildSeconds, 1)} | ${next.pages} |`,
    )
  }
  if (fresco) {
    lines.push(
      `| bare node:http | ${fmt(fresco.bare.rps)} | ${fmt(fresco.bare.p50, 2)} | ${fmt(fresco.bare.p99, 2)} | ${fresco.bytes} | — | — |`,
    )
  }
  lines.push('')
  const runs = [
    fresco && `Fresco ${fresco.allRps.join(' / ')}`,
    next && `Next.js ${next.allRps.join(' / ')}`,
    fresco && `bare ${fresco.bare.allRps.join(' / ')}`,
  ]
  lines.push(`Every run (requests/s): ${runs.filter(Boolean).join('; ')}.`, '')
  if (fresco && next) {
    lines.push(
      `Ratios: requests/s Fresco/Next **${ratio(fresco.rps, next.rps)}**, Fresco/bare **${ratio(fresco.rps, fresco.bare.rps)}**;`,
      `p99 Fresco/Next ${ratio(fresco.p99, next.p99)}; build time Fresco/Next ${ratio(fresco.buildSeconds, next.buildSeconds)}.`,
      '',
    )
  } else {
    lines.push(`Only ${fresco ? 'Fresco' : 'Next.js'} was measured in this run (\`--only\`).`, '')
  }
  return lines.join('\n')
}

async function main() {
  if (spawnSync('wrk', ['--version']).error) {
    log('wrk is not installed (apt-get install -y wrk): skipping the blog benchmark')
    return
  }
  const cms = await startSeededCms(seed, await freePort())
  const cmsUrl = cms.url
  log(`CMS with ${seed} posts at ${cmsUrl}`)
  const results = {}
  try {
    if (opts.only !== 'fresco') results.next = await benchNext(cmsUrl)
    if (opts.only !== 'next') results.fresco = await benchFresco(cmsUrl)
  } finally {
    await cms.close()
  }
  const text = section(results)
  console.log(`\n${text}`)
  if (!opts['no-write']) {
    writeResultsSection('## Blog: Fresco vs Next.js', text)
    log('wrote bench/RESULTS.md')
  }
}

await main()
