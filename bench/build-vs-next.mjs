#!/usr/bin/env node
// `fresco build` vs `next build` on the blog example with 1,000 and 10,000 seeded posts, in one run:
// wall time of the whole command (bundling + prerendering) and the size of what it leaves on disk
// (`.fresco` vs `.next`). For each post count the builds run interleaved (Next, Fresco with every core,
// Fresco with one prerender worker), `--runs` times; the median of each is reported. Writes the
// "Build: Fresco vs Next.js" section of bench/RESULTS.md.
//
//   node bench/build-vs-next.mjs [--seeds 1000,10000] [--runs 1] [--workers default,1] [--next-dir /tmp/…]
//                                [--no-write]
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { log, prepareFrescoApp, prepareNextApp, root, startSeededCms, timed } from './blog-apps.mjs'
import { freePort, writeResultsSection } from './lib.mjs'

const { values: opts } = parseArgs({
  options: {
    seeds: { type: 'string', default: '1000,10000' },
    runs: { type: 'string', default: '1' },
    // Next.js is installed outside the repository, once, and reused by later runs.
    'next-dir': { type: 'string', default: join(tmpdir(), 'fresco-bench-next-app') },
    // The Fresco builds of each round: 'default' (no config file) and prerenderWorkers values.
    workers: { type: 'string', default: 'default,1' },
    'no-write': { type: 'boolean', default: false },
  },
})
const seeds = opts.seeds.split(',').map(Number)
const runs = Number(opts.runs)
const variants = opts.workers
  .split(',')
  .map((w) => (w === 'default' ? undefined : w === 'auto' ? "'auto'" : Number(w)))
const frescoDir = join(root, 'bench', '.work', 'fresco-build')
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')

/** Bytes of every file under `dir` (apparent size, as `du -sb`). */
function treeBytes(dir) {
  let total = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = join(dir, entry.name)
    if (entry.isDirectory()) total += treeBytes(file)
    else if (entry.isFile()) total += statSync(file).size
  }
  return total
}

async function nextBuild(next, cmsUrl) {
  rmSync(join(next.dir, '.next'), { recursive: true, force: true })
  const env = { CMS_URL: cmsUrl, REVALIDATE_SECRET: 'bench', NEXT_TELEMETRY_DISABLED: '1' }
  const run = await timed('next build', process.execPath, [next.bin, 'build'], { cwd: next.dir, env })
  const pages = [...run.output.matchAll(/Generating static pages[^(]*\((\d+)\/(\d+)\)/g)].at(-1)?.[2]
  return { seconds: run.seconds, pages: Number(pages), bytes: treeBytes(join(next.dir, '.next')) }
}

/** `workers` goes into fresco.config.mjs as prerenderWorkers; undefined = no config file (the default). */
async function frescoBuild(workers, cmsUrl) {
  const { bin } = prepareFrescoApp(frescoDir)
  const configFile = join(frescoDir, 'fresco.config.mjs')
  rmSync(configFile, { force: true })
  if (workers !== undefined) writeFileSync(configFile, `export default { prerenderWorkers: ${workers} }\n`)
  const env = { CMS_URL: cmsUrl, REVALIDATE_SECRET: 'bench' }
  const label = `fresco build (${workers === undefined ? 'default' : `prerenderWorkers ${workers}`})`
  const run = await timed(label, process.execPath, [bin, 'build'], { cwd: frescoDir, env })
  const pages = run.output.match(/Prerendered (\d+) page/)?.[1]
  return { seconds: run.seconds, pages: Number(pages), bytes: treeBytes(join(frescoDir, '.fresco')) }
}

const median = (results) => {
  const sorted = [...results].sort((a, b) => a.seconds - b.seconds)
  return { ...sorted[Math.floor(sorted.length / 2)], all: results.map((r) => r.seconds) }
}

async function benchSeed(seed, next) {
  const cms = await startSeededCms(seed, await freePort())
  log(`CMS with ${seed} posts at ${cms.url}`)
  const rows = { next: [], fresco: variants.map(() => []) }
  const load = loadavg()
  try {
    for (let i = 0; i < runs; i++) {
      rows.next.push(await nextBuild(next, cms.url))
      for (const [v, workers] of variants.entries()) rows.fresco[v].push(await frescoBuild(workers, cms.url))
    }
  } finally {
    await cms.close()
  }
  return {
    seed,
    load,
    next: median(rows.next),
    fresco: rows.fresco.map(median),
  }
}

const mb = (bytes) => (bytes / 1e6).toFixed(1)
const ratio = (a, b) => `${(a / b).toFixed(2)}×`
const secs = (r) => r.all.map((s) => s.toFixed(1)).join(' / ')

const variantName = (w) => (w === undefined ? 'defaults' : `prerenderWorkers: ${w}`)

function section(results, nextVersion) {
  const cpu = readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/)?.[1] ?? 'unknown CPU'
  const lines = [
    '## Build: Fresco vs Next.js',
    '',
    `The blog example (\`examples/blog/app\`, unchanged) built with \`fresco build\` and with \`next build\` (Next.js ${nextVersion}),`,
    'against the CMS (in the bench process) seeded with each post count; every post is prerendered by both. Time is',
    'the whole command (bundling + prerendering), size is everything the build leaves in `.fresco` / `.next`',
    '(apparent bytes). Fresco runs with its defaults (`prerenderWorkers: "auto"`: one prerender worker per core)',
    'and with `prerenderWorkers: 1` (no worker threads). For each post count the builds run interleaved,',
    `${runs} run(s) each, median shown. Measured ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpu}, ${cpus().length} cores`,
    'shared with other work (load average 1/5/15 min taken before the builds of each post count).',
    `Reproduce: \`node bench/build-vs-next.mjs --seeds ${opts.seeds} --runs ${runs} --workers ${opts.workers}\`.`,
    '',
    '| posts | load avg | build | time (s) | vs `next build` | output (MB) | vs `.next` | pages |',
    '| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: |',
  ]
  for (const r of results) {
    const row = (name, x, rel) =>
      `| ${r.seed.toLocaleString('en')} | ${r.load} | ${name} | ${x.seconds.toFixed(1)} | ${rel ? `**${ratio(x.seconds, r.next.seconds)}**` : '1.00×'} | ${mb(x.bytes)} | ${ratio(x.bytes, r.next.bytes)} | ${x.pages} |`
    lines.push(row(`\`next build\` ${nextVersion}`, r.next, false))
    for (const [v, w] of variants.entries())
      lines.push(row(`\`fresco build\`, ${variantName(w)}`, r.fresco[v], true))
  }
  lines.push('', 'Every run (s):')
  for (const r of results) {
    const fresco = variants.map((w, v) => `Fresco (${variantName(w)}) ${secs(r.fresco[v])}`)
    lines.push(`- ${r.seed} posts: Next ${secs(r.next)}; ${fresco.join('; ')}.`)
  }
  lines.push('')
  return lines.join('\n')
}

async function main() {
  const next = await prepareNextApp(opts['next-dir'])
  next.dir = opts['next-dir']
  const results = []
  for (const seed of seeds) results.push(await benchSeed(seed, next))
  const text = section(results, next.version)
  console.log(`\n${text}`)
  if (!opts['no-write']) {
    writeResultsSection('## Build: Fresco vs Next.js', text)
    log('wrote bench/RESULTS.md')
  }
}

await main()
