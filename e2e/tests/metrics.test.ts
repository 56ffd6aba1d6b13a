// Prometheus metrics of `fresco start` (config `metrics`): exact counter values after a known
// sequence of requests (one MISS, HITs, one STALE and its background regeneration), the endpoint
// absent from the public port, and URLs a client invents adding no series. Then the same over
// `--workers 2`: the primary serves the workers' sum.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type App,
  createApp,
  fixture,
  freePort,
  get,
  parseMetrics,
  poll,
  runProc,
  type Sample,
  type Server,
  sampleValue,
  sleep,
  startUpstream,
  type Upstream,
} from '../harness/index.js'

let upstream: Upstream
let app: App
let server: Server
let metricsPort: number

const scrape = async (port = metricsPort): Promise<Sample[]> => {
  const res = await get(`http://127.0.0.1:${port}/metrics`)
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toContain('text/plain; version=0.0.4')
  return parseMetrics(res.raw)
}
const requests = (m: Sample[], route: string, status: string) =>
  sampleValue(m, 'fresco_requests_total', { route, status })
const POST_ROUTE = '/posts/[id]'
const ROUTE = { cache: 'route' }
const DATA = { cache: 'data' }

beforeAll(async () => {
  upstream = await startUpstream()
  app = await createApp(fixture('ops'))
  metricsPort = await freePort()
  writeFileSync(join(app.dir, 'fresco.config.mjs'), `export default { metrics: { port: ${metricsPort} } }\n`)
  const build = await app.build({ UPSTREAM_URL: upstream.url })
  if (build.code !== 0) throw new Error(`fresco build failed (${build.code}):\n${build.output}`)
  server = await app.start({ UPSTREAM_URL: upstream.url })
}, 300_000)

afterAll(async () => {
  await app?.cleanup()
  await upstream?.close()
})

describe('metrics endpoint (one process)', () => {
  it('prints where it listens, on 127.0.0.1 only', () => {
    expect(server.proc.output()).toContain(`metrics on http://127.0.0.1:${metricsPort}/metrics`)
  })

  it('counts one MISS, then HITs, then one STALE and one background regeneration, exactly', async () => {
    const before = await scrape()
    expect(requests(before, POST_ROUTE, 'MISS')).toBe(0)
    expect(sampleValue(before, 'fresco_regenerations_started_total', ROUTE)).toBe(0)

    expect((await server.get('/posts/a')).cache).toBe('MISS')
    for (let i = 0; i < 3; i++) expect((await server.get('/posts/a')).cache).toBe('HIT')
    let m = await scrape()
    expect(requests(m, POST_ROUTE, 'MISS')).toBe(1)
    expect(requests(m, POST_ROUTE, 'HIT')).toBe(3)
    expect(sampleValue(m, 'fresco_regenerations_started_total', ROUTE)).toBe(1)
    expect(sampleValue(m, 'fresco_regenerations_total', { ...ROUTE, outcome: 'succeeded' })).toBe(1)
    expect(
      sampleValue(m, 'fresco_regeneration_duration_seconds_count', { ...ROUTE, outcome: 'succeeded' }),
    ).toBe(1)
    // Its fetch was a data cache MISS: one data regeneration.
    expect(sampleValue(m, 'fresco_regenerations_total', { ...DATA, outcome: 'succeeded' })).toBe(1)
    expect(sampleValue(m, 'fresco_render_duration_seconds_count')).toBe(1)
    // The render's one fetch went upstream (data cache MISS).
    expect(sampleValue(m, 'fresco_fetches_total', { outcome: 'MISS' })).toBe(1)
    expect(upstream.count('/posts/a')).toBe(1)
    // The L1 holds the page (and its data entry); the fs store's files are counted.
    expect(sampleValue(m, 'fresco_memory_cache_entries')).toBeGreaterThanOrEqual(2)
    expect(sampleValue(m, 'fresco_memory_cache_bytes')).toBeGreaterThan(0)
    expect(sampleValue(m, 'fresco_fs_cache_bytes')).toBeGreaterThan(0)

    await sleep(10_500) // past the page's 10 s window
    expect((await server.get('/posts/a')).cache).toBe('STALE')
    m = await poll(
      async () => {
        const now = await scrape()
        return sampleValue(now, 'fresco_regenerations_total', { ...ROUTE, outcome: 'succeeded' }) === 2
          ? now
          : undefined
      },
      { what: 'the background regeneration to succeed' },
    )
    expect(requests(m, POST_ROUTE, 'STALE')).toBe(1)
    expect(sampleValue(m, 'fresco_regenerations_started_total', ROUTE)).toBe(2)
    expect(sampleValue(m, 'fresco_regenerations_total', { ...ROUTE, outcome: 'failed' })).toBe(0)
    expect(sampleValue(m, 'fresco_regenerations_started_total', DATA)).toBe(1)
    expect(sampleValue(m, 'fresco_render_duration_seconds_count')).toBe(2)
    // The regeneration read its data from the data cache (force-cache): no second upstream request.
    expect(sampleValue(m, 'fresco_fetches_total', { outcome: 'HIT' })).toBe(1)
    expect(upstream.count('/posts/a')).toBe(1)
    expect((await server.get('/posts/a')).cache).toBe('HIT')
    expect(requests(await scrape(), POST_ROUTE, 'HIT')).toBe(4)
  })

  it('counts revalidateTag as a local invalidation and the route handler as dynamic', async () => {
    const res = await server.get('/api/revalidate?tag=post-a', { method: 'POST' })
    expect(res.status).toBe(200)
    const m = await scrape()
    expect(sampleValue(m, 'fresco_tag_invalidations_total', { source: 'local' })).toBe(1)
    expect(requests(m, '/api/revalidate', 'dynamic')).toBe(1)
    expect((await server.get('/posts/a')).cache).toBe('MISS')
    expect(upstream.count('/posts/a')).toBe(2)
  })

  it('is not served on the public port', async () => {
    for (const path of ['/metrics', '/_fresco/metrics', '/metrics?x=1']) {
      const res = await server.get(path)
      expect(res.status).toBe(404)
      expect(res.raw).not.toContain('fresco_requests_total')
    }
  })

  it('labels requests by route pattern: invented URLs add no series', async () => {
    const labelsBefore = new Set(
      (await scrape()).filter((s) => s.name === 'fresco_requests_total').map((s) => s.labels.route),
    )
    const invented = [
      '/attacker-1',
      '/attacker-2/deep/path',
      '/posts/attacker-3',
      '/posts/attacker-4/extra',
      '/%E2%80%AEevil',
      `/${'x'.repeat(600)}`,
      '/posts/',
    ]
    for (const path of invented) {
      const res = await server.get(path)
      expect(res.status).toBeLessThan(500)
    }
    const m = await scrape()
    const routes = new Set(m.filter((s) => s.name === 'fresco_requests_total').map((s) => s.labels.route))
    for (const route of routes)
      expect([...labelsBefore, POST_ROUTE, '(not found)', '(redirect)']).toContain(route)
    expect([...routes].some((r) => r?.includes('attacker'))).toBe(false)
    expect(
      requests(m, '(not found)', 'HIT') +
        requests(m, '(not found)', 'MISS') +
        requests(m, '(not found)', 'dynamic'),
    ).toBeGreaterThanOrEqual(4)
  })

  it('answers only its path and only GET / HEAD', async () => {
    expect((await get(`http://127.0.0.1:${metricsPort}/`)).status).toBe(404)
    expect((await get(`http://127.0.0.1:${metricsPort}/metrics`, { method: 'POST' })).status).toBe(405)
    expect((await get(`http://127.0.0.1:${metricsPort}/metrics`, { method: 'HEAD' })).status).toBe(200)
  })
})

describe('metrics endpoint (--workers 2)', () => {
  let workers: Server
  beforeAll(async () => {
    await server.stop()
    workers = await app.start({ UPSTREAM_URL: upstream.url }, undefined, ['--workers', '2'])
    // The primary prints its ready line once both workers serve (the first may answer before).
    await poll(async () => (workers.proc.output().includes('metrics on http') ? true : undefined), {
      what: 'the primary ready line',
    })
  }, 120_000)

  it('serves the sum of the workers from the primary', async () => {
    // New connections each: node's cluster hands them to the workers in turn.
    const before = await scrape()
    const home = (m: Sample[]) => requests(m, '/', 'HIT') + requests(m, '/', 'MISS')
    const paths = ['/posts/w1', '/posts/w2', '/posts/w3', '/posts/w4']
    for (const path of paths)
      expect((await workers.get(path, { headers: { connection: 'close' } })).cache).toBe('MISS')
    for (let i = 0; i < 8; i++) await workers.get('/', { headers: { connection: 'close' } })
    const m = await scrape()
    expect(requests(m, POST_ROUTE, 'MISS')).toBe(4)
    expect(home(m) - home(before)).toBe(8)
    expect(sampleValue(m, 'fresco_regenerations_total', { ...ROUTE, outcome: 'succeeded' })).toBe(4)
    // The primary owns the fs store: its bytes are reported once.
    expect(sampleValue(m, 'fresco_fs_cache_bytes')).toBeGreaterThan(0)
    expect(m.filter((s) => s.name === 'fresco_fs_cache_bytes')).toHaveLength(1)
  })

  it('counts a `fresco cache purge` as a remote invalidation in each worker', async () => {
    const before = sampleValue(await scrape(), 'fresco_tag_invalidations_total', { source: 'remote' })
    const purge = await runProc(
      join(app.dir, 'node_modules', '.bin', 'fresco'),
      ['cache', 'purge', '--tag', 'post-w1'],
      {
        cwd: app.dir,
        label: 'fresco cache purge',
      },
    )
    expect(purge.code, purge.output).toBe(0)
    // The primary reads the journal line and relays it to both workers: 1 tag × 2 workers.
    await poll(
      async () =>
        sampleValue(await scrape(), 'fresco_tag_invalidations_total', { source: 'remote' }) - before === 2
          ? true
          : undefined,
      { what: 'both workers to apply the purge' },
    )
    // Expired now: whichever worker answers renders it again.
    expect((await workers.get('/posts/w1', { headers: { connection: 'close' } })).cache).toBe('MISS')
  })
})
