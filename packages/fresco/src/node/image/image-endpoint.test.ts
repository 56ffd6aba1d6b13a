// The endpoint on a real node:http server and a real memory handler: one transform for concurrent
// requests of one image, and a failing cache never fails a request (DESIGN.md invariant 5).
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type CacheHandler, createMemoryHandler, silentLogger } from '@fresco/cache'
import { afterEach, describe, expect, it } from 'vitest'
import { IMAGE_DEFAULTS } from '../../config/images.js'
import { createImageEndpoint } from './image-endpoint.js'

const photo = fileURLToPath(
  new URL('../../../../../e2e/fixtures/next-modules/public/photo.jpg', import.meta.url),
)
const cleanups: (() => void)[] = []
afterEach(() => {
  for (const c of cleanups.splice(0)) c()
})

async function serve(handler: CacheHandler): Promise<string> {
  const publicDir = mkdtempSync(join(tmpdir(), 'fresco-image-'))
  copyFileSync(photo, join(publicDir, 'photo.jpg'))
  const endpoint = createImageEndpoint({
    config: IMAGE_DEFAULTS,
    handler,
    dirs: { publicDir },
    buildId: 'b',
    logger: silentLogger,
  })
  const server: Server = createServer(
    (req, res) => void endpoint.serve(req, res, new URL(req.url ?? '/', 'http://x').search),
  )
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  cleanups.push(() => {
    server.close()
    rmSync(publicDir, { recursive: true, force: true })
  })
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/_fresco/image`
}

const counted = (inner: CacheHandler) => {
  const calls = { get: 0, set: 0 }
  const handler: CacheHandler = {
    ...inner,
    get(k) {
      calls.get++
      return inner.get(k)
    },
    set(k, e) {
      calls.set++
      return inner.set(k, e)
    },
  }
  return { handler, calls }
}

describe('image endpoint', () => {
  it('answers 20 concurrent requests for one image with one transform, then from the cache', async () => {
    const { handler, calls } = counted(createMemoryHandler({ logger: silentLogger }))
    const url = `${await serve(handler)}?url=%2Fphoto.jpg&w=640&q=75`
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => fetch(url, { headers: { accept: 'image/webp' } })),
    )
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200))
    expect(new Set(answers.map((a) => a.headers.get('etag'))).size).toBe(1)
    expect(calls.set).toBe(1)
    const again = await fetch(url, { headers: { accept: 'image/webp' } })
    expect(again.headers.get('x-fresco-cache')).toBe('HIT')
    expect(calls.set).toBe(1)
  })

  it('keeps answering when the cache throws on read and write', async () => {
    const broken: CacheHandler = {
      ...createMemoryHandler({ logger: silentLogger }),
      get: () => Promise.reject(new Error('disk gone')),
      set: () => Promise.reject(new Error('disk full')),
    }
    const url = `${await serve(broken)}?url=%2Fphoto.jpg&w=384&q=75`
    for (let i = 0; i < 2; i++) {
      const res = await fetch(url, { headers: { accept: 'image/webp' } })
      expect(res.status).toBe(200)
      expect(res.headers.get('x-fresco-cache')).toBe('MISS')
      expect(res.headers.get('content-type')).toBe('image/webp')
    }
  })
})
