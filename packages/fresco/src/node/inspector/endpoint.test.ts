// The inspector endpoint on a real node:http server, with a fake app: what reaches the app's purge,
// what a failed purge says, a store it cannot list, and methods.
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { silentLogger } from '@fresco/cache'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resolveConfig } from '../../config/resolve.js'
import { createInspector, INSPECTOR_PATH } from './endpoint.js'

const secret = 'a-secret-of-24-characters'
const dir = mkdtempSync(join(tmpdir(), 'fresco-inspector-'))
const purged: unknown[] = []
let accept = true
const servers: Server[] = []

async function serve(user: Record<string, unknown>): Promise<string> {
  const config = resolveConfig({ ...user, inspector: { secret } }, { env: {}, cores: 2 })
  const inspector = createInspector({
    config: { ...config, inspector: { secret } },
    app: {
      buildId: 'b1',
      purge: async (target) => {
        purged.push(target)
        return accept
      },
    },
    logger: silentLogger,
  })
  const server = createServer((req, res) => void inspector.serve(req, res, req.url?.split('?')[1] ?? ''))
  servers.push(server)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

let fs: string
let memory: string
let gone: string
beforeAll(async () => {
  fs = await serve({ cacheHandler: 'fs', cacheDir: dir })
  memory = await serve({ cacheHandler: 'memory' })
  gone = await serve({ cacheHandler: 'fs', cacheDir: join(dir, 'removed') })
})
afterAll(() => {
  for (const s of servers) s.close()
  rmSync(dir, { recursive: true, force: true })
})

const auth = { authorization: `Bearer ${secret}` }
const post = (base: string, body: unknown) =>
  fetch(base + INSPECTOR_PATH, {
    method: 'POST',
    headers: { ...auth, origin: base, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })

describe('createInspector', () => {
  it('hands a valid purge to the app, and says so when the cache did not take it', async () => {
    purged.length = 0
    const ok = await post(fs, { path: '/blog/a' })
    expect(ok.status).toBe(200)
    expect(await ok.json()).toEqual({
      message: 'Invalidated path /blog/a: the next request for it regenerates.',
      purged: { path: '/blog/a' },
    })
    accept = false
    const failed = await post(fs, { tag: 'posts' })
    accept = true
    expect(failed.status).toBe(503)
    expect((await failed.json()).message).toBe(
      'The cache did not take the invalidation of tag posts: see the server log.',
    )
    expect(purged).toEqual([{ path: '/blog/a' }, { tag: 'posts' }])
  })

  it('lists an empty fs store, says why a memory store cannot be listed, answers HEAD and other methods, and a missing store', async () => {
    const empty = await fetch(fs + INSPECTOR_PATH, { headers: auth })
    expect(empty.status).toBe(200)
    expect(await empty.text()).toContain('<p>No entries match.</p>')
    const mem = await fetch(memory + INSPECTOR_PATH, { headers: auth })
    expect(mem.status).toBe(200)
    expect(await mem.text()).toContain('keeps its entries inside each server process')
    expect((await post(memory, { tag: 'posts' })).status).toBe(200)
    const head = await fetch(fs + INSPECTOR_PATH, { method: 'HEAD', headers: auth })
    expect(head.status).toBe(200)
    expect(head.headers.get('cache-control')).toBe('no-store')
    const put = await fetch(fs + INSPECTOR_PATH, { method: 'PUT', headers: auth })
    expect(put.status).toBe(405)
    // A cache directory removed under a running server: a 503 that says where to look.
    const missing = await fetch(gone + INSPECTOR_PATH, { headers: auth })
    expect(missing.status).toBe(503)
    expect(await missing.text()).toBe('The cache store could not be read: see the server log.\n')
  })
})
