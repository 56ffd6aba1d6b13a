// unstable_cache(fn, keyParts, { revalidate, tags }): the data cache for any async function.
// Key as Next builds it: the function's source, the key parts and the JSON of the arguments.
import { createHash } from 'node:crypto'
import { limitTags } from '@fresco/cache'
import { invalidCacheFunctionError, invalidTagError, unstableCacheRevalidateZeroError } from '../../errors.js'
import { dataLayer } from './configure.js'
import { validateRevalidate } from './fetch-policy.js'
import {
  currentCacheScope,
  getRequestStore,
  lowerRevalidate,
  readsOwnRevalidation,
  runInCacheScope,
} from './request-store.js'

// biome-ignore lint/suspicious/noExplicitAny: the wrapper keeps the caller's exact signature.
type AsyncFn = (...args: any[]) => Promise<unknown>

export interface UnstableCacheOptions {
  /** Seconds until a background refresh; `false` (default) = until a tag is invalidated. Never 0. */
  revalidate?: number | false
  tags?: string[]
}

const encoder = new TextEncoder()
const decoder = new TextDecoder()

function validateTags(tags: unknown, where: string): string[] {
  if (tags === undefined) return []
  if (!Array.isArray(tags)) throw invalidTagError(tags, where)
  for (const tag of tags) if (typeof tag !== 'string' || tag.length === 0) throw invalidTagError(tag, where)
  return limitTags(tags as string[], dataLayer().logger, where)
}

/**
 * Values are stored as JSON and every call, hit or miss, returns the JSON round trip, so a Date
 * is a string on the first call too (Next returns the raw value on a miss; we prefer one shape).
 */
export function unstable_cache<T extends AsyncFn>(
  fn: T,
  keyParts?: string[],
  options: UnstableCacheOptions = {},
): T {
  if (typeof fn !== 'function') throw invalidCacheFunctionError(fn)
  const where = `unstable_cache(${fn.name || 'anonymous function'})`
  if (options.revalidate === 0) throw unstableCacheRevalidateZeroError(where)
  const revalidate = validateRevalidate(options.revalidate, where) ?? false
  const tags = validateTags(options.tags, where)
  const fixedKey = `${fn.toString()}-${Array.isArray(keyParts) ? keyParts.join(',') : ''}`

  const cached = async (...args: unknown[]): Promise<unknown> => {
    const store = getRequestStore()
    const nested = currentCacheScope() !== undefined
    const run = () => runInCacheScope(where, () => fn(...args))
    if (store && !nested && !store.draftMode) {
      lowerRevalidate(store, revalidate)
      for (const tag of tags) store.tags.add(tag)
    }
    const { cache } = dataLayer()
    // Nested caches, draft requests and fetchCache = 'force-no-store' bypass the cache, as in Next.
    if (!cache || nested || store?.draftMode || store?.config.fetchCache === 'force-no-store') return run()

    const key = `fn:${createHash('sha256')
      .update(`${fixedKey}-${JSON.stringify(args)}`)
      .digest('hex')}`
    // Outside a render nobody would await a background refresh: stale values are recomputed (Next).
    const blockOnStale =
      !store || store.phase === 'prerender' || store.phase === 'regenerate' || readsOwnRevalidation(store)
    const { entry } = await cache.get(
      key,
      async () => {
        const json = JSON.stringify(await run())
        return {
          kind: 'function',
          body: encoder.encode(json ?? ''),
          status: 200,
          headers: {},
          tags,
          lastModified: Number.MAX_SAFE_INTEGER, // stamped by the cache with the refresh's start
          revalidate,
        }
      },
      // An explicit revalidate judges staleness, whoever wrote the entry; without one, the entry's
      // own (Next: `options.revalidate || entry.revalidate`).
      {
        blockOnStale,
        extraTags: store?.implicitTags ?? [],
        ...(options.revalidate === undefined ? {} : { revalidate }),
      },
    )
    return entry.body.byteLength === 0 ? undefined : JSON.parse(decoder.decode(entry.body))
  }
  return cached as T
}
