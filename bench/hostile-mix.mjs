#!/usr/bin/env node
// The hostile mix of issue 8: `fresco start` of e2e/fixtures/hostile under wrk with a mix of HITs,
// STALE candidates (revalidate 1), first visits (each a MISS that renders and fetches the CMS) and
// 404s (bench/hostile-mix.lua), answered with zero 5xx and zero socket errors. Reports latency, answers
// by status class and cache status, server RSS before / peak / after and the fs cache it leaves.
// Server pinned to CPU 0, wrk and the CMS to CPU 1 (taskset). Writes "## Hostile mix (issue 8)".
// --baseline <dir>: the same mix against another checkout (its packages built, its node_modules),
// run alternately with this one. Exits 1 when this checkout answers any 5xx or has a socket error.
//
//   node bench/hostile-mix.mjs [--duration 60] [--connections 200] [--rounds 1] [--seed 100000]
//                              [--no-write] [--show-log] [--warmup 0] [--baseline <dir> --baseline-label <text>] [--label <text>]
import { spawn, spawnSync } from 'node:child_process'
import {
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { freePort, stop } from './lib.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const FIXTURE = join(root, 'e2e', 'fixtures', 'hostile')
const LUA = join(root, 'bench', 'hostile-mix.lua')
const { values: opts } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    connections: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '1' },
    // Enough posts that every first visit is a real post (the page accepts ids up to 6 digits).
    seed: { type: 'string', default: '100000' },
    'no-write': { type: 'boolean', default: false },
    'show-log': { type: 'boolean', default: false },
    // Seconds of the same mix before the measured run (a serving process, not a cold one).
    warmup: { type: 'string', default: '0' },
    baseline: { type: 'string' },
    'baseline-label': { type: 'string', default: 'baseline' },
    label: { type: 'string', default: 'this checkout' },
  },
})
const duration = Number(opts.duration)
const connections = Number(opts.connections)
const warmup = Number(opts.warmup)
const WRK_THREADS = 2
const FIRST_ID = 10 // first visits: /posts/10, /posts/11, … (5 is the prerendered one)

const log = (line) => console.log(`[hostile-mix] ${line}`)
const children = new Set()
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL')
})
process.on('SIGINT', () => process.exit(130))

/** Spawns `cmd` on one CPU; resolves once its output matches `ready`. */
const startPinned = (cpu, args, { cwd, env, ready }) =>
  new Promise((resolve, reject) => {
    const child = spawn('taskset', ['-c', String(cpu), ...args], {
      cwd,
      env: { ...process.env, NODE_ENV: 'production', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    children.add(child)
    let out = ''
    child.output = () => out
    const onData = (d) => {
      out += d
      if (ready.test(out)) resolve(child)
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('exit', (code, signal) => {
      children.delete(child)
      reject(new Error(`${args.join(' ')} exited (${code ?? signal}):\n${out}`))
    })
  })

/** The example CMS on CPU 1 with a temp SQLite file, seeded with `--seed` posts. */
const startCms = async (dir) => {
  const port = await freePort()
  const child = await startPinned(
    1,
    [process.execPath, join(root, 'examples', 'blog', 'cms', 'server.mjs')],
    {
      cwd: dir,
      env: { CMS_PORT: String(port), CMS_DB: join(dir, 'cms.db'), CMS_SEED: opts.seed },
      ready: /listening|ready|http:\/\//i,
    },
  )
  const url = `http://127.0.0.1:${port}`
  for (let i = 0; ; i++) {
    try {
      await (await fetch(`${url}/__stats`)).arrayBuffer()
      return { url, child }
    } catch (err) {
      if (i > 200) throw err
      await new Promise((r) => setTimeout(r, 100))
    }
  }
}

/** Copies the fixture into a temp dir with `repo`'s node_modules and builds it with `repo`'s CLI. */
const buildApp = (repo, cmsUrl) => {
  const dir = mkdtempSync(join(tmpdir(), 'fresco-hostile-mix-'))
  cpSync(FIXTURE, dir, { recursive: true })
  symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'), 'dir')
  const cli = join(repo, 'packages', 'fresco', 'dist', 'cli', 'index.js')
  const build = spawnSync(process.execPath, [cli, 'build'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'production', CMS_URL: cmsUrl },
  })
  if (build.status !== 0) throw new Error(`fresco build (${repo}) failed:\n${build.stdout}${build.stderr}`)
  return { dir, cli }
}

const memOf = (pid) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = (field) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1])
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 }
}

const cacheSize = (dir) => {
  let files = 0
  let bytes = 0
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name)
      if (e.isDirectory()) walk(p)
      else {
        files += 1
        bytes += statSync(p).size
      }
    }
  }
  try {
    walk(dir)
  } catch (err) {
    if (err.code !== 'ENOENT') throw err
  }
  return { files, bytes }
}

/** Error-ish lines of a server log, grouped by their first 160 characters. */
const errorLines = (text) => {
  const counts = new Map()
  for (const line of text.split('\n')) {
    if (!/error|warn|fail|timed out|ENOSPC|EMFILE/i.test(line)) continue
    const key = line.slice(0, 160)
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return [...counts].sort((a, b) => b[1] - a[1])
}

/** Runs a command to its end without blocking this process (the probes run meanwhile). */
const runAsync = (cmd, args) => {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  children.add(child)
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => {
    stdout += d
  })
  child.stderr.on('data', (d) => {
    stderr += d
  })
  const done = new Promise((resolve) =>
    child.on('close', (status) => {
      children.delete(child)
      resolve({ status, stdout, stderr })
    }),
  )
  return { done }
}

/**
 * Latency per kind of request while wrk runs (wrk's Lua has no clock): one request of each kind
 * at a time, every 100 ms. First visits take ids from the top of the seed down (wrk's go up from 10).
 */
const probe = async (base, until, target) => {
  const kinds = {
    HIT: () => '/',
    STALE: () => '/where',
    'first visit': () => `/posts/${Number(opts.seed) - target.probeId++}`,
    404: () => `/no/such/probe-${target.probeId++}`,
  }
  const samples = Object.fromEntries(Object.keys(kinds).map((k) => [k, []]))
  let finished = false
  until.then(() => {
    finished = true
  })
  let errors = 0
  while (!finished) {
    for (const [kind, path] of Object.entries(kinds)) {
      const t0 = performance.now()
      try {
        const res = await fetch(`${base}${path()}`, { signal: AbortSignal.timeout(10_000) })
        await res.arrayBuffer()
        if (res.status >= 500) errors += 1
        samples[kind].push(performance.now() - t0)
      } catch {
        errors += 1
      }
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  const pct = (xs, q) =>
    [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))] ?? NaN
  return {
    errors,
    kinds: Object.fromEntries(
      Object.entries(samples).map(([k, xs]) => [k, { n: xs.length, p50: pct(xs, 0.5), p99: pct(xs, 0.99) }]),
    ),
  }
}

/** One measurement: a fresh copy of the built app, `fresco start` on CPU 0, wrk on CPU 1. */
const measure = async (target) => {
  const run = mkdtempSync(join(tmpdir(), 'fresco-hostile-run-'))
  cpSync(target.built.dir, run, { recursive: true, verbatimSymlinks: true })
  const cacheDir = join(run, '.fresco', 'cache')
  const cacheBefore = cacheSize(cacheDir)
  const port = await freePort()
  const server = await startPinned(0, [process.execPath, target.built.cli, 'start', '--port', String(port)], {
    cwd: run,
    env: { CMS_URL: target.cms.url },
    ready: /ready on/,
  })
  const base = `http://127.0.0.1:${port}`
  // Warm up: one of each kind, so "before" is a serving process, not a freshly loaded one.
  for (const path of ['/', '/posts/5', '/where', '/api/echo', '/posts/6', '/no/such/warm-up', '/posts/abc']) {
    await (await fetch(`${base}${path}`)).arrayBuffer()
  }
  const wrkOf = (seconds) =>
    runAsync('taskset', [
      '-c',
      '1',
      'wrk',
      `-t${WRK_THREADS}`,
      `-c${connections}`,
      `-d${seconds}s`,
      '--timeout',
      '2s',
      '-s',
      LUA,
      base,
      '--',
      String(WRK_THREADS),
      String(FIRST_ID + target.nextId),
    ])
  if (warmup > 0) {
    // A serving process under the same mix first (JIT, heap, sockets), not measured; its first
    // visits are not repeated by the measured run.
    const warm = await wrkOf(warmup).done
    const w = JSON.parse(/HOSTILE_MIX (\{.*\})/.exec(warm.stdout)?.[1] ?? '{}')
    target.nextId = (w.lastFirstVisitId ?? target.nextId) + 1
    log(
      `warm-up ${warmup} s: 5xx ${w.s5 ?? '?'}, socket errors ${(w.connect ?? 0) + (w.read ?? 0) + (w.write ?? 0) + (w.timeout ?? 0)}`,
    )
  }
  const memBefore = memOf(server.pid)
  const cmsBefore = await (await fetch(`${target.cms.url}/__stats`)).json()
  const wrkRun = wrkOf(duration)
  const probes = await probe(base, wrkRun.done, target)
  const wrk = await wrkRun.done
  const memPeak = memOf(server.pid)
  const line = /HOSTILE_MIX (\{.*\})/.exec(wrk.stdout)?.[1]
  if (!line) throw new Error(`wrk printed no result (${wrk.status}):\n${wrk.stdout}${wrk.stderr}`)
  const r = JSON.parse(line)
  target.nextId = r.lastFirstVisitId + 1 // the next round's first visits are first visits too
  await new Promise((resolve) => setTimeout(resolve, 5000)) // let regenerations and writes settle
  const memAfter = memOf(server.pid)
  const cmsAfter = await (await fetch(`${target.cms.url}/__stats`)).json()
  // A request after the load: the server still answers.
  const answersAfter = await fetch(`${base}/posts/5`).then(
    (res) => res.status,
    () => 'error',
  )
  await stop(server, 10_000)
  if (opts['show-log'])
    console.log(`[hostile-mix] server log (first 4 KB):\n${server.output().slice(0, 4096)}`)
  const result = {
    ...r,
    rps: r.requests / (r.durationUs / 1e6),
    socketErrors: r.connect + r.read + r.write + r.timeout,
    rssBefore: memBefore.rss,
    rssPeak: memPeak.hwm,
    rssAfter: memAfter.rss,
    cacheBefore,
    cacheAfter: cacheSize(cacheDir),
    cmsRequests: cmsAfter.total - cmsBefore.total,
    answersAfter,
    probes,
    errors: errorLines(server.output()),
    logBytes: server.output().length,
    wrkText: wrk.stdout.replace(/HOSTILE_MIX .*\n/, ''),
  }
  rmSync(run, { recursive: true, force: true })
  return result
}

const ms = (us) => (us / 1000).toFixed(us < 10_000 ? 2 : 0)
const mb = (bytes) => (bytes / 1024 / 1024).toFixed(1)
const int = (n) => Math.round(n).toLocaleString('en-US')

const cmsDirs = []
const targets = []
try {
  // This process sends the latency probes: keep it (all its threads) off the server's CPU.
  spawnSync('taskset', ['-a', '-p', '-c', '1', String(process.pid)], { stdio: 'ignore' })
  spawnSync('npx', ['tsc', '-b', 'packages/cache', 'packages/fresco'], { cwd: root, stdio: 'ignore' })
  const repos = opts.baseline
    ? [
        ['before', opts.baseline, opts['baseline-label']],
        ['after', root, opts.label],
      ]
    : [['after', root, opts.label]]
  for (const [name, repo, label] of repos) {
    const cmsDir = mkdtempSync(join(tmpdir(), 'fresco-hostile-cms-'))
    cmsDirs.push(cmsDir)
    const cms = await startCms(cmsDir)
    const built = buildApp(repo, cms.url)
    targets.push({ name, label, repo, cms, built, nextId: 0, probeId: 0, runs: [] })
    log(`built ${label} (${repo})`)
  }
  for (let round = 0; round < Number(opts.rounds); round++) {
    const order = round % 2 ? [...targets].reverse() : targets
    for (const target of order) {
      log(`round ${round + 1}: ${target.label}, ${duration} s × ${connections} connections…`)
      const r = await measure(target)
      target.runs.push(r)
      log(
        `round ${round + 1} ${target.label}: ${int(r.rps)} req/s  p99 ${ms(r.p99Us)} ms  max ${ms(r.maxUs)} ms  ` +
          `5xx ${r.s5}  socket errors ${r.socketErrors} (timeout ${r.timeout})  RSS ${r.rssBefore.toFixed(0)} → ` +
          `peak ${r.rssPeak.toFixed(0)} → ${r.rssAfter.toFixed(0)} MB  cache ${r.cacheAfter.files} files`,
      )
      for (const [text, n] of r.errors.slice(0, 5)) log(`  log ×${n}: ${text}`)
    }
  }

  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b)
    const m = s.length >> 1
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
  }
  const sum = (xs) => xs.reduce((a, b) => a + b, 0)
  const agg = (t, f, how = median) => how(t.runs.map(f))
  const rows = [
    ['requests', (t) => int(agg(t, (r) => r.requests, sum))],
    ['req/s', (t) => int(agg(t, (r) => r.rps))],
    ['latency p50 (ms)', (t) => ms(agg(t, (r) => r.p50Us))],
    ['latency p99 (ms)', (t) => ms(agg(t, (r) => r.p99Us))],
    [
      'latency max (ms)',
      (t) =>
        ms(
          agg(
            t,
            (r) => r.maxUs,
            (xs) => Math.max(...xs),
          ),
        ),
    ],
    [
      'socket errors: connect / read / write / timeout (> 2 s)',
      (t) => ['connect', 'read', 'write', 'timeout'].map((k) => int(agg(t, (r) => r[k], sum))).join(' / '),
    ],
    ['**5xx**', (t) => `**${int(agg(t, (r) => r.s5, sum))}**`],
    ['2xx / 3xx / 4xx', (t) => ['s2', 's3', 's4'].map((k) => int(agg(t, (r) => r[k], sum))).join(' / ')],
    [
      'x-fresco-cache HIT / STALE / MISS / none',
      (t) => ['hit', 'stale', 'miss', 'nocache'].map((k) => int(agg(t, (r) => r[k], sum))).join(' / '),
    ],
    ['first visits (distinct new posts)', (t) => int(agg(t, (r) => r.first_visits, sum))],
    ['CMS requests during the load', (t) => int(agg(t, (r) => r.cmsRequests, sum))],
    [
      'server RSS before → peak (VmHWM) → after (MB)',
      (t) =>
        `${agg(t, (r) => r.rssBefore).toFixed(0)} → ${agg(
          t,
          (r) => r.rssPeak,
          (xs) => Math.max(...xs),
        ).toFixed(0)} → ${agg(t, (r) => r.rssAfter).toFixed(0)}`,
    ],
    [
      'fs cache (`.fresco/cache`) after build → after load',
      (t) =>
        `${agg(t, (r) => r.cacheBefore.files)} files, ${mb(agg(t, (r) => r.cacheBefore.bytes))} MB → ` +
        `${int(agg(t, (r) => r.cacheAfter.files))} files, ${mb(agg(t, (r) => r.cacheAfter.bytes))} MB`,
    ],
    ...['HIT', 'STALE', 'first visit', '404'].map((kind) => [
      `probe latency under load, ${kind}: p50 / p99 (ms)`,
      (t) =>
        `${ms(1000 * agg(t, (r) => r.probes.kinds[kind].p50))} / ${ms(1000 * agg(t, (r) => r.probes.kinds[kind].p99))}`,
    ]),
    ['probe requests failed or 5xx', (t) => int(agg(t, (r) => r.probes.errors, sum))],
    ['server log during the load (KB)', (t) => int(agg(t, (r) => r.logBytes) / 1024)],
  ]
  const head = `| | ${targets.map((t) => t.label).join(' | ')} |\n|---|${targets.map(() => '---:').join('|')}|`
  const table = `${head}\n${rows.map(([name, f]) => `| ${name} | ${targets.map(f).join(' | ')} |`).join('\n')}`
  const loadAverage = readFileSync('/proc/loadavg', 'utf8').split(' ')[0]
  const command = `node bench/hostile-mix.mjs${opts.baseline ? ` --baseline ${opts.baseline} --baseline-label '${opts['baseline-label']}'` : ''} --label '${opts.label}'${duration !== 60 ? ` --duration ${duration}` : ''}${connections !== 200 ? ` --connections ${connections}` : ''}${opts.rounds !== '1' ? ` --rounds ${opts.rounds}` : ''}${warmup > 0 ? ` --warmup ${warmup}` : ''}`
  const section = `## Hostile mix (issue 8)

\`${command}\`: the \`e2e/fixtures/hostile\` app built with each checkout's \`fresco build\` and served by
its \`fresco start\` (fresh copy of the build per run), data from the example CMS seeded with ${int(Number(opts.seed))} posts.
\`wrk -t${WRK_THREADS} -c${connections} -d${duration}s --timeout 2s -s bench/hostile-mix.lua\`, a fixed cycle of 20
requests: 55 % HITs (\`/\`, \`/posts/5\`), 15 % STALE candidates (\`/where\`, \`/api/echo\`: force-static,
revalidate 1), 15 % first visits (\`/posts/<n>\`, n never repeats: a MISS that renders and fetches the CMS,
every n an existing post) and 15 % 404s (\`/no/such/<n>\`, \`/posts/abc<n>\`). Machine: 2 cores shared with
other work (load average ${loadAverage} at the end), \`fresco start\` pinned to CPU 0 (\`taskset -c 0\`), wrk and
the CMS to CPU 1; ${opts.rounds === '1' ? 'one run per checkout' : `${opts.rounds} alternating runs per checkout (medians; counts summed, peaks maxed)`}, ${opts.baseline ? 'alternately, ' : ''}node ${process.version}.

${table}

Socket errors are wrk's: a "timeout" is a request not answered within 2 s, and wrk leaves those out of
its latency percentiles (so p99 and max never exceed 2 s). wrk's Lua has no clock, so the latency per
kind comes from probes sent alongside the load from CPU 1 (one request of each kind at a time, every
100 ms; first visits from the top of the seed down). RSS from /proc/<pid>/status: "before" after one
warm-up request of each kind, "after" 5 s after the load. The Lua \`response()\` hook that counts statuses
costs wrk well under 1 % of CPU 1 at these rates (wrk used 0.16 s of CPU in a 6 s run): the server is the
bottleneck.

_Last run: ${new Date().toISOString().slice(0, 16)}Z._
`
  console.log(`\n${section}`)
  for (const t of targets)
    for (const r of t.runs) console.log(`[hostile-mix] wrk (${t.label}):\n${r.wrkText.trimEnd()}`)
  if (!opts['no-write']) {
    const file = join(root, 'bench', 'RESULTS.md')
    let text = readFileSync(file, 'utf8')
    const at = text.indexOf('## Hostile mix (issue 8)\n')
    if (at === -1) text = `${text.trimEnd()}\n\n${section}`
    else {
      const next = text.indexOf('\n## ', at + 1)
      text = `${text.slice(0, at)}${section}${next === -1 ? '' : text.slice(next)}`
    }
    writeFileSync(file, text)
    log('wrote bench/RESULTS.md')
  }
  const current = targets.find((t) => t.name === 'after')
  const bad = current.runs.filter((r) => r.s5 > 0 || r.socketErrors > 0 || r.answersAfter !== 200)
  if (bad.length > 0) {
    log(`FAIL: ${current.label} answered 5xx or had socket errors (or stopped answering)`)
    process.exitCode = 1
  }
} finally {
  for (const t of targets) {
    await stop(t.cms.child)
    rmSync(t.built.dir, { recursive: true, force: true })
  }
  for (const d of cmsDirs) rmSync(d, { recursive: true, force: true })
}
