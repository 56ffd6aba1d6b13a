// route.ts: GET/POST/PUT/PATCH/DELETE/HEAD/OPTIONS on Web Request/Response. HEAD falls back to
// GET without a body, OPTIONS answers with Allow, anything else is 405 with Allow (RFC 9110 §15.5.6).
// A GET handler with `revalidate`, `dynamic = 'force-static'` / `'error'` or generateStaticParams is
// cached like a page (CacheEntry kind 'route'); every other call runs per request.
import type { CacheEntry, Clock } from '@fresco/cache'
import { routeHandlerResultError } from '../../errors.js'
import { DynamicUsageError } from '../data/dynamic.js'
import {
  createRequestStore,
  type RenderPhase,
  type RequestStore,
  runWithRequestStore,
} from '../data/request-store.js'
import { storedRevalidate } from '../data/stored-lifetime.js'
import { isNotFoundError, isRedirectError } from '../render/navigation-errors.js'
import type { Params } from '../render/payload.js'
import type { LoadedRoute } from '../render/route-modules.js'
import { readAll } from '../render/streams.js'
import { trackRequestAccess } from './request-access.js'

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const
type Handler = (request: Request, context: { params: Promise<Params> }) => unknown

/** Sorted, as Next.js lists them (`GET, HEAD, OPTIONS, POST`). */
export function allowedMethods(mod: Record<string, unknown>): string[] {
  const allow = METHODS.filter((m) => typeof mod[m] === 'function') as string[]
  if (allow.includes('GET') && !allow.includes('HEAD')) allow.push('HEAD')
  if (!allow.includes('OPTIONS')) allow.push('OPTIONS')
  return allow.sort()
}

/** redirect() / notFound() thrown by a handler answer as they do in Next.js: 307/308 or 404, no body. */
function controlFlowResponse(error: unknown): Response | undefined {
  const redirect = isRedirectError(error)
  if (redirect) return new Response(null, { status: redirect.status, headers: { location: redirect.url } })
  if (isNotFoundError(error)) return new Response(null, { status: 404 })
  return undefined
}

/**
 * Cached like a page when the route says so (Next: GET handlers are dynamic by default): `revalidate`,
 * `dynamic = 'force-static'` or `'error'` (static, failing on request data), or a dynamic route that
 * exports generateStaticParams (Next 16 prerenders its params and caches the others on first visit).
 * Metadata routes (sitemap.ts, icon.png…) are cached by default, unless `revalidate = 0` or a dynamic API.
 */
export function isCacheableHandler(loaded: LoadedRoute): boolean {
  const { config } = loaded
  if (config.dynamic === 'force-dynamic') return false
  if (loaded.route.metadata) return config.revalidate !== 0
  if (config.dynamic === 'force-static' || config.dynamic === 'error') return true
  if (typeof config.revalidate === 'number') return config.revalidate > 0
  return loaded.route.params.length > 0 && typeof loaded.leaf.generateStaticParams === 'function'
}

interface Invocation {
  loaded: LoadedRoute
  request: Request
  params: Params
  phase: RenderPhase
  implicitTags: string[]
}

/**
 * The answer for a method the module exports no handler for: OPTIONS → 204, anything else → 405,
 * both with Allow. Decided from the method string alone, before a Web Request exists: `new
 * Request()` throws for TRACE, TRACK and CONNECT (forbidden methods), which must be a 405, not a 500.
 */
export function unhandledMethod(loaded: LoadedRoute, method: string): Response | undefined {
  const name = handlerName(loaded, method)
  if (isMethod(name) && typeof loaded.leaf[name] === 'function') return undefined
  const allow = allowedMethods(loaded.leaf).join(', ')
  if (method === 'OPTIONS') return new Response(null, { status: 204, headers: { allow } })
  return new Response(`Method ${method} is not allowed.`, { status: 405, headers: { allow } })
}

const isMethod = (name: string): boolean => (METHODS as readonly string[]).includes(name)

/** HEAD falls back to GET when the module has no HEAD. */
const handlerName = (loaded: LoadedRoute, method: string) =>
  method === 'HEAD' && typeof loaded.leaf.HEAD !== 'function' ? 'GET' : method

async function invoke(inv: Invocation, store: RequestStore): Promise<Response> {
  const { loaded, request } = inv
  const unhandled = unhandledMethod(loaded, request.method)
  if (unhandled) return unhandled
  const method = handlerName(loaded, request.method)
  const handler = loaded.leaf[method] as Handler
  // Handlers written for Next.js read request.nextUrl and request.cookies; reading the visitor's
  // input (query, headers, body) makes the route dynamic.
  const nextRequest = trackRequestAccess(request)
  let result: unknown
  try {
    result = await runWithRequestStore(store, () =>
      handler(nextRequest, { params: Promise.resolve(inv.params) }),
    )
  } catch (error) {
    result = controlFlowResponse(error)
    if (!result) throw error
  }
  if (!(result instanceof Response)) throw routeHandlerResultError(loaded.route.id, method)
  // cookies().set() inside the handler lands in the store; the Response may set its own too.
  const response = new Response(request.method === 'HEAD' ? null : result.body, result)
  for (const cookie of store.setCookies) response.headers.append('set-cookie', cookie)
  return response
}

function storeFor(inv: Invocation): RequestStore {
  return createRequestStore({
    url: new URL(inv.request.url),
    routeId: inv.loaded.route.id,
    phase: inv.phase,
    config: inv.loaded.config,
    headers: inv.request.headers,
    implicitTags: inv.implicitTags,
  })
}

/** A per-request call. The store is returned so the server can await its background writes. */
export async function callRouteHandler(
  inv: Invocation,
): Promise<{ response: Response; store: RequestStore }> {
  const store = storeFor(inv)
  return { response: await invoke(inv, store), store }
}

/** A cacheable GET, buffered into an entry (prerender and ISR regeneration). */
export async function routeHandlerEntry(inv: Invocation, clock: Clock): Promise<CacheEntry> {
  const store = storeFor(inv)
  const response = await invoke(inv, store)
  // The handler caught the dynamic-usage marker: the store still knows, and it is not cached.
  if (store.dynamicReason !== undefined) throw new DynamicUsageError(store.routeId, store.dynamicReason)
  const headers: Record<string, string> = {}
  response.headers.forEach((value, key) => {
    if (key !== 'set-cookie') headers[key] = value
  })
  const body = response.body ? await readAll(response.body) : new Uint8Array(0)
  const setsCookies = store.setCookies.length > 0 || response.headers.has('set-cookie')
  return {
    kind: 'route',
    body,
    status: response.status,
    headers,
    tags: [...new Set([...inv.implicitTags, ...store.tags])],
    lastModified: clock.now(),
    // Per-visitor (cookies), error and after-build 404 answers are never stored (stored-lifetime.ts).
    revalidate: storedRevalidate({
      status: response.status,
      setsCookies,
      phase: inv.phase,
      revalidate: store.revalidate,
    }),
  }
}
