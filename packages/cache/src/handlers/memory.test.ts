import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createManualClock } from '../clock.js'
import { createRecordingLogger, makeEntry, runHandlerConformance } from '../testing.js'
import { createMemoryHandler } from './memory.js'
import { ENTRY_OVERHEAD_BYTES, entryByteSize, STRING_OVERHEAD_BYTES, utf8Length } from './size.js'

runHandlerConformance('memory', ({ clock }) => createMemoryHandler({ clock }), {
  describe,
  it,
  expect,
  beforeEach,
  afterEach,
})

const body = (n: number) => new Uint8Array(n)

describe('memory handler', () => {
  it('counts key, body, payload, headers and tags in bytes (UTF-8), not characters', () => {
    const entry = makeEntry({
      body: body(1000),
      payload: body(500),
      headers: { 'x-a': 'é' },
      tags: ['ü', 'tag'],
    })
    expect(utf8Length('é😀a')).toBe(2 + 4 + 1)
    expect(entryByteSize('kÉy', entry)).toBe(
      ENTRY_OVERHEAD_BYTES +
        4 +
        1000 +
        500 +
        (3 + 2 + 2 * STRING_OVERHEAD_BYTES) +
        (2 + 3 + 2 * STRING_OVERHEAD_BYTES),
    )
  })

  it('counts bytes kept beside a held entry (account) and evicts for them; ignores a replaced entry', async () => {
    const a = makeEntry({ body: body(100) })
    const b = makeEntry({ body: body(100) })
    const budget = entryByteSize('a', a) + entryByteSize('b', b) + 50
    const handler = createMemoryHandler({ maxBytes: budget, logger: createRecordingLogger() })
    await handler.set('a', a)
    await handler.set('b', b)
    handler.account?.('b', b, 40)
    expect(handler.bytes).toBe(entryByteSize('a', a) + entryByteSize('b', b) + 40)
    handler.account?.('a', b, 1000) // 'a' holds another entry: not its bytes
    expect(handler.bytes).toBe(entryByteSize('a', a) + entryByteSize('b', b) + 40)
    handler.account?.('b', b, 20) // over the budget: the least recently used goes
    expect(handler.keys()).toEqual(['b'])
    expect(handler.bytes).toBe(entryByteSize('b', b) + 60)
    await handler.delete('b')
    expect(handler.bytes).toBe(0)
  })

  it('tracks bytes across set, overwrite and delete', async () => {
    const handler = createMemoryHandler()
    const a = makeEntry({ body: body(100) })
    await handler.set('a', a)
    expect(handler.bytes).toBe(entryByteSize('a', a))
    const bigger = makeEntry({ body: body(300) })
    await handler.set('a', bigger)
    expect(handler.bytes).toBe(entryByteSize('a', bigger))
    await handler.delete('a')
    expect(handler.bytes).toBe(0)
    expect(handler.size).toBe(0)
  })

  it('evicts least recently used first, until under the byte bound', async () => {
    const logger = createRecordingLogger()
    const one = entryByteSize('k1', makeEntry({ body: body(1000) }))
    const handler = createMemoryHandler({ maxBytes: one * 3, logger })
    for (const key of ['k1', 'k2', 'k3']) await handler.set(key, makeEntry({ body: body(1000) }))
    await handler.get('k1') // k1 is now the most recent; k2 the least
    await handler.set('k4', makeEntry({ body: body(1000) }))
    expect(handler.keys()).toEqual(['k3', 'k1', 'k4'])
    expect(handler.bytes).toBeLessThanOrEqual(one * 3)
    // one large entry pushes out several
    await handler.set('big', makeEntry({ body: body(2000) }))
    expect(handler.keys()).toEqual(['k4', 'big'])
    expect(logger.of('debug')).toEqual([
      `EVICT k2 (${one} bytes, least recently used)`,
      `EVICT k3 (${one} bytes, least recently used)`,
      `EVICT k1 (${one} bytes, least recently used)`,
    ])
  })

  it('does not store an entry larger than the bound: one warning, the old version dropped', async () => {
    const logger = createRecordingLogger()
    const handler = createMemoryHandler({ maxBytes: 10_000, logger })
    await handler.set('page', makeEntry({ body: body(10) }))
    await handler.set('other', makeEntry({ body: body(10) }))
    await handler.set('page', makeEntry({ body: body(20_000) }))
    await handler.set('page', makeEntry({ body: body(20_000) }))
    expect(await handler.get('page')).toBeUndefined()
    expect(await handler.get('other')).toBeDefined()
    expect(logger.of('warn')).toHaveLength(1)
    expect(logger.of('warn')[0]).toMatch(
      /entry page \(\d+ bytes\) is larger than the memory cache \(10000 bytes\)/,
    )
  })

  it('returns the very object it stored (identity for WeakMap-keyed prepared responses)', async () => {
    const handler = createMemoryHandler()
    const entry = makeEntry()
    await handler.set('k', entry)
    expect(await handler.get('k')).toBe(entry)
  })

  it('getSync returns the held object synchronously and counts as a use (LRU)', async () => {
    const memory = createMemoryHandler({ logger: createRecordingLogger() })
    const a = makeEntry()
    await memory.set('a', a)
    await memory.set('b', makeEntry())
    expect(memory.getSync!('a')).toBe(a)
    expect(memory.keys()).toEqual(['b', 'a'])
    expect(memory.getSync!('missing')).toBeUndefined()
    await memory.delete('a')
    expect(memory.getSync!('a')).toBeUndefined()
  })

  it('stamps tag state with its clock', async () => {
    const clock = createManualClock(5000)
    const handler = createMemoryHandler({ clock })
    await handler.updateTags(['a'], { expire: 1 })
    expect(handler.getTagState('a')).toEqual({ stale: 5000, expired: 6000 })
  })

  it('rejects an invalid entry', async () => {
    const handler = createMemoryHandler()
    await expect(handler.set('k', { ...makeEntry(), revalidate: Number.NaN })).rejects.toThrow(
      /revalidate NaN/,
    )
  })
})

describe('memory handler tag records', () => {
  it('prunes records older than every entry (and than an hour) once there are many', async () => {
    const clock = createManualClock(0)
    const handler = createMemoryHandler({ clock })
    await handler.updateTags(Array.from({ length: 5000 }, (_, i) => `old-${i}`))
    clock.advance(2 * 60 * 60_000)
    await handler.set('k', makeEntry({ lastModified: clock.now() }))
    await handler.updateTags(Array.from({ length: 5000 }, (_, i) => `new-${i}`))
    expect(handler.getTagState('old-1')).toBeUndefined()
    expect(handler.getTagState('new-1')).toBeDefined()
  })
})
