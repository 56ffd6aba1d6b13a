// OpenTelemetry spans of `fresco start` for an app whose instrumentation.ts registers the Node SDK
// (the ops fixture plus fixtures/otel/instrumentation.ts: a file exporter, one JSON line per span): Next's span names, types and
// attributes for a MISS page render with its fetch and cache writes, a HIT, a route handler and a
// URL no route matches, all in one trace per request and continuing an incoming `traceparent`.
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type App,
  createApp,
  fixture,
  poll,
  type Server,
  startUpstream,
  type Upstream,
} from '../harness/index.js'

interface SpanLine {
  name: string
  kind: number
  traceId: string
  spanId: string
  parentSpanId?: string
  scope: string
  attributes: Record<string, unknown>
  status: number
}

const OTEL = [
  '@opentelemetry/api@1.9.0',
  '@opentelemetry/core@2.12.1',
  '@opentelemetry/sdk-trace-base@2.12.1',
  '@opentelemetry/sdk-trace-node@2.12.1',
]
const SERVER = 1 // SpanKind.SERVER
const CLIENT = 2 // SpanKind.CLIENT

let upstream: Upstream
let app: App
let server: Server
let spansFile: string

const spans = (): SpanLine[] =>
  existsSync(spansFile)
    ? readFileSync(spansFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as SpanLine)
    : []

/** The trace of the request whose root span has `name` and `http.target`, once its root has ended. */
async function traceOf(
  name: string,
  target: string,
  settled = (_t: SpanLine[]) => true,
): Promise<SpanLine[]> {
  return poll(
    async () => {
      const all = spans()
      const root = all.find((s) => s.name === name && s.attributes['http.target'] === target)
      if (!root) return undefined
      const trace = all.filter((s) => s.traceId === root.traceId)
      return settled(trace) ? trace : undefined
    },
    { what: `the spans of ${name} (${target})` },
  )
}

const one = (trace: SpanLine[], name: string): SpanLine => {
  const found = trace.filter((s) => s.name === name)
  expect(found.map((s) => s.name)).toEqual([name])
  return found[0] as SpanLine
}

beforeAll(async () => {
  upstream = await startUpstream()
  app = await createApp(fixture('ops'), { fresh: true, extra: OTEL })
  cpSync(join(fixture('otel'), 'instrumentation.ts'), join(app.dir, 'instrumentation.ts'))
  spansFile = join(app.dir, 'spans.jsonl')
  const build = await app.build({ UPSTREAM_URL: upstream.url })
  if (build.code !== 0) throw new Error(`fresco build failed (${build.code}):\n${build.output}`)
  server = await app.start({ UPSTREAM_URL: upstream.url, OTEL_SPANS_FILE: spansFile })
}, 300_000)

afterAll(async () => {
  await app?.cleanup()
  await upstream?.close()
})

describe('OpenTelemetry spans (instrumentation.ts registers the Node SDK)', () => {
  it('a MISS: request → render → fetch → cache writes, named and typed as in Next.js', async () => {
    expect((await server.get('/posts/a')).cache).toBe('MISS')
    // The page's cache write ends after the response: wait for it.
    const trace = await traceOf('GET /posts/[id]', '/posts/a', (t) =>
      t.some((s) => s.name === 'cache set page'),
    )
    const root = one(trace, 'GET /posts/[id]')
    expect(root.parentSpanId).toBeUndefined()
    expect(root.kind).toBe(SERVER)
    expect(root.scope).toBe('fresco')
    expect(root.attributes).toMatchObject({
      'next.span_type': 'BaseServer.handleRequest',
      'next.span_name': 'GET /posts/[id]',
      'next.route': '/posts/[id]',
      'http.route': '/posts/[id]',
      'http.method': 'GET',
      'http.status_code': 200,
      'next.rsc': false,
      'fresco.cache_status': 'MISS',
    })

    const render = one(trace, 'render route (app) /posts/[id]')
    expect(render.parentSpanId).toBe(root.spanId)
    expect(render.attributes).toMatchObject({
      'next.span_type': 'AppRender.getBodyResult',
      'next.route': '/posts/[id]',
      'fresco.render': 'cached',
      'fresco.regeneration.reason': 'no entry',
    })

    const url = `${upstream.url}/posts/a`
    const fetchSpan = one(trace, `fetch GET ${url}`)
    expect(fetchSpan.parentSpanId).toBe(render.spanId)
    expect(fetchSpan.kind).toBe(CLIENT)
    expect(fetchSpan.attributes).toMatchObject({
      'next.span_type': 'AppRender.fetch',
      'http.url': url,
      'http.method': 'GET',
      'http.status_code': 200,
      'net.peer.name': '127.0.0.1',
      'fresco.fetch.cache': 'MISS',
    })
    // The data cache's write happens inside the fetch; the page's under the request.
    const dataSet = one(trace, 'cache set fetch')
    expect(dataSet.parentSpanId).toBe(fetchSpan.spanId)
    expect(dataSet.attributes).toMatchObject({
      'next.span_type': 'FrescoCache.set',
      'fresco.cache.kind': 'fetch',
    })
    const pageSet = one(trace, 'cache set page')
    expect(pageSet.attributes).toMatchObject({
      'fresco.cache.kind': 'page',
      'fresco.cache.revalidate': 10,
      'fresco.cache.bytes': expect.any(Number),
    })
    expect(trace.map((s) => s.spanId)).toContain(pageSet.parentSpanId)
    expect(upstream.count('/posts/a')).toBe(1)
  })

  it('a HIT: one server span with the cache status, nothing rendered or fetched', async () => {
    const res = await server.get('/posts/a?hit=1')
    expect(res.cache).toBe('HIT')
    const trace = await traceOf('GET /posts/[id]', '/posts/a?hit=1')
    expect(trace).toHaveLength(1)
    expect(trace[0]?.attributes).toMatchObject({ 'fresco.cache_status': 'HIT', 'http.status_code': 200 })
    expect(upstream.count('/posts/a')).toBe(1)
  })

  it('continues the trace of an incoming traceparent (W3C trace context)', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736'
    const parent = '00f067aa0ba902b7'
    const res = await server.get('/posts/first?traced=1', {
      headers: { traceparent: `00-${traceId}-${parent}-01` },
    })
    expect(res.status).toBe(200)
    const root = one(await traceOf('GET /posts/[id]', '/posts/first?traced=1'), 'GET /posts/[id]')
    expect(root.traceId).toBe(traceId)
    expect(root.parentSpanId).toBe(parent)
  })

  it('a route handler: its execution span; the regeneration it causes says why it ran', async () => {
    const res = await server.get('/api/revalidate?tag=post-a', { method: 'POST' })
    expect(res.status).toBe(200)
    const trace = await traceOf('POST /api/revalidate', '/api/revalidate?tag=post-a')
    const root = one(trace, 'POST /api/revalidate')
    const handler = one(trace, 'executing api route (app) /api/revalidate')
    expect(handler.parentSpanId).toBe(root.spanId)
    expect(handler.attributes).toMatchObject({
      'next.span_type': 'AppRouteRouteHandlers.runHandler',
      'next.route': '/api/revalidate',
    })

    expect((await server.get('/posts/a?after=1')).cache).toBe('MISS')
    const again = await traceOf('GET /posts/[id]', '/posts/a?after=1')
    expect(one(again, 'render route (app) /posts/[id]').attributes['fresco.regeneration.reason']).toBe(
      'tag post-a expired',
    )
  })

  it('a URL no route matches is named by its label, never by the path a client made up', async () => {
    expect((await server.get('/no/such/page-xyz')).status).toBe(404)
    const root = one(await traceOf('GET (not found)', '/no/such/page-xyz'), 'GET (not found)')
    expect(root.attributes['next.route']).toBeUndefined()
    expect(root.attributes['http.status_code']).toBe(404)
  })
})

describe('render threads (renderWorkers: 1, the same build)', () => {
  it("a pooled render's fetch and data cache write continue the main thread's render span", async () => {
    await server.stop()
    writeFileSync(join(app.dir, 'fresco.config.mjs'), 'export default { renderWorkers: 1 }\n')
    server = await app.start({ UPSTREAM_URL: upstream.url, OTEL_SPANS_FILE: spansFile })
    expect((await server.get('/posts/b')).cache).toBe('MISS')
    const trace = await traceOf('GET /posts/[id]', '/posts/b', (t) =>
      t.some((s) => s.name === 'cache set page'),
    )
    const root = one(trace, 'GET /posts/[id]')
    const render = one(trace, 'render route (app) /posts/[id]')
    expect(render.parentSpanId).toBe(root.spanId)
    // Started in the thread, by the provider its own register() set up.
    const fetchSpan = one(trace, `fetch GET ${upstream.url}/posts/b`)
    expect(fetchSpan.parentSpanId).toBe(render.spanId)
    expect(one(trace, 'cache set fetch').parentSpanId).toBe(fetchSpan.spanId)
    expect(upstream.count('/posts/b')).toBe(1)
  })
})
