// The per-render request store: one AsyncLocalStorage context per render / action / route handler.
// Everything the data layer learns while rendering (revalidate, tags, dynamic usage) lands here
// and the renderer reads it back. See docs/design/data.md.
import { AsyncLocalStorage } from 'node:async_hooks'
import { readDraftMode } from './draft-cookie.js'
import type { SegmentConfig } from './segment-config.js'
import { REQUEST_STORAGE_SLOT as STORAGE } from './shared-names.js'

export type { FetchCacheMode, SegmentConfig } from './segment-config.js'

export type RenderPhase = 'prerender' | 'regenerate' | 'request' | 'action' | 'route-handler'

export interface RequestStore {
  url: URL
  routeId: string
  headers: Headers
  cookies: Map<string, string>
  phase: RenderPhase
  /** The page's implicit path tags (@fresco/cache implicitTags), checked on every data read. */
  implicitTags: string[]
  config: SegmentConfig
  /** A verified draft-mode cookie: every cache is bypassed and nothing is stored. */
  draftMode: boolean
  /** Running minimum of segment config, fetches and unstable_cache with an explicit revalidate. */
  revalidate: number | false
  /** Explicit tags of data read during the render. */
  tags: Set<string>
  /** First dynamic API used (request phase records it, never throws). */
  dynamicReason?: string
  /** Tags invalidated during this request (actions, route handlers). */
  revalidatedTags: string[]
  /** Set-Cookie values written by cookies().set() / delete() / draftMode(). */
  setCookies: string[]
  /** Background work (cache writes, refreshes, tag updates) the server awaits before shutdown. */
  pending: Promise<unknown>[]
  /** unstable_noStore() / connection() was called: `fetchCache = 'default-cache'` stops caching. */
  noStore: boolean
}

export type RequestStoreInit = Partial<RequestStore> &
  Pick<RequestStore, 'url' | 'routeId' | 'phase' | 'config'>

/** `a=1; b=2` → Map. Later duplicates lose, as browsers send the most specific cookie first. */
export function parseCookieHeader(header: string | null): Map<string, string> {
  const cookies = new Map<string, string>()
  if (!header) return cookies
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq === -1) continue
    const name = part.slice(0, eq).trim()
    if (!name || cookies.has(name)) continue
    let value = part.slice(eq + 1).trim()
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1)
    try {
      cookies.set(name, decodeURIComponent(value))
    } catch {
      cookies.set(name, value)
    }
  }
  return cookies
}

/**
 * A Server Action (or route handler) revalidated tags, then reads data: a stale entry is refreshed
 * before it is returned, not in the background, so `revalidateTag(tag, 'max')` shows in the
 * action's own response (Next: a tag pending revalidation in this request is a cache miss). Any
 * stale entry counts, not only the revalidated tags' (the cache does not say why it is stale).
 */
export function readsOwnRevalidation(store: RequestStore): boolean {
  return store.revalidatedTags.length > 0
}

export function createRequestStore(init: RequestStoreInit): RequestStore {
  const headers = init.headers ?? new Headers()
  const cookies = init.cookies ?? parseCookieHeader(headers.get('cookie'))
  return {
    implicitTags: [],
    revalidatedTags: [],
    setCookies: [],
    pending: [],
    noStore: false,
    ...init,
    headers,
    cookies,
    draftMode: init.draftMode ?? readDraftMode(cookies),
    revalidate: init.revalidate ?? init.config.revalidate,
    tags: init.tags ?? new Set(),
  }
}

// One ALS per process even if this module is evaluated twice (server bundle + plain node).
const SCOPE = Symbol.for('fresco.data.cacheScope')
type Slots = { [STORAGE]?: AsyncLocalStorage<RequestStore>; [SCOPE]?: AsyncLocalStorage<string> }
const slots = globalThis as Slots
slots[STORAGE] ??= new AsyncLocalStorage<RequestStore>()
slots[SCOPE] ??= new AsyncLocalStorage<string>()
const storage = slots[STORAGE]
const cacheScope = slots[SCOPE]

export function runWithRequestStore<T>(store: RequestStore, fn: () => T): T {
  return storage.run(store, fn)
}

export function getRequestStore(): RequestStore | undefined {
  return storage.getStore()
}

/**
 * Run `fn` as the body of an unstable_cache function: nested fetches skip the data cache and
 * do not touch the page (as Next's 'unstable-cache' work unit), request APIs throw.
 */
export function runInCacheScope<T>(description: string, fn: () => T): T {
  return cacheScope.run(description, fn)
}

/** The unstable_cache function currently running, if any. */
export function currentCacheScope(): string | undefined {
  return cacheScope.getStore()
}

/** Lower the running minimum: `false` (never) > any number; 0 means dynamic. */
export function lowerRevalidate(store: RequestStore, revalidate: number | false): void {
  if (revalidate === false) return
  if (store.revalidate === false || revalidate < store.revalidate) store.revalidate = revalidate
}

/** Remember background work so the server can await it (shutdown, tests). */
export function track(store: RequestStore | undefined, work: Promise<unknown>): void {
  if (!store) return
  const settled = work.then(
    () => undefined,
    () => undefined,
  )
  store.pending.push(settled)
}
