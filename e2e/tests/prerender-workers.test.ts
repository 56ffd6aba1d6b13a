// `fresco build` with prerender worker threads: the same routes and route-cache entries as the
// single-thread build, one upstream request per distinct cached fetch across all workers, and a
// render error inside a worker failing the build with the path named.
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { join } from 'node:path'
import { createFsHandler, silentLogger } from '@fresco/cache'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type App, createApp, fixture } from '../harness/index.js'

/** A data source that counts what it is asked for and answers slowly, so renders in different workers overlap. */
function startCountingServer(): Promise<{ server: Server; url: string; counts: Map<string, number> }> {
  const counts = new Map<string, number>()
  const server = createServer((req, res) => {
    const path = req.url ?? '/'
    counts.set(path, (counts.get(path) ?? 0) + 1)
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ served: `data${path}` }))
    }, 150)
  })
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      resolve({ server, url: `http://127.0.0.1:${port}`, counts })
    }),
  )
}

interface Built {
  output: string
  manifest: {
    buildId: string
    routes: { id: string; type: string; revalidate: unknown; prerendered: string[] }[]
  }
  counts: Record<string, number>
}

let upstream: Awaited<ReturnType<typeof startCountingServer>>
let app: App

/** A clean build (no route or data cache left from the last one) with `prerenderWorkers: workers`. */
async function build(workers: number, env: Record<string, string> = {}) {
  rmSync(join(app.dir, '.fresco'), { recursive: true, force: true })
  writeFileSync(join(app.dir, 'fresco.config.mjs'), `export default { prerenderWorkers: ${workers} }\n`)
  upstream.counts.clear()
  const result = await app.build({ UPSTREAM_URL: upstream.url, ...env })
  return { ...result, counts: Object.fromEntries([...upstream.counts].sort()) }
}

async function builtWith(workers: number): Promise<Built> {
  const { code, output, counts } = await build(workers)
  expect(code, output).toBe(0)
  const manifest = JSON.parse(readFileSync(join(app.dir, '.fresco', 'manifest.json'), 'utf8'))
  return { output, manifest, counts }
}

/** The stored route entry of each prerendered path, with the build id taken out of its bytes. */
async function routeEntries(built: Built) {
  const handler = createFsHandler({ dir: join(app.dir, '.fresco', 'cache'), logger: silentLogger })
  await handler.ready()
  const text = (bytes: Uint8Array | undefined) =>
    new TextDecoder().decode(bytes).replaceAll(built.manifest.buildId, '<build>')
  const out: Record<string, unknown> = {}
  for (const path of built.manifest.routes.flatMap((r) => r.prerendered)) {
    const entry = await handler.get(`route:${built.manifest.buildId}:${path}`)
    expect(entry, path).toBeDefined()
    out[path] = {
      status: entry!.status,
      revalidate: entry!.revalidate,
      tags: [...entry!.tags].sort(),
      body: text(entry!.body),
      payload: text(entry!.payload),
    }
  }
  await handler.close()
  return out
}

const routes = (b: Built) =>
  b.manifest.routes.map(({ id, type, revalidate, prerendered }) => ({
    id,
    type,
    revalidate,
    prerendered: [...prerendered].sort(),
  }))

beforeAll(async () => {
  upstream = await startCountingServer()
  app = await createApp(fixture('prerender-workers'))
})

afterAll(async () => {
  await app?.cleanup()
  upstream?.server.close()
})

describe('fresco build with prerender workers', () => {
  it('stores what the single-thread build stores, asking upstream once per distinct cached fetch', async () => {
    const threaded = await builtWith(2)
    expect(threaded.output).toContain('Prerendering 26 paths in 2 worker threads')
    const threadedEntries = await routeEntries(threaded)
    const single = await builtWith(1)
    expect(single.output).not.toContain('worker threads')

    // 24 items + the home page; /me read cookies(), so it is dynamic under both.
    expect(routes(threaded)).toEqual(routes(single))
    expect(routes(threaded).find((r) => r.id === '/me')?.type).toBe('dynamic')
    expect(Object.keys(threadedEntries)).toHaveLength(25)
    expect(threadedEntries).toEqual(await routeEntries(single))
    expect(threadedEntries['/items/4']).toMatchObject({ status: 200, revalidate: 120 })
    expect((threadedEntries['/items/4'] as { body: string }).body).toMatch(
      /data\/shared<!-- --> <!-- -->data\/group\/1<!-- --> <!-- -->data\/own\/4/,
    )

    // /shared is read by all 24 items, each group by 8, rendered 4 at a time per worker: still one request each.
    const once = { '/group/0': 1, '/group/1': 1, '/group/2': 1, '/shared': 1 } as Record<string, number>
    for (let id = 1; id <= 24; id++) once[`/own/${id}`] = 1
    expect(threaded.counts).toEqual(Object.fromEntries(Object.entries(once).sort()))
    expect(single.counts).toEqual(threaded.counts)
  })

  it('a render that throws in a worker fails the build naming the path and the error', async () => {
    const { code, output } = await build(2, { FAIL_ITEM: '7' })
    expect(code).not.toBe(0)
    expect(output).toContain('Prerendering 26 paths in 2 worker threads')
    expect(output).toMatch(/Prerendering \/items\/7 \(route \/items\/\[id\]\) failed: item 7 is broken/)
    expect(output).not.toContain('✓ Built')
  })
  it('a render in a worker that can never finish fails the build naming the path, instead of exiting 0', async () => {
    const { code, output } = await build(2, { HANG_ITEM: '5' })
    expect(code).not.toBe(0)
    expect(output).toContain(
      'The build stopped while prerendering /items/5 (app/items/[id]/page.tsx) in a prerender worker',
    )
    expect(output).not.toContain('✓ Built')
  })
})
