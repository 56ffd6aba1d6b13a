#!/usr/bin/env node
// HIT throughput of a Pages Router ISR page next to the App Router page (issue 10): one app with
// `app/posts/[id]/page.tsx` (revalidate 3600) and `pages/blog/[id].tsx` (getStaticProps, revalidate
// 3600) rendering the same markup, built with `fresco build`, served by one `fresco start` pinned to
// core 0 (wrk on core 1). A bare node:http server replaying the exact bytes of the pages HIT is the
// baseline, measured in the same alternating rounds. Writes "## Pages Router HIT" in RESULTS.md.
//
//   node bench/serve-pages.mjs [--duration 2] [--rounds 5] [--connections 50] [--no-write]
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import {
  appRouterPostFiles,
  freePort,
  frescoBin,
  median,
  POST_MARKUP,
  serveReplay,
  startNode,
  wrkRun,
} from './lib.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const CLI = frescoBin(root)
const { values: opts } = parseArgs({
  options: {
    serve: { type: 'string' }, // internal: the bare server replaying a captured response
    port: { type: 'string' },
    duration: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
    'no-write': { type: 'boolean', default: false },
  },
})

if (opts.serve) await serveReplay(opts.serve, Number(opts.port))

const log = (line) => console.log(`[serve-pages] ${line}`)
const children = new Set()
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL')
})

const files = {
  ...appRouterPostFiles('bench-pages'),
  'pages/blog/[id].tsx': `export function getStaticPaths() { return { paths: ['/blog/1'], fallback: 'blocking' } }
export function getStaticProps({ params }: { params: { id: string } }) { return { props: { id: params.id }, revalidate: 3600 } }
export default function Post({ id }: { id: string }) {
  return ${POST_MARKUP}
}`,
}

const app = mkdtempSync(join(tmpdir(), 'fresco-serve-pages-'))
try {
  spawnSync('npx', ['tsc', '-b', 'packages/cache', 'packages/fresco'], { cwd: root, stdio: 'ignore' })
  symlinkSync(join(root, 'node_modules'), join(app, 'node_modules'), 'dir')
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(app, file)), { recursive: true })
    writeFileSync(join(app, file), text)
  }
  const build = spawnSync(process.execPath, [CLI, 'build'], { cwd: app, encoding: 'utf8' })
  if (build.status !== 0) throw new Error(`fresco build failed:\n${build.stdout}${build.stderr}`)
  log('built')

  const start = (args, cwd, ready) => startNode(args, { cwd, ready, children, cores: '0' })

  const port = await freePort()
  const fresco = await start(
    [CLI, 'start', '--port', String(port), '--hostname', '127.0.0.1'],
    app,
    /ready on/,
  )
  const base = `http://127.0.0.1:${port}`
  const page = await fetch(`${base}/blog/1`)
  const html = await page.text()
  if (page.headers.get('x-fresco-cache') !== 'HIT') throw new Error('expected a HIT for /blog/1')
  const buildId = /"buildId":"([^"]+)"/.exec(html)?.[1]
  const capture = join(app, 'captured.json')
  writeFileSync(
    capture,
    JSON.stringify({
      status: page.status,
      headers: [...page.headers].flat(),
      body: Buffer.from(html).toString('base64'),
    }),
  )
  const barePort = await freePort()
  const bare = await start(
    [fileURLToPath(import.meta.url), '--serve', capture, '--port', String(barePort)],
    root,
    /ready/,
  )

  const measure = (child, url, seconds) =>
    wrkRun(child, url, { seconds, connections: opts.connections, cores: '1' })
  const targets = {
    bare: [bare, `http://127.0.0.1:${barePort}/blog/1`, 'bare node:http (replaying the pages HIT)'],
    app: [fresco, `${base}/posts/1`, 'App Router page `/posts/1`'],
    pages: [fresco, `${base}/blog/1`, 'Pages Router page `/blog/1`'],
    data: [
      fresco,
      `${base}/_fresco/data/${buildId}/blog/1.json`,
      'its data URL `/_fresco/data/…/blog/1.json`',
    ],
  }
  const load = loadavg()[0].toFixed(2)
  for (const [child, url] of Object.values(targets)) measure(child, url, 1) // warm up
  const names = Object.keys(targets)
  const runs = Object.fromEntries(names.map((n) => [n, []]))
  for (let round = 0; round < Number(opts.rounds); round++) {
    const order = names.map((_, i) => names[(i + round) % names.length])
    for (const name of round % 2 ? order.reverse() : order) {
      const [child, url] = targets[name]
      const r = measure(child, url, Number(opts.duration))
      runs[name].push(r)
      log(
        `round ${round + 1} ${name.padEnd(5)} ${r.rps.toFixed(0)} req/s  p99 ${r.p99.toFixed(2)} ms  CPU ${r.cpu.toFixed(1)} µs/req`,
      )
    }
  }
  const stat = (name, f) => median(runs[name].map((r) => r[f]))
  const row = (name) =>
    `| ${targets[name][2]} | ${stat(name, 'rps').toFixed(0)} | ${stat(name, 'p99').toFixed(2)} | ${stat(name, 'cpu').toFixed(1)} | ${(stat(name, 'rps') / stat('bare', 'rps')).toFixed(2)}× | ${(stat('bare', 'cpu') / stat(name, 'cpu')).toFixed(2)}× |`
  const part = `## Pages Router HIT

\`node bench/serve-pages.mjs\`: one app with an App Router page (\`app/posts/[id]/page.tsx\`, revalidate 3600) and a
Pages Router page (\`pages/blog/[id].tsx\`, getStaticProps with revalidate 3600) rendering the same markup,
both prerendered; one \`fresco start\` pinned to core 0 (\`taskset -c 0\`), wrk -t1 -c${opts.connections} on core 1,
${opts.duration} s per measurement, medians of ${opts.rounds} alternating rounds; CPU from /proc/<pid>/stat. The bare
server replays the exact status, headers and ${Buffer.byteLength(html)}-byte body of the pages HIT. Load average at
the start: ${load} (other jobs share the 2 cores: compare the ratios, not the absolute figures).

| target | req/s | p99 ms | server CPU µs/req | req/s vs bare | CPU efficiency vs bare |
|---|---|---|---|---|---|
${names.map(row).join('\n')}

The App Router document is larger for the same markup (it inlines its RSC payload for hydration; the
pages document embeds only the props), so compare CPU per request more than req/s. A Pages Router
HIT takes the same synchronous path as an App Router HIT: a memoized per-path plan, the
in-memory entry, one prepared response per entry and representation (\`runtime/pages/server.ts\`
\`hit()\`), tried right after the App Router's (\`runtime/server/app.ts\`).

_Last run: ${new Date().toISOString().slice(0, 16)}Z._
`
  console.log(`\n${part}`)
  if (!opts['no-write']) {
    const file = join(root, 'bench', 'RESULTS.md')
    let text = readFileSync(file, 'utf8')
    const at = text.indexOf('## Pages Router HIT\n')
    if (at === -1) text = `${text.trimEnd()}\n\n${part}`
    else {
      const next = text.indexOf('\n## ', at + 1)
      text = text.slice(0, at) + part + (next === -1 ? '' : text.slice(next))
    }
    writeFileSync(file, text)
    log('wrote bench/RESULTS.md')
  }
} finally {
  for (const c of children) c.kill('SIGKILL')
  rmSync(app, { recursive: true, force: true })
}
