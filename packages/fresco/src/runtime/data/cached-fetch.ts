// The data-cache path of fetch: read `data:<sha256>` through the response cache (SWR, single
// flight, tag checks), fetching upstream on a miss. Entries hold the response bytes; every caller
// gets a fresh Response built from them.
import type { CacheEntry, RegenerateContext, ResponseCache } from '@fresco/cache'
import { upstreamFailedError } from '../../errors.js'
import type { Fetched } from './memo.js'
import { type RequestStore, readsOwnRevalidation } from './request-store.js'

/** Statuses whose Response must have a null body (Fetch standard). */
const NULL_BODY = new Set([101, 103, 204, 205, 304])
/** Bytes are stored decoded, so these no longer describe them. */
const DROPPED_HEADERS = new Set(['content-encoding', 'content-length', 'transfer-encoding'])

export interface CachedFetch {
  cache: ResponseCache
  key: string
  url: string
  method: string
  revalidate: number | false
  tags: string[]
  /** The upstream request, without the caller's signal: the refresh is shared between requests. */
  upstream: () => Promise<Response>
}

async function toEntry(res: Response, f: CachedFetch, ctx: RegenerateContext): Promise<CacheEntry> {
  // A failing origin must not replace good data: throwing keeps the previous entry (stale-if-error).
  // Other non-200 answers (404 after a delete …) are real answers: returned, never stored.
  if (res.status >= 500 && ctx.previous) {
    await res.body?.cancel()
    throw upstreamFailedError(f.method, f.url, res.status)
  }
  const body = new Uint8Array(await res.arrayBuffer())
  const headers: Record<string, string> = {}
  for (const [name, value] of res.headers) if (!DROPPED_HEADERS.has(name)) headers[name] = value
  return {
    kind: 'fetch',
    body,
    status: res.status,
    headers,
    tags: f.tags,
    // The cache stamps lastModified with the refresh's start (its clock, fencing): min(this, start).
    lastModified: Number.MAX_SAFE_INTEGER,
    revalidate: res.status === 200 ? f.revalidate : 0,
  }
}

export function responseFromEntry(entry: CacheEntry, url: string): Response {
  const body = NULL_BODY.has(entry.status) ? null : entry.body.slice()
  const response = new Response(body, { status: entry.status, headers: entry.headers })
  // Callers read res.url (redirect checks, relative links); a constructed Response has ''.
  Object.defineProperty(response, 'url', { value: url })
  return response
}

/**
 * While prerendering or regenerating a page a stale entry is refreshed in the foreground, so the
 * new page holds new data (Next: isStaticGeneration && isStale → foreground revalidate). So is
 * one in a request that revalidated tags (see readsOwnRevalidation).
 */
export async function cachedFetch(f: CachedFetch, store: RequestStore): Promise<Fetched> {
  const blockOnStale =
    store.phase === 'prerender' || store.phase === 'regenerate' || readsOwnRevalidation(store)
  const { entry, status } = await f.cache.get(
    `data:${f.key}`,
    async (ctx) => toEntry(await f.upstream(), f, ctx),
    // Staleness by this caller's revalidate, whoever wrote the entry (Next: ctx.revalidate).
    { blockOnStale, extraTags: store.implicitTags, revalidate: f.revalidate },
  )
  const copy = () => responseFromEntry(entry, f.url)
  return { response: copy(), outcome: status, copy }
}
