#!/usr/bin/env node
// next/image endpoint (/_fresco/image): the cost of a first transform and the rate of cached hits.
//   first transform  sequential MISSes (distinct widths) of a 1600×1000 JPEG from public/ to WebP and
//                    to AVIF through `fresco start`'s node layer, against sharp called directly on the
//                    same bytes in the same process (the floor: decode + resize + encode)
//   cached hits      wrk against one URL already cached (Accept: image/webp), against a bare node:http
//                    server answering the same bytes and headers
// Servers pinned to core 0 (taskset -c 0), wrk to core 1; baseline and Fresco interleaved per round.
// The endpoint runs with the default cache set-up (fs handler with a memory L1, as `fresco start`).
//
//   npm run build && node bench/image-bench.mjs [--duration 3] [--rounds 3] [--connections 50]
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { freePort } from './lib.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const dist = join(root, 'packages', 'fresco', 'dist')
const publicDir = join(root, 'e2e', 'fixtures', 'next-modules', 'public')
const { values: opts } = parseArgs({
  options: {
    serve: { type: 'string' },
    port: { type: 'string' },
    duration: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
  },
})
const URL_PATH = '/_fresco/image?url=%2Fphoto.jpg&w=640&q=75'
const mod = (p) => import(pathToFileURL(join(dist, p)).href)

async function frescoServer(port) {
  const cache = await import('@fresco/cache')
  const { resolveConfig } = await mod('config/resolve.js')
  const { createHandler } = await mod('runtime/server/cache-setup.js')
  const { imageCacheConfig } = await mod('node/image/image-cache-config.js')
  const { createImageEndpoint } = await mod('node/image/image-endpoint.js')
  const { startServer } = await mod('node/server.js')
  const dir = mkdtempSync(join(tmpdir(), 'fresco-image-bench-'))
  const config = {
    ...resolveConfig({ images: { formats: ['image/avif', 'image/webp'] } }, { env: {} }),
    cacheDir: join(dir, 'cache'),
  }
  const handler = await createHandler(imageCacheConfig(config), cache.systemClock, cache.silentLogger)
  await handler.ready?.()
  const endpoint = createImageEndpoint({
    config: config.images,
    handler,
    dirs: { publicDir },
    buildId: 'bench',
    logger: cache.silentLogger,
  })
  const app = {
    buildId: 'bench',
    serve: () => ({ type: 'web', response: new Response('app') }),
    close: async () => {},
  }
  await startServer({
    app,
    port,
    hostname: '127.0.0.1',
    logger: cache.silentLogger,
    publicDir,
    images: { path: '/_fresco/image', endpoint },
  })
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }))
  process.on('SIGINT', () => process.exit(0)) // lets `node --cpu-prof` write its profile
}

async function bareServer(port) {
  // The same bytes and headers the endpoint answers with, fetched once from a Fresco server.
  const { body, headers } = JSON.parse(readFileSync(0, 'utf8'))
  const bytes = Buffer.from(body, 'base64')
  createServer((_req, res) => {
    res.writeHead(200, headers)
    res.end(bytes)
  }).listen(port, '127.0.0.1')
}

if (opts.serve) {
  const port = Number(opts.port)
  if (opts.serve === 'fresco') await frescoServer(port)
  else await bareServer(port)
  console.log('ready')
  await new Promise(() => {})
}

// ── parent ──────────────────────────────────────────────────────────────────────────────────
const children = new Set()
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL')
})

async function start(kind, input) {
  const port = await freePort()
  const child = spawn(
    'taskset',
    ['-c', '0', process.execPath, fileURLToPath(import.meta.url), '--serve', kind, '--port', String(port)],
    {
      cwd: join(root, 'bench'),
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  )
  children.add(child)
  child.stdin.end(input ?? '')
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => String(d).includes('ready') && resolve())
    child.on('exit', (code) => reject(new Error(`${kind} exited with ${code}`)))
  })
  return { port, stop: () => child.kill('SIGKILL') }
}

function wrk(port, seconds) {
  const args = [
    '-c',
    '1',
    'wrk',
    '-t1',
    `-c${opts.connections}`,
    `-d${seconds}s`,
    '-H',
    'Accept: image/webp,*/*',
  ]
  const out = spawnSync('taskset', [...args, `http://127.0.0.1:${port}${URL_PATH}`], {
    encoding: 'utf8',
  }).stdout
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1])
  if (/Non-2xx/.test(out) || !rps) throw new Error(`wrk reported errors:\n${out}`)
  return rps
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const { default: sharp } = await import('sharp')
const photo = readFileSync(join(publicDir, 'photo.jpg'))
const widths = [640, 750, 828, 1080, 1200, 384, 256, 128]

const fresco = await start('fresco')
// First transforms: each width once per format, sequential, timed from the client.
const first = { 'image/webp': [], 'image/avif': [] }
const direct = { 'image/webp': [], 'image/avif': [] }
for (const format of Object.keys(first)) {
  for (const w of widths) {
    let t = performance.now()
    const res = await fetch(`http://127.0.0.1:${fresco.port}/_fresco/image?url=%2Fphoto.jpg&w=${w}&q=75`, {
      headers: { accept: format },
    })
    await res.arrayBuffer()
    if (res.headers.get('x-fresco-cache') !== 'MISS') throw new Error(`expected a MISS for w=${w}`)
    first[format].push(performance.now() - t)
    t = performance.now()
    const p = sharp(photo).rotate().resize({ width: w, withoutEnlargement: true })
    await (format === 'image/avif' ? p.avif({ quality: 75, effort: 3 }) : p.webp({ quality: 75 })).toBuffer()
    direct[format].push(performance.now() - t)
  }
}
// The bytes the bare server will answer with.
const sample = await fetch(`http://127.0.0.1:${fresco.port}${URL_PATH}`, {
  headers: { accept: 'image/webp,*/*' },
})
const headers = Object.fromEntries(
  [...sample.headers].filter(([k]) => !['date', 'connection', 'keep-alive', 'transfer-encoding'].includes(k)),
)
const body = Buffer.from(await sample.arrayBuffer()).toString('base64')
const bare = await start('bare', JSON.stringify({ body, headers }))

const hits = { bare: [], fresco: [] }
for (let round = 0; round < Number(opts.rounds); round++) {
  hits.bare.push(wrk(bare.port, Number(opts.duration)))
  hits.fresco.push(wrk(fresco.port, Number(opts.duration)))
}
fresco.stop()
bare.stop()

const load = spawnSync('uptime', { encoding: 'utf8' }).stdout.trim()
const ms = (x) => x.toFixed(1)
console.log(`\nnode ${process.version}, ${load}`)
console.log(
  '\n| first transform (1600×1000 JPEG, sequential, 8 widths) | median ms | sharp alone, median ms | ratio |',
)
console.log('| --- | --- | --- | --- |')
for (const f of Object.keys(first))
  console.log(
    `| ${f} | ${ms(median(first[f]))} | ${ms(median(direct[f]))} | ${(median(first[f]) / median(direct[f])).toFixed(2)}× |`,
  )
console.log(
  `\n| cached hit (${(Buffer.from(body, 'base64').length / 1024).toFixed(1)} KB WebP, ${opts.connections} connections) | requests/s (median of ${opts.rounds}) | vs bare |`,
)
console.log('| --- | --- | --- |')
console.log(`| bare node:http, same bytes and headers | ${Math.round(median(hits.bare))} | 1.00× |`)
console.log(
  `| /_fresco/image HIT | ${Math.round(median(hits.fresco))} | ${(median(hits.fresco) / median(hits.bare)).toFixed(2)}× |`,
)
process.exit(0)
