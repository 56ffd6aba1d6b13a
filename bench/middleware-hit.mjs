#!/usr/bin/env node
// What middleware costs a cached page (issue 11 item 3): the same HIT (`GET /posts/1`, a
// prerendered ISR page) served by three builds of one app, in the same run:
//   none     — no middleware.ts (the baseline);
//   excluded — a middleware whose config.matcher does not select /posts/1 (one regex test);
//   matched  — a middleware that selects it and returns NextResponse.next() (one call with a
//              NextRequest, built lazily: runtime/server/lazy-request.ts).
// Server pinned with `taskset -c 0`, wrk with `taskset -c 1`; medians of alternating rounds; CPU
// per request from /proc/<pid>/stat. Writes the "## Middleware" section of bench/RESULTS.md.
//
//   node bench/middleware-hit.mjs [--duration 3] [--rounds 5] [--connections 50] [--no-write]
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import {
  appRouterPostFiles,
  freePort,
  frescoBin,
  median,
  startNode,
  writeResultsSection,
  wrkRun,
} from './lib.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const CLI = frescoBin(root)
const { values: opts } = parseArgs({
  options: {
    duration: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
    'no-write': { type: 'boolean', default: false },
  },
})
const log = (line) => console.log(`[middleware-hit] ${line}`)
const children = new Set()
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL')
})

const middleware = (matcher) => `import { NextResponse } from 'next/server'
export function middleware() {
  return NextResponse.next()
}
export const config = { matcher: ${JSON.stringify(matcher)} }
`
const variants = {
  none: {},
  excluded: { 'middleware.ts': middleware(['/admin/:path*']) },
  matched: { 'middleware.ts': middleware(['/posts/:path*']) },
}

const dirs = {}
try {
  spawnSync('npx', ['tsc', '-b', 'packages/cache', 'packages/fresco'], { cwd: root, stdio: 'ignore' })
  for (const [name, extra] of Object.entries(variants)) {
    const dir = mkdtempSync(join(tmpdir(), `fresco-mw-bench-${name}-`))
    dirs[name] = dir
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir')
    for (const [file, text] of Object.entries({ ...appRouterPostFiles(`bench-${name}`), ...extra })) {
      mkdirSync(dirname(join(dir, file)), { recursive: true })
      writeFileSync(join(dir, file), text)
    }
    const build = spawnSync(process.execPath, [CLI, 'build'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NODE_ENV: 'production' },
    })
    if (build.status !== 0) throw new Error(`fresco build (${name}) failed:\n${build.stdout}${build.stderr}`)
  }
  log('built')
  const servers = {}
  for (const name of Object.keys(variants)) {
    const port = await freePort()
    const child = await startNode([CLI, 'start', '--port', String(port), '--hostname', '127.0.0.1'], {
      cwd: dirs[name],
      ready: /ready on/,
      children,
      cores: '0',
    })
    const res = await fetch(`http://127.0.0.1:${port}/posts/1`)
    await res.arrayBuffer()
    const again = await fetch(`http://127.0.0.1:${port}/posts/1`)
    await again.arrayBuffer()
    if (again.headers.get('x-fresco-cache') !== 'HIT') throw new Error(`${name}: expected a HIT`)
    servers[name] = { child, port }
  }
  const measure = (name, seconds) =>
    wrkRun(servers[name].child, `http://127.0.0.1:${servers[name].port}/posts/1`, {
      seconds,
      connections: opts.connections,
      cores: '1',
    })
  const names = Object.keys(variants)
  for (const name of names) measure(name, 1) // warm up
  const runs = Object.fromEntries(names.map((n) => [n, []]))
  for (let round = 0; round < Number(opts.rounds); round++) {
    const order = names.map((_, i) => names[(i + round) % names.length])
    for (const name of round % 2 ? order.reverse() : order) {
      const r = measure(name, Number(opts.duration))
      runs[name].push(r)
      log(
        `round ${round + 1} ${name.padEnd(8)} ${r.rps.toFixed(0)} req/s  p99 ${r.p99.toFixed(2)} ms  CPU ${r.cpu.toFixed(1)} µs/req`,
      )
    }
  }
  const stat = (name, f) => median(runs[name].map((r) => r[f]))
  const labels = {
    none: 'no middleware (baseline)',
    excluded: 'middleware, matcher excludes the path',
    matched: 'middleware, matcher selects the path (`NextResponse.next()`)',
  }
  const row = (name) =>
    `| ${labels[name]} | ${stat(name, 'rps').toFixed(0)} | ${stat(name, 'p99').toFixed(2)} | ${stat(name, 'cpu').toFixed(1)} | ${(stat(name, 'rps') / stat('none', 'rps')).toFixed(2)}× | ${(stat(name, 'cpu') / stat('none', 'cpu')).toFixed(2)}× |`
  const text = `## Middleware

\`node bench/middleware-hit.mjs\`: the bench post page (\`/posts/1\`, revalidate 3600, prerendered, a HIT) in
three builds of one app: without middleware.ts, with a middleware whose \`config.matcher\` excludes
the path, and with one that selects it and returns \`NextResponse.next()\`. Server \`taskset -c 0\`,
wrk -t1 -c${opts.connections} \`taskset -c 1\`, ${opts.duration} s per measurement, medians of ${opts.rounds} alternating rounds;
CPU from /proc/<pid>/stat. The machine is shared with other engineers' jobs: compare the ratios,
measured in the same run, not the absolute figures.

| server | req/s | p99 ms | server CPU µs/req | req/s vs none | CPU vs none |
|---|---|---|---|---|---|
${names.map(row).join('\n')}

Server CPU per request is the steadier figure on a loaded machine; req/s ratios swing between runs.
The \`NextRequest\` middleware receives builds its Web \`Request\` only when a member needs one
(runtime/server/lazy-request.ts), and a bare \`NextResponse.next()\` is recognised without reading
headers back; ${process.version}, undici ${process.versions.undici}.

_Last run: ${new Date().toISOString().slice(0, 16)}Z._
`
  console.log(`\n${text}`)
  if (!opts['no-write']) {
    writeResultsSection('## Middleware', text)
    log('wrote bench/RESULTS.md')
  }
} finally {
  for (const c of children) c.kill('SIGKILL')
  for (const dir of Object.values(dirs)) rmSync(dir, { recursive: true, force: true })
}
