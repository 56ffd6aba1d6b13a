// A `FrescoCache.set` span around each write the response cache makes (a regenerated page, a
// route handler's answer, a fetch or unstable_cache result), with what was stored. Only with a
// tracer: the handler is used as it is otherwise.
import type { CacheEntry, CacheHandler } from '@fresco/cache'
import { SPAN_TYPE, type Tracer } from './tracer.js'

const bytesOf = (entry: CacheEntry) => entry.body.byteLength + (entry.payload?.byteLength ?? 0)

export function tracedHandler(handler: CacheHandler, tracer: Tracer | undefined): CacheHandler {
  if (!tracer) return handler
  const set = (key: string, entry: CacheEntry) =>
    tracer.span(
      {
        type: SPAN_TYPE.cacheSet,
        name: `cache set ${entry.kind}`,
        attributes: {
          'fresco.cache.handler': handler.name,
          'fresco.cache.key': key,
          'fresco.cache.kind': entry.kind,
          'fresco.cache.bytes': bytesOf(entry),
          'fresco.cache.revalidate': entry.revalidate === false ? -1 : entry.revalidate,
          'fresco.cache.tags': entry.tags.length,
        },
      },
      () => handler.set(key, entry),
    )
  // A Proxy, not a copy: user handlers may be class instances whose methods need their own `this`.
  // Bound once per method, so a traced HIT (getSync) allocates no function.
  const bound = new Map<PropertyKey, unknown>()
  return new Proxy(handler, {
    get(target, name) {
      if (name === 'set') return set
      const value: unknown = Reflect.get(target, name, target)
      if (typeof value !== 'function') return value
      const known = bound.get(name)
      if (known !== undefined) return known
      const fn = value.bind(target)
      bound.set(name, fn)
      return fn
    },
  })
}
