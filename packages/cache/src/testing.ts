// The conformance suite every CacheHandler passes (`@fresco/cache/testing`). The test runner's
// functions are passed in, so this package has no runtime dependency on Vitest (or any runner).
//
//   import { describe, it, expect, beforeEach, afterEach } from 'vitest'
//   runHandlerConformance('memory', ({ clock }) => createMemoryHandler({ clock }), { describe, it, expect, beforeEach, afterEach })
import { createManualClock, type ManualClock } from './clock.js'
import type { CacheEntry, CacheHandler } from './types.js'

export { createManualClock, type ManualClock } from './clock.js'

interface Matchers {
  toBe(expected: unknown): void
  toEqual(expected: unknown): void
  toBeUndefined(): void
  toBeDefined(): void
  toBeInstanceOf(expected: abstract new (...args: never[]) => unknown): void
}

export interface TestApi {
  describe(name: string, fn: () => void): void
  it(name: string, fn: () => Promise<void> | void): void
  expect(actual: unknown): Matchers & { not: Matchers }
  beforeEach(fn: () => unknown): void
  afterEach(fn: () => unknown): void
}

export interface ConformanceContext {
  /** The handler must use this clock for tag timestamps. */
  clock: ManualClock
}

export type MakeHandler = (ctx: ConformanceContext) => CacheHandler | Promise<CacheHandler>

const encoder = new TextEncoder()

/** A valid entry for tests; override any field. */
export function makeEntry(overrides: Partial<CacheEntry> = {}): CacheEntry {
  return {
    kind: 'page',
    body: encoder.encode('<html>hello</html>'),
    status: 200,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    tags: ['posts', '_N_T_/layout', '_N_T_/blog/1'],
    lastModified: 1_700_000_000_000,
    revalidate: 60,
    ...overrides,
  }
}

const bytes = (value: Uint8Array | undefined) => (value === undefined ? undefined : Array.from(value))

export function runHandlerConformance(name: string, makeHandler: MakeHandler, t: TestApi): void {
  const { describe, it, expect, beforeEach, afterEach } = t

  describe(`CacheHandler conformance: ${name}`, () => {
    let clock: ManualClock
    let handler: CacheHandler

    beforeEach(async () => {
      clock = createManualClock()
      handler = await makeHandler({ clock })
      await handler.ready?.()
    })
    afterEach(async () => {
      await handler.close?.()
    })

    it('has a name', () => {
      expect(typeof handler.name).toBe('string')
    })

    it('misses an unknown key', async () => {
      expect(await handler.get('nope')).toBeUndefined()
    })

    it('round-trips every field of an entry', async () => {
      const entry = makeEntry({
        payload: encoder.encode('0:{"rsc":true}'),
        headers: { 'content-type': 'text/html', 'x-custom': 'ünïcode ✓' },
        expire: 3600,
        stale: 300,
        status: 404,
        kind: 'route',
      })
      await handler.set('k', entry)
      const got = await handler.get('k')
      expect(got).toBeDefined()
      expect(got!.body).toBeInstanceOf(Uint8Array)
      expect(bytes(got!.body)).toEqual(bytes(entry.body))
      expect(bytes(got!.payload)).toEqual(bytes(entry.payload))
      const { body: _b, payload: _p, ...meta } = got!
      const { body: _eb, payload: _ep, ...expected } = entry
      expect(meta).toEqual(expected)
    })

    it('keeps payload absent, revalidate false and an empty body as they are', async () => {
      await handler.set('k', makeEntry({ body: new Uint8Array(0), revalidate: false, tags: [] }))
      const got = await handler.get('k')
      expect(got!.payload).toBeUndefined()
      expect(got!.body.byteLength).toBe(0)
      expect(got!.revalidate).toBe(false)
      expect(got!.tags).toEqual([])
      expect(got!.expire).toBeUndefined()
    })

    it('preserves arbitrary binary bytes and large bodies', async () => {
      const all = new Uint8Array(256).map((_, i) => i)
      const large = new Uint8Array(1024 * 1024).map((_, i) => (i * 31) & 0xff)
      await handler.set('bin', makeEntry({ body: all, payload: all.slice().reverse() }))
      await handler.set('large', makeEntry({ body: large }))
      expect(bytes((await handler.get('bin'))!.body)).toEqual(bytes(all))
      expect(bytes((await handler.get('bin'))!.payload)).toEqual(bytes(all.slice().reverse()))
      const got = (await handler.get('large'))!.body
      expect(got.byteLength).toBe(large.byteLength)
      expect(got[123_457]).toBe(large[123_457])
    })

    it('overwrites and deletes', async () => {
      await handler.set('k', makeEntry({ status: 200 }))
      await handler.set('k', makeEntry({ status: 201 }))
      expect((await handler.get('k'))!.status).toBe(201)
      await handler.delete('k')
      expect(await handler.get('k')).toBeUndefined()
      await handler.delete('never-set')
    })

    it('getSync, where implemented, answers what get answers for a key it holds, or undefined', async () => {
      if (handler.getSync === undefined) return
      expect(handler.getSync('nope')).toBeUndefined()
      await handler.set('k', makeEntry({ status: 201 }))
      const held = handler.getSync('k')
      if (held !== undefined) expect(held).toEqual(await handler.get('k'))
      await handler.delete('k')
      expect(handler.getSync('k')).toBeUndefined()
    })

    it('treats keys as opaque strings', async () => {
      const keys = [
        '../../etc/passwd',
        'route:b1:/blog/ünï/😀',
        'a/b\\c:d?e#f',
        'x'.repeat(2048),
        'KEY',
        'key',
      ]
      for (const [i, key] of keys.entries()) await handler.set(key, makeEntry({ status: 200 + i }))
      for (const [i, key] of keys.entries()) expect((await handler.get(key))!.status).toBe(200 + i)
    })

    it('keeps many keys apart', async () => {
      for (let i = 0; i < 100; i++)
        await handler.set(`key-${i}`, makeEntry({ body: encoder.encode(`body ${i}`) }))
      for (let i = 0; i < 100; i++)
        expect(new TextDecoder().decode((await handler.get(`key-${i}`))!.body)).toBe(`body ${i}`)
    })

    it('updateTags(tags) makes them stale and expired now, in the local mirror', async () => {
      expect(handler.getTagState('posts')).toBeUndefined()
      await handler.updateTags(['posts', 'authors'])
      const now = clock.now()
      expect(handler.getTagState('posts')).toEqual({ stale: now, expired: now })
      expect(handler.getTagState('authors')).toEqual({ stale: now, expired: now })
      expect(handler.getTagState('other')).toBeUndefined()
    })

    it('updateTags(tags, { expire }) makes them stale now and expired later', async () => {
      await handler.updateTags(['posts'], { expire: 300 })
      const now = clock.now()
      expect(handler.getTagState('posts')).toEqual({ stale: now, expired: now + 300_000 })
    })

    it('a later updateTags moves the timestamps on', async () => {
      await handler.updateTags(['posts'])
      clock.advance(5000)
      await handler.updateTags(['posts'])
      expect(handler.getTagState('posts')).toEqual({ stale: clock.now(), expired: clock.now() })
      await handler.updateTags([])
    })

    it('tag state is independent of entries', async () => {
      await handler.updateTags(['posts'])
      const before = handler.getTagState('posts')
      await handler.set('k', makeEntry())
      await handler.delete('k')
      expect(handler.getTagState('posts')).toEqual(before)
    })

    it('leases, when supported, are exclusive until released', async () => {
      if (!handler.acquireLease) return
      const lease = await handler.acquireLease('k', 5000)
      expect(lease).toBeDefined()
      expect(await handler.acquireLease('k', 5000)).toBe(null)
      expect(await lease!.renew(5000)).toBe(true)
      await lease!.release()
      const again = await handler.acquireLease('k', 5000)
      expect(again).not.toBe(null)
      await again!.release()
    })
  })
}

export interface RecordingLogger {
  readonly debugEnabled: true
  readonly lines: { level: 'debug' | 'warn' | 'error'; message: string; error?: unknown }[]
  debug(message: string): void
  warn(message: string): void
  error(message: string, error?: unknown): void
  /** Messages of one level. */
  of(level: 'debug' | 'warn' | 'error'): string[]
}

/** A logger that keeps every line (debug included) for assertions. */
export function createRecordingLogger(): RecordingLogger {
  const lines: RecordingLogger['lines'] = []
  return {
    debugEnabled: true,
    lines,
    debug: (message) => lines.push({ level: 'debug', message }),
    warn: (message) => lines.push({ level: 'warn', message }),
    error: (message, error) => lines.push({ level: 'error', message, error }),
    of: (level) => lines.filter((line) => line.level === level).map((line) => line.message),
  }
}
