// The cache handler seen through tracing: each set inside a `FrescoCache.set` span with what was
// stored, every other method the handler's own (a class with private fields keeps working), and
// no wrapper at all without a tracer.
import type { CacheEntry, CacheHandler } from '@fresco/cache'
import { createMemoryHandler } from '@fresco/cache'
import { describe, expect, it } from 'vitest'
import { tracedHandler } from './traced-handler.js'
import { recordingTracer } from './tracer-fixture.js'

/** A user's class handler: its private field is unreachable through a Proxy that does not bind. */
class ClassHandler {
  readonly name = 'class'
  readonly #inner = createMemoryHandler({ maxBytes: 1 << 20 })
  get(key: string) {
    return this.#inner.get(key)
  }
  set(key: string, entry: CacheEntry) {
    return this.#inner.set(key, entry)
  }
  delete(key: string) {
    return this.#inner.delete(key)
  }
  updateTags(tags: readonly string[]) {
    return this.#inner.updateTags(tags)
  }
  getTagState(tag: string) {
    return this.#inner.getTagState(tag)
  }
  onTagUpdate(listener: Parameters<NonNullable<CacheHandler['onTagUpdate']>>[0]) {
    return this.#inner.onTagUpdate?.(listener) ?? (() => {})
  }
}

const entry: CacheEntry = {
  kind: 'page',
  body: new Uint8Array(10),
  payload: new Uint8Array(5),
  status: 200,
  headers: {},
  tags: ['a', 'b'],
  lastModified: 0,
  revalidate: 60,
}

describe('tracedHandler', () => {
  it('is the handler itself without a tracer', () => {
    const handler = createMemoryHandler({ maxBytes: 1 << 20 })
    expect(tracedHandler(handler, undefined)).toBe(handler)
  })

  it('wraps each set in a span naming what was stored; other methods keep their own `this`', async () => {
    const { tracer, spans } = recordingTracer()
    const handler = tracedHandler(new ClassHandler() as CacheHandler, tracer)
    await handler.set('/posts/1', entry)
    await handler.set('data:x', { ...entry, kind: 'fetch', payload: undefined, revalidate: false })
    expect(await handler.get('/posts/1')).toEqual(entry)
    expect(handler.name).toBe('class')
    expect(handler.get).toBe(handler.get) // bound once, not per read
    expect(spans).toEqual([
      {
        type: 'FrescoCache.set',
        name: 'cache set page',
        attributes: {
          'fresco.cache.handler': 'class',
          'fresco.cache.key': '/posts/1',
          'fresco.cache.kind': 'page',
          'fresco.cache.bytes': 15,
          'fresco.cache.revalidate': 60,
          'fresco.cache.tags': 2,
        },
      },
      expect.objectContaining({
        name: 'cache set fetch',
        attributes: expect.objectContaining({ 'fresco.cache.bytes': 10, 'fresco.cache.revalidate': -1 }),
      }),
    ])
  })
})
