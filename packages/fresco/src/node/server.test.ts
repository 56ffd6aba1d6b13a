// The node server end to end: real sockets on port 0, a fake FrescoApp serving real prepared
// responses built from real CacheEntry objects.
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises'
import { Agent, get, request } from 'node:http'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliDecompressSync, createBrotliDecompress, createGunzip, gunzipSync } from 'node:zlib'
import type { CacheEntry, CacheStatus, Logger } from '@fresco/cache'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cacheControlFor, DYNAMIC_CACHE_CONTROL } from '../runtime/server/cache-headers.js'
import { type Compressor, zlibCompressor } from '../runtime/server/compress.js'
import type { FrescoApp, IncomingInfo, Served } from '../runtime/server/contract.js'
import { prepareEntry } from '../runtime/server/entry-response.js'
import { type FrescoServer, startServer } from './server.js'

interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: Buffer
}

interface SendInit {
  method?: string
  headers?: Record<string, string>
  body?: string | Buffer
  agent?: Agent
}

function send(port: number, path: string, init: SendInit = {}) {
  return new Promise<Reply>((resolve, reject) => {
    const options = {
      host: '127.0.0.1',
      port,
      path,
      method: init.method,
      headers: init.headers,
      agent: init.agent ?? false,
    }
    const req = request(options, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      )
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(init.body)
  })
}

/** Writes raw bytes (URLs node's client would refuse to send) and returns the raw answer. */
function raw(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let out = ''
    socket.on('data', (c) => {
      out += c.toString('latin1')
    })
    socket.on('end', () => resolve(out))
    socket.on('close', () => resolve(out))
    socket.on('error', (e: NodeJS.ErrnoException) =>
      e.code === 'ECONNRESET' && out ? resolve(out) : reject(e),
    )
    socket.end(text)
  })
}
const statusOf = (answer: string) => Number(answer.slice(9, 12))

/**
 * Sends a request with a `size`-byte body (Content-Length or chunked), reading whatever comes back
 * while it uploads, the way browsers and curl do. Resolves at close with the answer and the socket
 * error, if any (a reset or EPIPE means the server closed with unread bytes: RFC 9112 §9.6).
 */
function upload(
  port: number,
  path: string,
  size: number,
  framing: 'length' | 'chunked',
): Promise<{ answer: string; error: string | undefined }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    let answer = ''
    let error: string | undefined
    socket.on('data', (c) => {
      answer += c.toString('latin1')
    })
    socket.on('error', (e: NodeJS.ErrnoException) => {
      error = e.code ?? e.message
    })
    socket.on('close', () => resolve({ answer, error }))
    const framingHeader = framing === 'length' ? `Content-Length: ${size}` : 'Transfer-Encoding: chunked'
    socket.write(`POST ${path} HTTP/1.1\r\nHost: x\r\n${framingHeader}\r\n\r\n`)
    const chunk = Buffer.alloc(64 * 1024, 120)
    let sent = 0
    const pump = () => {
      while (sent < size && !socket.destroyed) {
        const part = chunk.subarray(0, Math.min(chunk.length, size - sent))
        sent += part.length
        const framed = framing === 'length' ? part : frame(part)
        const ok = socket.write(framed)
        if (!ok) return void socket.once('drain', pump)
      }
      if (!socket.destroyed) socket.end(framing === 'chunked' ? '0\r\n\r\n' : '')
    }
    pump()
  })
}

/** A POST to `path`, then a small one to /echo, on one keep-alive agent (one socket at a time). */
async function twoOnOneAgent(port: number, path: string, body: string | Buffer) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 })
  const first = await send(port, path, { method: 'POST', body, agent })
  const next = await send(port, '/echo', { method: 'POST', body: 'ok', agent })
  agent.destroy()
  return { first, next: next.body.toString() }
}

const frame = (part: Buffer) =>
  Buffer.concat([Buffer.from(`${part.length.toString(16)}\r\n`), part, Buffer.from('\r\n')])

const enc = new TextEncoder()
const MB = 1024 * 1024
const bodyHtml = `<!doctype html><title>post</title><main>${'<p>Incremental Static Regeneration</p>'.repeat(100)}</main>`

function entry(revalidate: number | false, overrides: Partial<CacheEntry> = {}): CacheEntry {
  return {
    kind: 'page',
    body: enc.encode(bodyHtml),
    payload: enc.encode(`0:["$","main",null,${JSON.stringify('x'.repeat(3000))}]\n`),
    status: 200,
    headers: {},
    tags: ['posts', '_N_T_/blog/page'],
    lastModified: Date.now(),
    revalidate,
    ...overrides,
  }
}

const compressions: string[] = []
const countingCompressor: Compressor = (body, encoding, quality) => {
  compressions.push(encoding)
  return zlibCompressor(body, encoding, quality)
}
const entries = {
  isr: entry(60),
  forever: entry(false),
  counted: entry(60),
}
function prepared(e: CacheEntry, status: CacheStatus | null, which: 'html' | 'rsc' = 'html'): Served {
  return {
    type: 'prepared',
    prepared: prepareEntry(e, which, cacheControlFor(e.revalidate), { compressor: countingCompressor }),
    cacheStatus: status,
  }
}

const errors: string[] = []
const logger: Logger = { debug() {}, warn() {}, error: (m) => errors.push(m) }
let cancelled = 0
let openGate: (() => void) | undefined
let aborted = 0
let queuedWaiting = 0
let lateWaiting = 0
let lateCancelled = 0
let lateGo: (() => void) | undefined
let appClosed = false

const app: FrescoApp = {
  buildId: 'test',
  async close() {
    appClosed = true
  },
  async serve(req: IncomingInfo): Promise<Served> {
    const { pathname } = req
    if (pathname === '/isr') return prepared(entries.isr, 'HIT')
    if (pathname === '/forever') return prepared(entries.forever, 'HIT')
    if (pathname === '/counted') return prepared(entries.counted, 'HIT')
    if (pathname === '/_fresco/rsc/isr') return prepared(entries.isr, 'HIT', 'rsc')
    const status = /^\/status\/(\w+)$/.exec(pathname)?.[1] as CacheStatus | undefined
    if (status) return prepared(entries.isr, status)
    if (pathname === '/dynamic') {
      const headers = new Headers({
        'content-type': 'text/html; charset=utf-8',
        'cache-control': DYNAMIC_CACHE_CONTROL,
      })
      headers.append('set-cookie', 'a=1; Path=/')
      headers.append('set-cookie', 'b=2; Path=/')
      const stream = new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(enc.encode('<p>one</p>'))
          await new Promise((r) => setTimeout(r, 20))
          controller.enqueue(enc.encode('<p>two</p>'))
          controller.close()
        },
      })
      return { type: 'web', response: new Response(stream, { headers }) }
    }
    if (pathname === '/endless') {
      let done = false
      const stream = new ReadableStream<Uint8Array>({
        pull: async (controller) => {
          await new Promise((r) => setTimeout(r, 5))
          if (!done) controller.enqueue(enc.encode('x'.repeat(1024)))
        },
        cancel: () => {
          done = true
          cancelled++
        },
      })
      return { type: 'web', response: new Response(stream) }
    }
    if (pathname === '/broken') {
      const stream = new ReadableStream<Uint8Array>({
        async pull(controller) {
          controller.enqueue(enc.encode('<p>start</p>'))
          await new Promise((r) => setTimeout(r, 10))
          controller.error(new Error('render exploded mid-stream'))
        },
      })
      return { type: 'web', response: new Response(stream) }
    }
    if (pathname === '/watch') {
      req.signal.addEventListener('abort', () => {
        aborted++
      })
      const stream = new ReadableStream<Uint8Array>({
        pull: (controller) =>
          new Promise((r) => setTimeout(r, 5)).then(() => {
            if (!req.signal.aborted) controller.enqueue(enc.encode('.'))
          }),
      })
      return { type: 'web', response: new Response(stream) }
    }
    if (pathname === '/gated') {
      const stream = new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(enc.encode(`<p>${'shell '.repeat(300)}</p>`))
          await new Promise<void>((r) => {
            openGate = r
          })
          controller.enqueue(enc.encode(`<p>${'late '.repeat(300)}</p>`))
          controller.close()
        },
      })
      const cacheControl = req.search === '?no-transform' ? 'no-transform' : DYNAMIC_CACHE_CONTROL
      const type = req.search === '?png' ? 'image/png' : 'text/html; charset=utf-8'
      return {
        type: 'web',
        response: new Response(stream, { headers: { 'content-type': type, 'cache-control': cacheControl } }),
      }
    }
    if (pathname === '/ignore-body') {
      // Reads a little of the body, then answers without cancelling the stream (as apps do).
      const reader = req.body()?.getReader()
      await reader?.read()
      return { type: 'web', response: new Response('ignored', { status: 400 }) }
    }
    if (pathname === '/echo') {
      const body = req.body()
      const text = body ? await new Response(body).text() : 'no body'
      return { type: 'web', response: new Response(`${req.method} ${text.length} ${req.search}`) }
    }
    if (pathname === '/origin') {
      // What the app builds request.url from (runtime/server/request.ts).
      const url = new URL(`${req.origin}${pathname}`)
      return { type: 'web', response: new Response(url.href) }
    }
    if (pathname === '/refuse') {
      // As a Server Action over its own limit: read a little, cancel the rest, answer 413.
      const reader = req.body()?.getReader()
      await reader?.read()
      await reader?.cancel()
      return { type: 'web', response: new Response('action body too large', { status: 413 }) }
    }
    if (pathname === '/throw') throw new Error('render failed')
    if (pathname === '/late') {
      // A dynamic page whose shell is ready only after its client has gone.
      lateWaiting++
      await new Promise<void>((resolve) => {
        lateGo = resolve
      })
      const chunk = new TextEncoder().encode(`<p>${'x'.repeat(4000)}</p>`)
      let sent = 0
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent++ < 50) controller.enqueue(chunk)
          else controller.close()
        },
        cancel() {
          lateCancelled++
        },
      })
      return { type: 'web', response: new Response(body, { headers: { 'content-type': 'text/html' } }) }
    }
    if (pathname === '/queued') {
      // As a render waiting for a slot: rejects with the signal's reason when the client leaves.
      queuedWaiting++
      await new Promise((_, reject) => req.signal.addEventListener('abort', () => reject(req.signal.reason)))
    }
    return { type: 'web', response: new Response('Not Found', { status: 404 }) }
  },
}

let dir: string
let server: FrescoServer
let port: number

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fresco-server-'))
  await mkdir(join(dir, 'client/_fresco/static'), { recursive: true })
  // Vite copies public/ into dist/client: the app's own public/assets/x.txt lands beside the build.
  await mkdir(join(dir, 'client/assets'), { recursive: true })
  await mkdir(join(dir, 'public/assets'), { recursive: true })
  await writeFile(join(dir, 'client/assets/x.txt'), 'user file\n')
  await writeFile(join(dir, 'public/assets/x.txt'), 'user file\n')
  await mkdir(join(dir, 'public/.well-known'), { recursive: true })
  await writeFile(
    join(dir, 'client/_fresco/static/index-Bx7.js'),
    `export const x = ${JSON.stringify('y'.repeat(4000))}\n`,
  )
  await writeFile(join(dir, 'public/robots.txt'), 'User-agent: *\nAllow: /\n')
  await writeFile(join(dir, 'public/big.bin'), Buffer.alloc(300 * 1024, 7))
  await writeFile(join(dir, 'public/.env'), 'SECRET=1')
  await writeFile(join(dir, 'public/.well-known/security.txt'), 'Contact: x@example.com\n')
  await utimes(
    join(dir, 'public/robots.txt'),
    new Date('2024-01-01T00:00:00Z'),
    new Date('2024-01-01T00:00:00Z'),
  )
  server = await startServer({
    app,
    clientDir: join(dir, 'client'),
    publicDir: join(dir, 'public'),
    port: 0,
    hostname: '127.0.0.1',
    logger,
    bodySizeLimit: 1000,
  })
  port = server.port
})

afterAll(async () => {
  await server.close()
  await rm(dir, { recursive: true, force: true })
})

describe('prepared responses', () => {
  it('ISR HIT: exact Cache-Control, x-fresco-cache, Cache-Status, ETag, type and body', async () => {
    const res = await send(port, '/isr')
    expect(res.status).toBe(200)
    expect(res.headers['cache-control']).toBe('s-maxage=60, stale-while-revalidate=31535940')
    expect(res.headers['x-fresco-cache']).toBe('HIT')
    expect(res.headers['cache-status']).toBe('fresco; hit')
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(res.headers.etag).toMatch(/^"[\w-]+"$/)
    expect(res.headers['x-fresco-cache-tags']).toBeUndefined()
    expect(res.body.toString()).toBe(bodyHtml)
    expect(JSON.stringify(res.headers)).not.toContain('posts')
  })

  it('static forever and RSC payload', async () => {
    expect((await send(port, '/forever')).headers['cache-control']).toBe('s-maxage=31536000')
    const rsc = await send(port, '/_fresco/rsc/isr')
    expect(rsc.headers['content-type']).toBe('text/x-component')
    expect(rsc.body.toString()).toBe(new TextDecoder().decode(entries.isr.payload))
  })

  it('reports every cache status in both headers', async () => {
    const expected: Record<CacheStatus, string> = {
      HIT: 'fresco; hit',
      STALE: 'fresco; hit; detail=stale-while-revalidate',
      MISS: 'fresco; fwd=miss; stored',
      REVALIDATED: 'fresco; fwd=request; stored; detail=revalidated',
    }
    for (const [status, header] of Object.entries(expected)) {
      const res = await send(port, `/status/${status}`)
      expect(res.headers['x-fresco-cache']).toBe(status)
      expect(res.headers['cache-status']).toBe(header)
    }
  })

  it('If-None-Match → 304 without a body; HEAD → headers only', async () => {
    const first = await send(port, '/isr')
    const etag = first.headers.etag as string
    const revalidated = await send(port, '/isr', { headers: { 'if-none-match': etag } })
    expect(revalidated.status).toBe(304)
    expect(revalidated.body.length).toBe(0)
    expect(revalidated.headers.etag).toBe(etag)
    expect(revalidated.headers['cache-control']).toBe(first.headers['cache-control'])
    expect((await send(port, '/isr', { headers: { 'if-none-match': '"nope"' } })).status).toBe(200)
    const head = await send(port, '/isr', { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.body.length).toBe(0)
    expect(head.headers['content-length']).toBe(String(first.body.length))
  })

  it('negotiates br > gzip > identity, all decoding to the same bytes, compressing once', async () => {
    await send(port, '/counted') // the first request prepares (and starts compressing) the entry
    await prepareEntry(entries.counted, 'html', cacheControlFor(60)).compress()
    const before = compressions.length
    const br = await send(port, '/counted', { headers: { 'accept-encoding': 'gzip, deflate, br' } })
    const gz = await send(port, '/counted', { headers: { 'accept-encoding': 'gzip' } })
    const id = await send(port, '/counted', { headers: { 'accept-encoding': 'identity' } })
    for (let i = 0; i < 5; i++) await send(port, '/counted', { headers: { 'accept-encoding': 'br' } })
    expect(compressions.length).toBe(before) // no compression per request
    expect(br.headers['content-encoding']).toBe('br')
    expect(gz.headers['content-encoding']).toBe('gzip')
    expect(id.headers['content-encoding']).toBeUndefined()
    expect(br.headers.vary).toBe('Accept-Encoding')
    expect(id.headers.vary).toBe('Accept-Encoding')
    expect(brotliDecompressSync(br.body).toString()).toBe(bodyHtml)
    expect(gunzipSync(gz.body).toString()).toBe(bodyHtml)
    expect(id.body.toString()).toBe(bodyHtml)
    expect(br.body.length).toBeLessThan(id.body.length)
    expect(Number(br.headers['content-length'])).toBe(br.body.length)
    expect(new Set([br.headers.etag, gz.headers.etag, id.headers.etag]).size).toBe(3)
    // A client that cached the gzip variant can revalidate with it.
    expect(
      (await send(port, '/counted', { headers: { 'if-none-match': gz.headers.etag as string } })).status,
    ).toBe(304)
  })
})

describe('web responses', () => {
  it('streams a dynamic response with every Set-Cookie', async () => {
    const res = await send(port, '/dynamic')
    expect(res.status).toBe(200)
    expect(res.headers['cache-control']).toBe('private, no-cache, no-store, max-age=0, must-revalidate')
    expect(res.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; Path=/'])
    expect(res.body.toString()).toBe('<p>one</p><p>two</p>')
  })

  it('cancels the stream when the client goes away', async () => {
    const answer = await new Promise<void>((resolve) => {
      const req = request({ host: '127.0.0.1', port, path: '/endless', agent: false }, (res) => {
        res.once('data', () => {
          req.destroy()
          resolve()
        })
      })
      req.on('error', () => {})
      req.end()
    })
    expect(answer).toBeUndefined()
    await expect.poll(() => cancelled).toBe(1)
  })
})

describe('web responses: failures and HEAD', () => {
  it('a stream that fails after the head cuts the connection (no fake complete page) and is logged', async () => {
    await expect(send(port, '/broken')).rejects.toThrow()
    expect(errors.some((e) => e.includes('/broken'))).toBe(true)
    expect((await send(port, '/isr')).status).toBe(200)
  })

  it('HEAD on a web response sends the head only', async () => {
    const res = await send(port, '/dynamic', { method: 'HEAD' })
    expect(res.status).toBe(200)
    expect(res.body.length).toBe(0)
    expect(res.headers['set-cookie']).toHaveLength(2)
  })

  it.each([
    ['identity', {}],
    ['br', { 'accept-encoding': 'br' }],
  ])('a response ready after its client left is dropped, never left hanging (%s)', async (_, headers) => {
    lateWaiting = 0
    lateCancelled = 0
    const req = request({ host: '127.0.0.1', port, path: '/late', agent: false, headers })
    req.on('error', () => {})
    req.end()
    await expect.poll(() => lateWaiting).toBe(1)
    req.destroy()
    await new Promise((resolve) => setTimeout(resolve, 50)) // the server sees the close first
    lateGo?.()
    // The body is cancelled (the render behind it stops) instead of waiting forever for a drain.
    await expect.poll(() => lateCancelled).toBe(1)
  })

  it('a request abandoned by its client while it waits is not logged as a failure', async () => {
    const before = errors.length
    const req = request({ host: '127.0.0.1', port, path: '/queued', agent: false })
    req.on('error', () => {})
    req.end()
    await expect.poll(() => queuedWaiting).toBe(1)
    req.destroy()
    // The server notices the close and answers nobody; then a request that does fail is still logged.
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect((await fetch(`http://127.0.0.1:${port}/throw`)).status).toBe(500)
    expect(errors.slice(before)).toEqual(['GET /throw failed'])
  })

  it('IncomingInfo.signal aborts when the client goes away', async () => {
    await new Promise<void>((resolve) => {
      const req = request({ host: '127.0.0.1', port, path: '/watch', agent: false }, (res) => {
        res.once('data', () => {
          req.destroy()
          resolve()
        })
      })
      req.on('error', () => {})
      req.end()
    })
    await expect.poll(() => aborted).toBe(1)
  })
})

describe('streamed responses are compressed on the fly', () => {
  /** Reads /gated, checking that the shell arrives (decoded) before the rest is even produced. */
  function gated(search: string, acceptEncoding: string) {
    openGate = undefined
    return new Promise<{ encoding: string | undefined; vary: unknown; text: string; early: boolean }>(
      (resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            path: `/gated${search}`,
            agent: false,
            headers: { 'accept-encoding': acceptEncoding },
          },
          (res) => {
            const encoding = res.headers['content-encoding']
            const decoded =
              encoding === 'br'
                ? res.pipe(createBrotliDecompress())
                : encoding === 'gzip'
                  ? res.pipe(createGunzip())
                  : res
            let text = ''
            let early = false
            decoded.on('data', (chunk: Buffer) => {
              text += chunk.toString()
              if (openGate && !text.includes('late')) {
                early = text.includes('shell')
                openGate()
                openGate = undefined
              }
            })
            decoded.on('end', () => resolve({ encoding, vary: res.headers.vary, text, early }))
            decoded.on('error', reject)
          },
        )
        req.on('error', reject)
        req.end()
      },
    )
  }

  it('br and gzip, flushed per chunk so streaming still streams', async () => {
    for (const [accept, expected] of [
      ['gzip, deflate, br', 'br'],
      ['gzip', 'gzip'],
    ] as const) {
      const res = await gated('', accept)
      expect(res.encoding).toBe(expected)
      expect(res.vary).toBe('Accept-Encoding')
      expect(res.early).toBe(true)
      expect(res.text).toBe(`<p>${'shell '.repeat(300)}</p><p>${'late '.repeat(300)}</p>`)
    }
  })

  it('not for Cache-Control: no-transform, binary types or clients without a coding', async () => {
    expect((await gated('?no-transform', 'gzip')).encoding).toBeUndefined()
    expect((await gated('?png', 'gzip')).encoding).toBeUndefined()
    expect((await gated('', 'identity')).encoding).toBeUndefined()
  })
})

describe('static files', () => {
  it('serves content-hashed assets immutable, compressed', async () => {
    const res = await send(port, '/_fresco/static/index-Bx7.js', { headers: { 'accept-encoding': 'gzip' } })
    expect(res.status).toBe(200)
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect(res.headers['x-fresco-cache']).toBeUndefined()
    // Compression of a static file starts on its first request and never blocks it.
    const gzipped = async () => {
      const again = await send(port, '/_fresco/static/index-Bx7.js', {
        headers: { 'accept-encoding': 'gzip' },
      })
      return again.headers['content-encoding'] === 'gzip' ? gunzipSync(again.body).toString() : ''
    }
    await expect.poll(gzipped).toBe(res.body.toString())
  })

  it("never marks the app's own public/assets/* immutable (issue 8 #14)", async () => {
    const res = await send(port, '/assets/x.txt')
    expect(res.body.toString()).toBe('user file\n')
    expect(res.headers['cache-control']).toBe('public, max-age=0')
    expect(res.headers.etag).toBeDefined()
  })

  it('serves public/ files as next start does (public, max-age=0), with ETag and Last-Modified, and 304s', async () => {
    const res = await send(port, '/robots.txt')
    expect(res.body.toString()).toBe('User-agent: *\nAllow: /\n')
    expect(res.headers['cache-control']).toBe('public, max-age=0')
    expect(res.headers['last-modified']).toBe('Mon, 01 Jan 2024 00:00:00 GMT')
    expect(
      (await send(port, '/robots.txt', { headers: { 'if-none-match': res.headers.etag as string } })).status,
    ).toBe(304)
    const since = await send(port, '/robots.txt', {
      headers: { 'if-modified-since': 'Tue, 02 Jan 2024 00:00:00 GMT' },
    })
    expect(since.status).toBe(304)
    const head = await send(port, '/robots.txt', { method: 'HEAD' })
    expect(head.body.length).toBe(0)
    expect(head.headers['content-length']).toBe('23')
  })

  it('streams large files with a weak validator', async () => {
    const res = await send(port, '/big.bin')
    expect(res.body.length).toBe(300 * 1024)
    expect(res.headers['content-type']).toBe('application/octet-stream')
    expect(res.headers.etag).toMatch(/^W\//)
    expect(
      (await send(port, '/big.bin', { headers: { 'if-none-match': res.headers.etag as string } })).status,
    ).toBe(304)
  })

  it('answers single byte ranges of streamed files (media seeking), 416 past the end', async () => {
    const part = await send(port, '/big.bin', { headers: { range: 'bytes=100-199' } })
    expect(part.status).toBe(206)
    expect(part.headers['content-range']).toBe(`bytes 100-199/${300 * 1024}`)
    expect(part.body.length).toBe(100)
    expect(part.headers['accept-ranges']).toBe('bytes')
    const tail = await send(port, '/big.bin', { headers: { range: 'bytes=-10' } })
    expect(tail.body.length).toBe(10)
    const past = await send(port, '/big.bin', { headers: { range: `bytes=${300 * 1024}-` } })
    expect(past.status).toBe(416)
    expect(past.headers['content-range']).toBe(`bytes */${300 * 1024}`)
  })

  it('never serves dotfiles, but serves /.well-known', async () => {
    expect((await send(port, '/.env')).status).toBe(404)
    expect((await send(port, '/.well-known/security.txt')).status).toBe(200)
  })
})

describe('bad input never reaches the app and never breaks the server', () => {
  const cases: [string, string, number[]][] = [
    ['malformed percent-encoding', 'GET /%E0%A4%A HTTP/1.1\r\nHost: x\r\n\r\n', [400]],
    ['dot-dot traversal', 'GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n', [400]],
    ['encoded traversal', 'GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n', [400]],
    ['encoded slash', 'GET /assets%2f..%2f..%2fpackage.json HTTP/1.1\r\nHost: x\r\n\r\n', [400]],
    ['backslashes', 'GET /assets\\..\\..\\x HTTP/1.1\r\nHost: x\r\n\r\n', [400]],
    ['encoded NUL', 'GET /robots.txt%00.js HTTP/1.1\r\nHost: x\r\n\r\n', [400]],
    ['10 KB URL', `GET /${'a'.repeat(10_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, [414]],
    ['100 KB URL', `GET /${'a'.repeat(100_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, [414]],
    ['huge header block', `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(40_000)}\r\n\r\n`, [431]],
    ['garbage request line', 'HELLO\r\n\r\n', [400]],
    ['malformed Host', 'GET /isr HTTP/1.1\r\nHost: evil.com/#\r\n\r\n', [400]],
    ['missing Host', 'GET /isr HTTP/1.1\r\n\r\n', [400]],
    // Hosts the regex allows but WHATWG URL refuses: the app's `new URL()` would throw (a 500).
    ['Host port past 65535', 'GET /isr HTTP/1.1\r\nHost: a:99999\r\n\r\n', [400]],
    ['Host with a bad IPv6 literal', 'GET /isr HTTP/1.1\r\nHost: [:::::]\r\n\r\n', [400]],
    ['Host ending in a non-IPv4 number', 'GET /isr HTTP/1.1\r\nHost: 999.1.1.1\r\n\r\n', [400]],
    // Node keeps the first of two Host headers; a proxy in front may have routed on the other.
    ['two Host headers', 'GET /isr HTTP/1.1\r\nHost: a.example\r\nHost: b.example\r\n\r\n', [400]],
    ['HTTP/2.0 request line', 'GET /isr HTTP/2.0\r\nHost: x\r\n\r\n', [400]],
    ['HTTP/0.9 request line', 'GET /isr HTTP/0.9\r\nHost: x\r\n\r\n', [400]],
    [
      'CONNECT (a tunnel request)',
      'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n',
      [400],
    ],
  ]
  for (const [name, text, statuses] of cases) {
    it(`${name} → ${statuses.join('/')}`, async () => {
      const answer = await raw(port, text)
      expect(statuses).toContain(statusOf(answer))
      expect(answer).toMatch(/content-type: text\/plain/i)
      expect((await send(port, '/isr')).status).toBe(200)
    })
  }

  it('a client that resets its CONNECT does not take the server down', async () => {
    for (let i = 0; i < 20; i++) {
      const socket = connect(port, '127.0.0.1')
      await new Promise((r) => socket.once('connect', r))
      socket.write('CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n')
      socket.resetAndDestroy()
    }
    await new Promise((r) => setTimeout(r, 50)) // let the resets reach the server
    expect((await send(port, '/isr')).status).toBe(200)
  })

  it('app errors → 500 with a generic body, logged with the URL', async () => {
    const res = await send(port, '/throw?x=1')
    expect(res.status).toBe(500)
    expect(res.body.toString()).toBe('Internal Server Error\n')
    expect(errors.some((e) => e.includes('/throw?x=1'))).toBe(true)
    expect((await send(port, '/isr')).status).toBe(200)
  })
})

describe('forwarded headers (trustProxy)', () => {
  // Proto and host values a client (or a broken proxy) may send; none may yield a 5xx or a bad URL.
  const hostileProtos = ['a b', 'javascript', 'https://x', '', ',', 'ftp', 'http\tx']
  const hostileHosts = ['evil.com/#', '[:::::]', 'a:99999', '999.1.1.1', 'a b', '', 'user@evil.com', 'x?y']

  it('without trustProxy, X-Forwarded-Proto and X-Forwarded-Host are ignored: http://<Host>', async () => {
    const headers = { host: 'shop.example', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example' }
    expect((await send(port, '/origin', { headers })).body.toString()).toBe('http://shop.example/origin')
    for (const proto of hostileProtos) {
      const res = await send(port, '/origin', {
        headers: { host: 'shop.example', 'x-forwarded-proto': proto },
      })
      expect([res.status, res.body.toString()]).toEqual([200, 'http://shop.example/origin'])
    }
  })

  it('with trustProxy, the first well-formed value counts and anything malformed is ignored', async () => {
    const trusted = await startServer({ app, port: 0, hostname: '127.0.0.1', logger, trustProxy: true })
    const origin = async (headers: Record<string, string>) => {
      const res = await send(trusted.port, '/origin', { headers: { host: 'shop.example', ...headers } })
      expect(res.status).toBe(200)
      return res.body.toString()
    }
    expect(await origin({ 'x-forwarded-proto': 'https', 'x-forwarded-host': 'www.example' })).toBe(
      'https://www.example/origin',
    )
    expect(
      await origin({ 'x-forwarded-proto': 'HTTPS, http', 'x-forwarded-host': 'a.example, b.example' }),
    ).toBe('https://a.example/origin')
    expect(await origin({ 'x-forwarded-host': 'www.example:8443' })).toBe('http://www.example:8443/origin')
    for (const proto of hostileProtos)
      expect(await origin({ 'x-forwarded-proto': proto })).toBe('http://shop.example/origin')
    for (const host of hostileHosts)
      expect(await origin({ 'x-forwarded-proto': 'https', 'x-forwarded-host': host })).toBe(
        'https://shop.example/origin',
      )
    await trusted.close()
    appClosed = false
  })
})

describe('request bodies', () => {
  it('passes bodies within the limit as a stream; none for GET', async () => {
    expect((await send(port, '/echo', { method: 'POST', body: 'x'.repeat(500) })).body.toString()).toBe(
      'POST 500 ',
    )
    expect((await send(port, '/echo?q=1')).body.toString()).toBe('GET 7 ?q=1')
  })
  it('413 when Content-Length announces too much', async () => {
    const res = await send(port, '/echo', { method: 'POST', body: 'x'.repeat(2000) })
    expect(res.status).toBe(413)
    expect(res.body.toString()).toMatch(/larger than 1000 bytes/)
  })
  it('after a 413 the connection is drained and reused, not reset mid-upload', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 })
    const refused = await send(port, '/echo', { method: 'POST', body: 'x'.repeat(200_000), agent })
    expect(refused.status).toBe(413)
    const next = await send(port, '/echo', { method: 'POST', body: 'ok', agent })
    expect(next.body.toString()).toBe('POST 2 ')
    agent.destroy()
  })

  it('a body the app abandons half-read does not stall the keep-alive connection', async () => {
    // Default 1 MB limit; 300 KB is more than the body stream buffers, so the socket gets paused.
    const roomy = await startServer({ app, port: 0, hostname: '127.0.0.1', logger })
    const { first, next } = await twoOnOneAgent(roomy.port, '/ignore-body', 'x'.repeat(300_000))
    expect(first.status).toBe(400)
    expect(next).toBe('POST 2 ')
    await roomy.close()
    appClosed = false
  })

  it('a body refused by the app and too large to discard: Connection: close, the answer whole, no reset', async () => {
    // A 1 MB Server Action limit under the 10 MB server limit: the app refuses after reading a little.
    const roomy = await startServer({ app, port: 0, hostname: '127.0.0.1', logger, bodySizeLimit: 10 * MB })
    const { answer, error } = await upload(roomy.port, '/refuse', 9.5 * MB, 'length')
    expect(statusOf(answer)).toBe(413)
    expect(answer).toMatch(/\r\nconnection: close\r\n/i)
    expect(answer).toMatch(/action body too large\r\n0\r\n\r\n$/) // the whole chunked answer
    expect(error).toBeUndefined()
    // A keep-alive client is told to open a new connection, and its next request just works.
    const { first, next } = await twoOnOneAgent(roomy.port, '/refuse', Buffer.alloc(9.5 * MB))
    expect(first.status).toBe(413)
    expect(next).toBe('POST 2 ')
    await roomy.close()
    appClosed = false
  })

  it('a chunked body past the limit mid-stream: 413 with Connection: close, no reset', async () => {
    const { answer, error } = await upload(port, '/echo', 12 * MB, 'chunked')
    expect(statusOf(answer)).toBe(413)
    expect(answer).toMatch(/\r\nconnection: close\r\n/i)
    expect(answer).toMatch(/larger than 1000 bytes\n$/)
    expect(error).toBeUndefined()
  })

  it('413 when a chunked body grows past the limit', async () => {
    const answer = await raw(
      port,
      `POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n${'400\r\n'}${'x'.repeat(1024)}\r\n0\r\n\r\n`,
    )
    expect(statusOf(answer)).toBe(413)
    expect((await send(port, '/isr')).status).toBe(200)
  })
})

describe('synchronous apps', () => {
  it('writes a Served returned without a promise, and turns a synchronous throw into a 500', async () => {
    const syncApp: FrescoApp = {
      buildId: 'sync',
      close: async () => {},
      serve: (req) => {
        if (req.pathname === '/throw') throw new Error('sync failure')
        if (req.pathname === '/web')
          return {
            type: 'web',
            response: new Response(bodyHtml, { headers: { 'content-type': 'text/html' } }),
          }
        return prepared(entries.isr, 'HIT')
      },
    }
    const sync = await startServer({ app: syncApp, port: 0, hostname: '127.0.0.1', logger, compress: false })
    const ok = await send(sync.port, '/x')
    expect(ok.status).toBe(200)
    expect(ok.headers['x-fresco-cache']).toBe('HIT')
    expect(ok.body.toString()).toBe(bodyHtml)
    expect((await send(sync.port, '/throw')).status).toBe(500)
    // compress: false leaves streamed responses alone (a proxy in front compresses).
    const web = await send(sync.port, '/web', { headers: { 'accept-encoding': 'gzip' } })
    expect(web.headers['content-encoding']).toBeUndefined()
    expect(web.body.toString()).toBe(bodyHtml)
    expect((await send(sync.port, '/x')).status).toBe(200)
    await sync.close()
  })
})

describe('close()', () => {
  it('is bounded: names the requests still running, cuts them, and does not wait forever on the app', async () => {
    const warnings: string[] = []
    let entered = false
    const stuckApp: FrescoApp = {
      buildId: 'stuck',
      close: () => new Promise(() => {}), // a regeneration that never ends
      serve: () => {
        entered = true
        return new Promise(() => {}) // a render waiting on a data source that hangs
      },
    }
    const stuck = await startServer({
      app: stuckApp,
      port: 0,
      hostname: '127.0.0.1',
      logger: { ...logger, warn: (m) => warnings.push(m) },
      shutdownTimeoutMs: 200,
    })
    const pending = send(stuck.port, '/hang?page=1').catch((e: Error) => e)
    await expect.poll(() => entered).toBe(true)
    await stuck.close() // resolves: the test would time out otherwise
    const [first, cut, background] = warnings
    expect(first).toMatch(
      /waiting up to 200 ms for 1 running request\(s\): GET \/hang\?page=1 \(\d+\.\d s\)$/,
    )
    expect(cut).toMatch(/still running after 200 ms, closing their connections: GET \/hang\?page=1 \(/)
    expect(background).toMatch(/background regenerations or cache writes still running/)
    expect(await pending).toBeInstanceOf(Error) // its connection was cut
  })

  it('finishes an in-flight slow response, then closes the app', async () => {
    let release: (() => void) | undefined
    const slowApp: FrescoApp = {
      buildId: 'slow',
      close: async () => {
        appClosed = true
      },
      serve: async (req) => {
        if (req.pathname === '/idle') return { type: 'web', response: new Response('idle') }
        const stream = new ReadableStream<Uint8Array>({
          async start(controller) {
            controller.enqueue(enc.encode('first;'))
            await new Promise<void>((r) => {
              release = r
            })
            controller.enqueue(enc.encode('last'))
            controller.close()
          },
        })
        return { type: 'web', response: new Response(stream) }
      },
    }
    appClosed = false
    // A long bound: if close() waited on idle keep-alive sockets, the test would time out.
    const slow = await startServer({
      app: slowApp,
      port: 0,
      hostname: '127.0.0.1',
      logger,
      shutdownTimeoutMs: 60_000,
    })
    const agent = new Agent({ keepAlive: true })
    await new Promise<void>((resolve) =>
      get({ host: '127.0.0.1', port: slow.port, path: '/idle', agent }, (r) => r.resume().on('end', resolve)),
    )
    const pending = send(slow.port, '/slow', { agent })
    await expect.poll(() => release !== undefined).toBe(true)
    const closing = slow.close()
    await new Promise((r) => setTimeout(r, 30))
    expect(appClosed).toBe(false) // still serving the in-flight response
    await expect(send(slow.port, '/other')).rejects.toThrow() // no longer accepting
    release?.()
    const res = await pending
    expect(res.body.toString()).toBe('first;last')
    await closing // resolves although the keep-alive agent still holds its sockets
    expect(appClosed).toBe(true)
    agent.destroy()
  })
})
