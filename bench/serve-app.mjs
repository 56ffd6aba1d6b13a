#!/usr/bin/env node
// End-to-end HIT bench: a small app built with `fresco build` and served by `fresco start`,
// against a bare node:http server answering the exact bytes and headers Fresco sent. This is the
// real request path (node layer + app.serve + route cache), where serve-hit.mjs isolates layers.
// Server CPU per request is read from /proc/<pid>/stat (Linux), robust on shared cores.
// Writes the "### End to end: fresco start vs bare" part of the ## Serving section.
// --baseline <dir>: also serve the app from another checkout (its packages built, and its own
// node_modules resolving `@fresco/framework` and `@fresco/cache` to them), measured in the same rounds.
//
//   node bench/serve-app.mjs [--duration 2] [--rounds 5] [--connections 50] [--no-write]
//                            [--baseline <dir> --baseline-label <text>] [--label <text>]
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { appRouterPostFiles, frescoBin, median, serveReplay, startNode, wrkRun } from './lib.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const CLI = frescoBin(root)
const { values: opts } = parseArgs({
  options: {
    serve: { type: 'string' }, // internal: the bare server, replaying a captured response
    port: { type: 'string' },
    duration: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
    'no-write': { type: 'boolean', default: false },
    keep: { type: 'string' }, // build the app into this directory and keep it (profiling)
    baseline: { type: 'string' },
    'baseline-label': { type: 'string', default: 'baseline' },
    label: { type: 'string' },
  },
})

if (opts.serve) await serveReplay(opts.serve, Number(opts.port))

const log = (line) => console.log(`[serve-app] ${line}`)
const children = new Set()
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL')
})

const files = appRouterPostFiles('bench-app')

const app = opts.keep ?? mkdtempSync(join(tmpdir(), 'fresco-serve-app-'))
if (opts.keep) mkdirSync(app, { recursive: true })
const baseApp = opts.baseline && mkdtempSync(join(tmpdir(), 'fresco-serve-app-base-'))
const BASE_CLI = opts.baseline && frescoBin(opts.baseline)
/** Writes the app into `dir` and builds it with the `@fresco/framework` of the checkout `repo`. */
const buildApp = (dir, repo, cli) => {
  symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'), 'dir')
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true })
    writeFileSync(join(dir, file), text)
  }
  const build = spawnSync(process.execPath, [cli, 'build'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'production' },
  })
  if (build.status !== 0) throw new Error(`fresco build failed:\n${build.stdout}${build.stderr}`)
}
try {
  spawnSync('npx', ['tsc', '-b', 'packages/cache', 'packages/fresco'], { cwd: root, stdio: 'ignore' })
  buildApp(app, root, CLI)
  if (baseApp) buildApp(baseApp, opts.baseline, BASE_CLI)
  log('built')

  const port = () =>
    new Promise((resolve) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const { port } = srv.address()
        srv.close(() => resolve(port))
      })
    })
  const start = (args, cwd, ready) => startNode(args, { cwd, ready, children })

  const frescoPort = await port()
  const fresco = await start(
    [CLI, 'start', '--port', String(frescoPort), '--hostname', '127.0.0.1'],
    app,
    /ready on/,
  )
  const url = `http://127.0.0.1:${frescoPort}/posts/1`
  const first = await fetch(url)
  let before
  let beforePort
  if (baseApp) {
    beforePort = await port()
    before = await start(
      [BASE_CLI, 'start', '--port', String(beforePort), '--hostname', '127.0.0.1'],
      baseApp,
      /ready on/,
    )
    const check = await fetch(`http://127.0.0.1:${beforePort}/posts/1`)
    await check.arrayBuffer()
    if (check.headers.get('x-fresco-cache') !== 'HIT') throw new Error('baseline: expected a HIT')
  }
  const captured = {
    status: first.status,
    headers: [...first.headers].flat(),
    body: Buffer.from(await first.arrayBuffer()).toString('base64'),
  }
  if (first.headers.get('x-fresco-cache') !== 'HIT')
    throw new Error(`expected a HIT, got ${first.headers.get('x-fresco-cache')}`)
  const capture = join(app, 'captured.json')
  writeFileSync(capture, JSON.stringify(captured))
  const barePort = await port()
  const bare = await start(
    [fileURLToPath(import.meta.url), '--serve', capture, '--port', String(barePort)],
    root,
    /ready/,
  )

  const measure = (child, p, seconds) =>
    wrkRun(child, `http://127.0.0.1:${p}/posts/1`, { seconds, connections: opts.connections })
  const targets = before
    ? { bare: [bare, barePort], before: [before, beforePort], fresco: [fresco, frescoPort] }
    : { bare: [bare, barePort], fresco: [fresco, frescoPort] }
  for (const [child, p] of Object.values(targets)) measure(child, p, 1) // warm up
  const runs = Object.fromEntries(Object.keys(targets).map((name) => [name, []]))
  const names = Object.keys(targets)
  for (let round = 0; round < Number(opts.rounds); round++) {
    // Rotate the order so no server always runs first (or right after another) on shared cores.
    const order = names.map((_, i) => names[(i + round) % names.length])
    for (const name of round % 2 ? order.reverse() : order) {
      const r = measure(...targets[name], Number(opts.duration))
      runs[name].push(r)
      log(
        `round ${round + 1} ${name.padEnd(6)} ${r.rps.toFixed(0)} req/s  p99 ${r.p99.toFixed(2)} ms  CPU ${r.cpu.toFixed(1)} µs/req`,
      )
    }
  }
  const stat = (name, f) => median(runs[name].map((r) => r[f]))
  const labels = {
    bare: 'bare node:http',
    before: `\`fresco start\` ${opts['baseline-label']}`,
    fresco: opts.label ? `\`fresco start\` ${opts.label}` : '`fresco start`',
  }
  const row = (name) =>
    `| ${labels[name]} | ${stat(name, 'rps').toFixed(0)} | ${stat(name, 'p99').toFixed(2)} | ${stat(name, 'cpu').toFixed(1)} | ${(stat(name, 'rps') / stat('bare', 'rps')).toFixed(2)}× | ${(stat(name, 'p99') / stat('bare', 'p99')).toFixed(2)}× | ${(stat('bare', 'cpu') / stat(name, 'cpu')).toFixed(2)}× |`
  const part = `### End to end: \`fresco start\` vs bare

\`node bench/serve-app.mjs\`: a one-page app (\`app/posts/[id]/page.tsx\`, revalidate 3600, prerendered) built with
\`fresco build\` and served by \`fresco start\`; the bare server replays the exact status, headers and
${Buffer.from(captured.body, 'base64').length}-byte body Fresco sent for \`GET /posts/1\` (a HIT). wrk -t1 -c${opts.connections}, ${opts.duration} s per
measurement, medians of ${opts.rounds} alternating rounds; CPU from /proc/<pid>/stat.

| server | req/s | p99 ms | server CPU µs/req | req/s vs bare | p99 vs bare | CPU efficiency vs bare |
|---|---|---|---|---|---|---|
${names.map(row).join('\n')}

${
  before
    ? `"${opts['baseline-label']}": the same app built and served by another checkout
(\`--baseline\`), measured in the same rounds. `
    : ''
}The node layer and the route cache alone cost ~0.9× bare CPU per request (table above). A fresh
HIT is answered synchronously before the rest of \`app.serve\` (no URL, Headers, page input, implicit
tags or cookie parse per request; docs/design/server.md, "The HIT fast path"). The bare replay
also sends the Date, Connection and Keep-Alive headers it captured (node checks each), so it is
not a strict floor: within the noise, ≈ 1× is parity.

_Last run: ${new Date().toISOString().slice(0, 16)}Z._
`
  console.log(`\n${part}`)
  if (!opts['no-write']) {
    const file = join(root, 'bench', 'RESULTS.md')
    let text = readFileSync(file, 'utf8')
    const section = text.indexOf('## Serving\n')
    if (section === -1) throw new Error('run bench/serve-hit.mjs first (it creates ## Serving)')
    const nextSection = text.indexOf('\n## ', section + 1)
    const end = nextSection === -1 ? text.length : nextSection + 1
    let body = text.slice(section, end)
    const at = body.indexOf('### End to end')
    body = `${(at === -1 ? body : body.slice(0, at)).trimEnd()}\n\n${part}${nextSection === -1 ? '' : '\n'}`
    text = text.slice(0, section) + body + text.slice(end)
    writeFileSync(file, text)
    log('wrote bench/RESULTS.md')
  }
} finally {
  for (const c of children) c.kill('SIGKILL')
  if (!opts.keep) rmSync(app, { recursive: true, force: true })
  if (baseApp) rmSync(baseApp, { recursive: true, force: true })
}
