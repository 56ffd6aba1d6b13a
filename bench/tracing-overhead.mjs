#!/usr/bin/env node
// HIT throughput of `fresco start` with tracing off (no instrumentation.ts; @opentelemetry/api is
// installed, as in this repository, but no tracer provider is registered) against the same app
// built and served by a checkout from before tracing existed (`--baseline <dir>`: its packages built,
// its node_modules resolving @fresco/* to them), in the same run. Each server pinned to core 0
// (`taskset -c 0`), wrk to core 1, alternating rounds, medians. Goal (issue 12): no measurable loss.
// Writes the "## Tracing off vs before tracing" section of bench/RESULTS.md.
//
//   node bench/tracing-overhead.mjs --baseline <dir> [--baseline-label <text>] [--duration 3] [--rounds 7] [--no-write]
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { appRouterPostFiles, frescoBin, median, startHitServer, writeResultsSection, wrkRun } from './lib.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const { values: opts } = parseArgs({
  options: {
    baseline: { type: 'string' },
    'baseline-label': { type: 'string', default: 'baseline' },
    duration: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '7' },
    connections: { type: 'string', default: '50' },
    'no-write': { type: 'boolean', default: false },
    'in-process': { type: 'string' }, // internal: time app.serve HITs of this checkout's build (child mode)
    app: { type: 'string' },
  },
})

// Child mode: the built app's server bundle in this process, app.serve(/posts/1) called directly —
// no sockets, so other processes' load moves it far less than wrk's req/s. Prints ns per HIT.
if (opts['in-process']) {
  const repo = opts['in-process']
  const { readManifest } = await import(join(repo, 'packages/fresco/dist/build/manifest.js'))
  const { createApp } = await import(join(opts.app, '.fresco/dist/rsc/index.js'))
  const app = await createApp({ manifest: await readManifest(join(opts.app, '.fresco')) })
  const info = {
    method: 'GET',
    pathname: '/posts/1',
    search: '',
    rawUrl: '/posts/1',
    origin: 'http://127.0.0.1',
    headers: { host: '127.0.0.1', 'accept-encoding': 'gzip, br' },
    body: () => null,
    signal: new AbortController().signal,
  }
  // The first requests load the route and fill the L1; from then on a HIT answers synchronously.
  for (let i = 0; i < 100 || app.serve(info) instanceof Promise; i++) await app.serve(info)
  const served = app.serve(info)
  if (served.cacheStatus !== 'HIT') throw new Error(`expected a synchronous HIT, got ${served.cacheStatus}`)
  const time = (n) => {
    const began = process.hrtime.bigint()
    for (let i = 0; i < n; i++) app.serve(info)
    return Number(process.hrtime.bigint() - began) / n
  }
  time(200_000) // JIT
  console.log(JSON.stringify({ ns: median([time(500_000), time(500_000), time(500_000)]) }))
  await app.close()
  process.exit(0)
}
if (!opts.baseline)
  throw new Error('--baseline <checkout dir> is required (a built checkout from before tracing)')
const log = (line) => console.log(`[tracing-overhead] ${line}`)
const children = new Set()
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL')
})

const cliOf = (repo) => frescoBin(repo)
const dirs = []
/** The bench app, built by the checkout `repo` into a fresh folder. */
function buildApp(repo) {
  const dir = mkdtempSync(join(tmpdir(), 'fresco-tracing-bench-'))
  dirs.push(dir)
  symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'), 'dir')
  for (const [file, text] of Object.entries(appRouterPostFiles('bench-app'))) {
    mkdirSync(dirname(join(dir, file)), { recursive: true })
    writeFileSync(join(dir, file), text)
  }
  const build = spawnSync(process.execPath, [cliOf(repo), 'build'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'production' },
  })
  if (build.status !== 0) throw new Error(`fresco build failed in ${dir}:\n${build.stdout}${build.stderr}`)
  return dir
}

try {
  spawnSync('npx', ['tsc', '-b', 'packages/cache', 'packages/fresco'], { cwd: root, stdio: 'ignore' })
  const apps = { before: buildApp(opts.baseline), off: buildApp(root) }
  log('built')
  const targets = {
    before: await startHitServer(cliOf(opts.baseline), apps.before, { children }),
    off: await startHitServer(cliOf(root), apps.off, { children }),
  }
  const measure = ([child, port], seconds) =>
    wrkRun(child, `http://127.0.0.1:${port}/posts/1`, { seconds, connections: opts.connections, cores: '1' })
  for (const t of Object.values(targets)) measure(t, 1) // warm up
  const runs = { before: [], off: [] }
  const loads = [loadavg()[0]]
  for (let round = 0; round < Number(opts.rounds); round++) {
    for (const name of round % 2 ? ['off', 'before'] : ['before', 'off']) {
      const r = measure(targets[name], Number(opts.duration))
      runs[name].push(r)
      log(
        `round ${round + 1} ${name.padEnd(6)} ${r.rps.toFixed(0)} req/s  p99 ${r.p99.toFixed(2)} ms  CPU ${r.cpu.toFixed(1)} µs/req`,
      )
    }
    loads.push(loadavg()[0])
  }
  // In process, pinned like the servers: alternating children, one per checkout and round.
  const perHit = { before: [], off: [] }
  const script = fileURLToPath(import.meta.url)
  for (let round = 0; round < Number(opts.rounds); round++) {
    for (const name of round % 2 ? ['off', 'before'] : ['before', 'off']) {
      const repo = name === 'before' ? opts.baseline : root
      const child = spawnSync(
        'taskset',
        ['-c', '0', process.execPath, script, '--in-process', repo, '--app', apps[name]],
        {
          cwd: apps[name],
          encoding: 'utf8',
          env: { ...process.env, NODE_ENV: 'production' },
        },
      )
      const ns = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}').ns
      if (typeof ns !== 'number')
        throw new Error(`in-process ${name} failed:\n${child.stdout}${child.stderr}`)
      perHit[name].push(ns)
      log(`in process ${name.padEnd(6)} ${ns.toFixed(0)} ns per app.serve HIT`)
    }
  }
  const ns = (name) => median(perHit[name])
  const stat = (name, f) => median(runs[name].map((r) => r[f]))
  const spread = (name) => {
    const rps = runs[name].map((r) => r.rps)
    return `${Math.min(...rps).toFixed(0)}–${Math.max(...rps).toFixed(0)}`
  }
  const row = (name, label) =>
    `| ${label} | ${stat(name, 'rps').toFixed(0)} | ${stat(name, 'p99').toFixed(2)} | ${stat(name, 'cpu').toFixed(1)} | ${(stat(name, 'rps') / stat('before', 'rps')).toFixed(3)}× | ${(stat(name, 'cpu') / stat('before', 'cpu')).toFixed(3)}× |`
  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], {
    cwd: root,
    encoding: 'utf8',
  }).stdout.trim()
  const part = `## Tracing off vs before tracing

\`node bench/tracing-overhead.mjs --baseline <checkout>\`: the \`serve-app.mjs\` app (a prerendered
\`/posts/1\`, a HIT) built and served by ${commit} without instrumentation.ts (\`@opentelemetry/api\`
installed, no tracer provider: tracing off) and by ${opts['baseline-label']}, in the same run. Server
\`taskset -c 0\`, wrk \`taskset -c 1\` (-t1 -c${opts.connections}), ${opts.duration} s per measurement, medians of
${opts.rounds} alternating rounds; CPU from /proc/<pid>/stat. req/s from round to round: before
${spread('before')}, off ${spread('off')}. Load average (1 min) during the run: ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} on 2 cores.

| server | req/s | p99 ms | server CPU µs/req | req/s vs before | CPU/req vs before |
|---|---|---|---|---|---|
${row('before', 'before tracing')}
${row('off', 'tracing off')}

In process (\`app.serve\` of \`/posts/1\` called directly, pinned to core 0, medians of ${opts.rounds}
alternating runs): before ${ns('before').toFixed(0)} ns per HIT, tracing off ${ns('off').toFixed(0)} ns (${(ns('off') / ns('before')).toFixed(3)}×).

${Math.max(...loads) > 2 ? `**At this load the spread between rounds is larger than any difference this run could show**: the\nratios say there is no large loss, not that there is none; rerun on a quiet machine to resolve a few per cent.\n\n` : ''}Goal: no measurable loss. With tracing off \`createApp\` gets no tracer and nothing on the request
path is wrapped (runtime/server/tracer.ts): the HIT path runs the same code as before.

_Last run: ${new Date().toISOString().slice(0, 16)}Z._
`
  console.log(`\n${part}`)
  if (!opts['no-write']) {
    writeResultsSection('## Tracing off vs before tracing', part)
    log('wrote bench/RESULTS.md')
  }
} finally {
  for (const c of children) c.kill('SIGKILL')
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
}
