// The patched global fetch. Outside a render it is the original fetch, untouched. Inside one it
// applies the fetch policy (data cache, dynamic marking, running-minimum revalidate, tags),
// memoizes GET/HEAD per render and logs. See docs/design/data.md § fetch.
import { limitTags } from '@fresco/cache'
import { cachedFetch } from './cached-fetch.js'
import { dataLayer } from './configure.js'
import { markDynamic } from './dynamic.js'
import { type RequestIdentity, requestIdentity, requestKey } from './fetch-key.js'
import { formatFetchLine } from './fetch-log.js'
import { decideFetchPolicy, type FetchPolicy } from './fetch-policy.js'
import { type Fetched, memoize } from './memo.js'
import { currentCacheScope, getRequestStore, lowerRevalidate, type RequestStore } from './request-store.js'
import { tracedFetch } from './traced-fetch.js'
import { awaitUpstream } from './upstream-wait.js'

type Fetch = typeof globalThis.fetch
const ORIGINAL = Symbol.for('fresco.data.originalFetch')
const slots = globalThis as { [ORIGINAL]?: Fetch }

/** Patch globalThis.fetch once per process (a second module copy sees the marker and skips). */
export function installFetchPatch(): void {
  if (slots[ORIGINAL]) return
  const original = globalThis.fetch
  slots[ORIGINAL] = original
  const patched = function fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const store = getRequestStore()
    if (!store) return original(input, init)
    return serverFetch(original, store, input, init)
  }
  globalThis.fetch = patched as Fetch
}

/** The fetch that was global before the patch (the data layer's own upstream requests). */
export function originalFetch(): Fetch {
  return slots[ORIGINAL] ?? globalThis.fetch
}

function readUrl(input: RequestInfo | URL): string | undefined {
  try {
    return new URL(input instanceof Request ? input.url : input).href
  } catch {
    return undefined // relative or malformed: the original fetch reports it
  }
}

/** Tags as Next validates them: strings only (others dropped with a warning), then the limits. */
function fetchTags(raw: unknown, url: string): string[] {
  if (raw === undefined) return []
  const { logger } = dataLayer()
  const list = Array.isArray(raw) ? raw : [raw]
  const strings = list.filter((t): t is string => typeof t === 'string' && t.length > 0)
  if (strings.length !== list.length)
    logger.warn(`fetch ${url}: tags must be non-empty strings; dropped the others`)
  return limitTags(strings, logger, `fetch ${url}`)
}

function withoutNext(init: RequestInit | undefined): RequestInit | undefined {
  if (!init || !('next' in init)) return init
  const { next: _next, ...rest } = init
  return rest
}

// Draft mode bypasses every cache and records nothing (Next returns the original fetch).
const DRAFT = { policy: { revalidate: 0, reason: 'draft mode' } as FetchPolicy, tags: [] as string[] }

/** Apply the fetch policy to the render: tags, running-minimum revalidate, dynamic marking. */
function decide(
  store: RequestStore,
  url: string,
  id: RequestIdentity,
  init: RequestInit | undefined,
  request: Request | undefined,
  next: RequestInit['next'],
): { policy: FetchPolicy; tags: string[] } {
  const inCacheScope = currentCacheScope() !== undefined
  const tags = fetchTags(next?.tags, url)
  const policy = decideFetchPolicy(
    {
      url,
      method: id.method,
      cache: init?.cache ?? (request?.cache === 'default' ? undefined : request?.cache),
      revalidate: next?.revalidate,
      credentialed: id.headers.has('authorization') || id.headers.has('cookie'),
    },
    {
      fetchCache: store.config.fetchCache,
      dynamic: store.config.dynamic,
      phase: store.phase,
      revalidate: store.revalidate,
      noStore: store.noStore,
      inCacheScope,
    },
  )
  if (policy.warning) dataLayer().logger.warn(`fetch ${url}: ${policy.warning}`)
  // Inside unstable_cache the function's own options describe the page, not its fetches.
  if (!inCacheScope) {
    for (const tag of tags) store.tags.add(tag)
    if (policy.lower !== undefined) lowerRevalidate(store, policy.lower)
    if (policy.dynamic) markDynamic(policy.dynamic)
  }
  return { policy, tags }
}

async function serverFetch(
  original: Fetch,
  store: RequestStore,
  input: RequestInfo | URL,
  init: RequestInit | undefined,
): Promise<Response> {
  const url = readUrl(input)
  if (url === undefined) return original(input, withoutNext(init))
  const layer = dataLayer()
  const started = performance.now()
  const id = requestIdentity(url, input, init)
  const request = input instanceof Request ? input : undefined
  const next = init?.next ?? (request as { next?: RequestInit['next'] } | undefined)?.next
  const upstreamInit = withoutNext(init)
  const signal = init?.signal ?? request?.signal
  const idempotent = (id.method === 'GET' || id.method === 'HEAD') && !(init?.keepalive ?? request?.keepalive)

  const { policy, tags } = store.draftMode ? DRAFT : decide(store, url, id, init, request, next)
  const cache = layer.cache
  const cacheable = policy.revalidate !== 0 && idempotent && cache !== undefined
  let reason = policy.reason
  if (policy.revalidate !== 0 && !cacheable)
    reason = idempotent ? 'no data cache configured' : `${id.method} is not cached`

  // GET/HEAD only: the data cache and the memo never key a request with a body.
  const key = idempotent ? requestKey(id) : ''
  // Waiting on the data source (or on another render's request for the same data) does not hold a
  // render slot for long: see render-slots.ts.
  const produce = (): Promise<Fetched> => awaitUpstream(produceHere)
  const produceHere = (): Promise<Fetched> =>
    cacheable
      ? cachedFetch(
          {
            cache,
            key,
            url,
            method: id.method,
            revalidate: policy.revalidate,
            tags,
            upstream: () => original(input, { ...upstreamInit, signal: null }),
          },
          store,
        )
      : original(input, upstreamInit).then((response) => ({ response, outcome: 'SKIP' as const }))

  const memoKey = idempotent ? `${key}|${cacheable ? `cache:${policy.revalidate}` : 'upstream'}` : undefined
  const produced = tracedFetch(layer.tracer, id.method, url, () =>
    memoKey ? memoize(store, memoKey, produce, signal) : produce(),
  )
  const onFetch = layer.onFetch
  const pending = onFetch
    ? produced.then(
        (f) => {
          onFetch(f.memoized ? 'MEMO' : f.outcome)
          return f
        },
        (error: unknown) => {
          onFetch('error')
          throw error
        },
      )
    : produced
  if (!layer.fetchLog) return pending.then((f) => f.response)
  const log = layer.fetchLog
  return pending.then(
    (f) => {
      const outcome = f.memoized ? 'MEMO' : f.outcome
      const status = f.response.status
      layer.print(
        formatFetchLine(
          { method: id.method, url, status, ms: performance.now() - started, outcome, reason },
          log,
        ),
      )
      return f.response
    },
    (error: unknown) => {
      const line = {
        method: id.method,
        url,
        ms: performance.now() - started,
        outcome: 'SKIP' as const,
        reason,
        error,
      }
      layer.print(formatFetchLine(line, log))
      throw error
    },
  )
}
