import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { type CacheEntry, createFsHandler, silentLogger, storedBrotli } from '@fresco/cache'
import { describe, expect, it } from 'vitest'
import { isFrescoError } from '../../errors.js'
import type { Compressor } from './compress.js'
import { entryBrotli, zlibCompressor } from './compress.js'
import { peekPrepared, prepareEntry } from './entry-response.js'
import { createPreparedResponse } from './prepared-response.js'

const enc = new TextEncoder()
const html = (n = 200) => enc.encode(`<!doctype html><main>${'<p>hello fresco</p>'.repeat(n)}</main>`)

function pageEntry(overrides: Partial<CacheEntry> = {}): CacheEntry {
  return {
    kind: 'page',
    body: html(),
    payload: enc.encode(`0:${JSON.stringify({ tree: 'x'.repeat(2000) })}\n`),
    status: 200,
    headers: {},
    tags: ['posts', '_N_T_/layout', '_N_T_/blog/page'],
    lastModified: 1_700_000_000_000,
    revalidate: 60,
    ...overrides,
  }
}

function countingCompressor() {
  const calls: string[] = []
  const compressor: Compressor = (body, encoding, quality) => {
    calls.push(encoding)
    return zlibCompressor(body, encoding, quality)
  }
  return { calls, compressor }
}

const headerMap = (flat: string[]) => {
  const map: Record<string, string> = {}
  for (let i = 0; i < flat.length; i += 2) map[flat[i]!] = flat[i + 1]!
  return map
}

describe('prepareEntry', () => {
  it('builds HTML and RSC variants with their content types and memoizes per entry', async () => {
    const entry = pageEntry()
    const a = prepareEntry(entry, 'html', 's-maxage=60')
    expect(prepareEntry(entry, 'html', 's-maxage=60')).toBe(a)
    expect(peekPrepared(entry, 'html')).toBe(a)
    const rsc = prepareEntry(entry, 'rsc', 's-maxage=60')
    expect(rsc).not.toBe(a)
    expect(headerMap(a.headersFor('identity', 'HIT'))['content-type']).toBe('text/html; charset=utf-8')
    expect(headerMap(rsc.headersFor('identity', 'HIT'))['content-type']).toBe('text/x-component')
    expect(rsc.body).toBe(entry.payload)
  })

  it('compresses once per entry, and header lists are the same array on every call', async () => {
    const { calls, compressor } = countingCompressor()
    const entry = pageEntry()
    const prepared = prepareEntry(entry, 'html', 's-maxage=60', { compressor })
    await prepared.compress()
    for (let i = 0; i < 5; i++) prepareEntry(entry, 'html', 's-maxage=60', { compressor }).bodyFor('gzip')
    expect(calls.sort()).toEqual(['br', 'gzip'])
    expect(prepared.bodyFor('gzip')).toBe(prepared.bodyFor('gzip'))
    expect(prepared.headersFor('br', 'HIT')).toBe(prepared.headersFor('br', 'HIT'))
    expect(gunzipSync(prepared.bodyFor('gzip')).equals(Buffer.from(entry.body))).toBe(true)
  })

  it('compresses a coding only once a client asks for it, and answers without waiting meanwhile', async () => {
    const { calls, compressor } = countingCompressor()
    const prepared = prepareEntry(pageEntry(), 'html', 's-maxage=60', { compressor })
    await new Promise((resolve) => setImmediate(resolve))
    expect(calls).toEqual([]) // preparing alone compresses nothing
    const browser = 'gzip, deflate, br, zstd'
    expect(prepared.encodingFor(browser, false)).toBe('identity') // a render's first answer asks nothing
    await new Promise((resolve) => setImmediate(resolve))
    expect(calls).toEqual([])
    expect(prepared.encodingFor(browser)).toBe('identity') // br is being made: identity meanwhile
    expect(prepared.encodingFor(browser)).toBe('identity')
    expect(calls).toEqual(['br'])
    await prepared.compress()
    expect(prepared.encodingFor(browser)).toBe('br')
    expect(calls.sort()).toEqual(['br', 'gzip']) // compress() makes what was missing, once each
    const gzipOnly = prepareEntry(pageEntry({ lastModified: 1 }), 'html', 's-maxage=60', { compressor })
    calls.length = 0
    expect(gzipOnly.encodingFor('gzip')).toBe('identity')
    expect(gzipOnly.encodingFor('identity')).toBe('identity')
    expect(calls).toEqual(['gzip'])
  })

  it('an entry stored brotli-coded (fresco build) answers br at once, with the stored bytes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fresco-prepared-'))
    try {
      const store = createFsHandler({ dir, logger: silentLogger, brotli: entryBrotli })
      const original = pageEntry({ lastModified: Date.now() }) // read by the system clock: not expired
      await store.set('route:b:/blog/1', original)
      const read = (await createFsHandler({ dir, logger: silentLogger }).get('route:b:/blog/1'))!
      const { calls, compressor } = countingCompressor()
      const browser = 'gzip, deflate, br, zstd'
      for (const [which, body] of [
        ['html', original.body],
        ['rsc', original.payload!],
      ] as const) {
        const prepared = prepareEntry(read, which, 's-maxage=60', { compressor, storedBrotli })
        expect(prepared.encodingFor(browser, false)).toBe('br') // the render's own first answer too
        const sent = prepared.bodyFor('br')
        expect(sent).toBe(storedBrotli(which === 'html' ? read.body : read.payload!))
        expect(Buffer.from(brotliDecompressSync(sent)).equals(Buffer.from(body))).toBe(true)
        const headers = headerMap(prepared.headersFor('br', 'HIT'))
        expect(headers['content-encoding']).toBe('br')
        expect(headers['content-length']).toBe(String(sent.byteLength))
        expect(headers.etag).toBe(`${prepared.etag.slice(0, -1)}-br"`)
        expect(prepared.isNotModified(headers.etag, undefined)).toBe(true)
        expect(prepared.encodingFor('gzip')).toBe('identity') // gzip is made when asked, as before
      }
      expect(calls).toEqual(['gzip', 'gzip'])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('sends tags and cookies nowhere, and replays other entry headers', () => {
    const entry = pageEntry({
      headers: {
        'x-fresco-cache-tags': 'posts',
        'set-cookie': 'a=b',
        'x-custom': '1',
        'content-length': '9',
      },
    })
    const headers = headerMap(prepareEntry(entry, 'html', 's-maxage=60').headersFor('identity', 'MISS'))
    expect(headers['x-custom']).toBe('1')
    expect(JSON.stringify(headers)).not.toContain('posts')
    expect(headers['set-cookie']).toBeUndefined()
    expect(headers['content-length']).toBe(String(entry.body.byteLength))
    expect(headers['x-fresco-cache']).toBe('MISS')
    expect(headers['cache-status']).toBe('fresco; fwd=miss; stored')
    expect(headers.vary).toBe('Accept-Encoding')
  })

  it('route entries replay their own status, headers and Cache-Control', () => {
    const entry: CacheEntry = {
      ...pageEntry(),
      kind: 'route',
      payload: undefined,
      status: 201,
      body: enc.encode('{"ok":true}'),
      headers: { 'content-type': 'application/json', 'cache-control': 'public, max-age=5', vary: 'Origin' },
    }
    const prepared = prepareEntry(entry, 'html', 's-maxage=60')
    const headers = headerMap(prepared.headersFor('identity', 'HIT'))
    expect(prepared.status).toBe(201)
    expect(headers['content-type']).toBe('application/json')
    expect(headers['cache-control']).toBe('public, max-age=5')
    // Once: `next start` sends `public, max-age=5`, never the value twice.
    expect(prepared.headersFor('identity', 'HIT').filter((h) => h === 'cache-control')).toHaveLength(1)
    expect(headers.vary).toBe('Origin') // 11 bytes: below the compression threshold
  })

  it('refuses data entries and pages without payload for rsc', () => {
    expect(() => prepareEntry({ ...pageEntry(), kind: 'fetch' }, 'html', 'x')).toThrow(/fetch/)
    try {
      prepareEntry(pageEntry({ payload: undefined }), 'rsc', 'x')
      expect.unreachable()
    } catch (e) {
      expect(isFrescoError(e, 'MISSING_RSC_PAYLOAD')).toBe(true)
    }
  })
})

describe('createPreparedResponse', () => {
  it('negotiates br > gzip > identity once variants exist, each with its own ETag', async () => {
    const prepared = createPreparedResponse({
      status: 200,
      body: html(),
      contentType: 'text/html',
      cacheControl: 'x',
    })
    expect(prepared.encodingFor('gzip, br')).toBe('identity') // not compressed yet: never block
    await prepared.compress()
    expect(prepared.encodingFor('gzip, deflate, br, zstd')).toBe('br')
    expect(prepared.encodingFor('gzip')).toBe('gzip')
    expect(prepared.encodingFor('br;q=0, gzip;q=0.5')).toBe('gzip')
    expect(prepared.encodingFor('*;q=0.1')).toBe('br')
    expect(prepared.encodingFor(undefined)).toBe('identity')
    const etags = (['identity', 'gzip', 'br'] as const).map(
      (e) => headerMap(prepared.headersFor(e, null)).etag,
    )
    expect(new Set(etags).size).toBe(3)
    expect(etags[0]).toMatch(/^"[\w-]+"$/)
    for (const etag of etags) expect(prepared.isNotModified(etag, undefined)).toBe(true)
    expect(prepared.isNotModified(`W/${etags[0]}`, undefined)).toBe(true)
    expect(prepared.isNotModified('*', undefined)).toBe(true)
    expect(prepared.isNotModified(`"other", ${etags[1]}`, undefined)).toBe(true)
    expect(prepared.isNotModified('"other"', undefined)).toBe(false)
  })

  it('does not compress small or binary bodies, and has no Vary then', async () => {
    const small = createPreparedResponse({
      status: 200,
      body: enc.encode('hi'),
      contentType: 'text/html',
      cacheControl: 'x',
    })
    const png = createPreparedResponse({
      status: 200,
      body: new Uint8Array(4096),
      contentType: 'image/png',
      cacheControl: 'x',
    })
    await Promise.all([small.compress(), png.compress()])
    expect(small.encodingFor('br')).toBe('identity')
    expect(png.encodingFor('br')).toBe('identity')
    expect(headerMap(png.headersFor('identity', null)).vary).toBeUndefined()
  })

  it('304 header lists carry validators but no Content-Length', async () => {
    const prepared = createPreparedResponse({
      status: 200,
      body: html(),
      contentType: 'text/html',
      cacheControl: 'x',
    })
    const headers = headerMap(prepared.headersFor('identity', 'HIT', true))
    expect(headers.etag).toBe(prepared.etag)
    expect(headers['cache-control']).toBe('x')
    expect(headers['content-length']).toBeUndefined()
  })
})
