import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { CacheHandler } from '@fresco/cache'
import { afterEach, describe, expect, it } from 'vitest'
import { createHealth, type HealthOptions } from './health.js'

const servers: Server[] = []
const dirs: string[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))))
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })))
})

/** A server answering the two endpoints, and 418 for anything the health module leaves alone. */
async function serve(options: HealthOptions): Promise<string> {
  const health = createHealth(options)
  const server = createServer((req, res) => {
    const pathname = (req.url ?? '/').split('?')[0] ?? '/'
    if (health.serve(req, res, pathname) === false) res.writeHead(418).end()
  })
  servers.push(server)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

const json = async (url: string, init?: RequestInit) => {
  const res = await fetch(url, init)
  const text = await res.text()
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null }
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'fresco-health-'))
  dirs.push(dir)
  return dir
}

describe('/_fresco/health and /_fresco/ready', () => {
  it('fs: ready while the cache directory takes a write, leaving no file behind; not ready when it cannot', async () => {
    const dir = await tempDir()
    const url = await serve({ cacheHandler: 'fs', cacheDir: path.join(dir, 'cache') })
    const ready = await json(`${url}/_fresco/ready`)
    expect(ready).toMatchObject({
      status: 200,
      body: { status: 'ready', cache: { handler: 'fs', state: 'writable' } },
    })
    expect(ready.headers.get('cache-control')).toBe('no-store')
    expect(await readdir(path.join(dir, 'cache'))).toEqual([])

    // A cache directory under a regular file can never be created or written.
    await writeFile(path.join(dir, 'file'), 'x')
    const broken = await serve({ cacheHandler: 'fs', cacheDir: path.join(dir, 'file', 'cache') })
    expect(await json(`${broken}/_fresco/ready`)).toMatchObject({
      status: 503,
      body: { status: 'not-ready', cache: { handler: 'fs', state: 'not-writable' } },
    })
    // Liveness checks nothing but the process.
    expect(await json(`${broken}/_fresco/health`)).toMatchObject({ status: 200, body: { status: 'ok' } })
  })

  it("redis: follows the handler's view, one verdict per second however many probes", async () => {
    let up = true
    let asked = 0
    const handler = {
      stats: () => {
        asked++
        return { redisUp: up }
      },
    } as unknown as CacheHandler
    let now = 0
    const url = await serve({ cacheHandler: 'redis', cacheDir: '/nonexistent', handler, now: () => now })
    expect((await json(`${url}/_fresco/ready`)).body).toEqual({
      status: 'ready',
      cache: { handler: 'redis', state: 'up' },
    })
    up = false
    expect((await json(`${url}/_fresco/ready`)).status).toBe(200) // the same second: the same verdict
    now += 1000
    const down = await json(`${url}/_fresco/ready`)
    expect(down).toMatchObject({
      status: 503,
      body: { status: 'not-ready', cache: { handler: 'redis', state: 'down' } },
    })
    await Promise.all(Array.from({ length: 20 }, () => fetch(`${url}/_fresco/ready`)))
    expect(asked).toBe(2)
    up = true
    now += 1000
    expect((await json(`${url}/_fresco/ready`)).status).toBe(200)
  })

  it('memory and a handler object without a state are ready; other methods are 405, HEAD has no body, other paths are not answered', async () => {
    const url = await serve({ cacheHandler: 'memory', cacheDir: '/nonexistent' })
    expect((await json(`${url}/_fresco/ready`)).body.cache).toEqual({ handler: 'memory', state: 'in-memory' })
    const custom = await serve({
      cacheHandler: {} as CacheHandler,
      cacheDir: '/nonexistent',
      handler: {} as CacheHandler,
    })
    expect((await json(`${custom}/_fresco/ready`)).body.cache).toEqual({
      handler: 'custom',
      state: 'not-checked',
    })
    const post = await json(`${url}/_fresco/ready`, { method: 'POST', body: 'x' })
    expect(post.status).toBe(405)
    expect(post.headers.get('allow')).toBe('GET, HEAD')
    const head = await fetch(`${url}/_fresco/health`, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
    for (const other of ['/_fresco/healthz', '/_fresco/ready/', '/health'])
      expect((await fetch(url + other)).status, other).toBe(418)
  })
})
