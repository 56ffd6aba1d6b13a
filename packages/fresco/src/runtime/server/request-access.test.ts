import { describe, expect, it } from 'vitest'
import { isDynamicUsageError } from '../data/dynamic.js'
import {
  createRequestStore,
  type RenderPhase,
  runWithRequestStore,
  type SegmentConfig,
} from '../data/request-store.js'
import { NextRequest } from './next-server.js'
import { trackRequestAccess } from './request-access.js'

const config = (dynamic: SegmentConfig['dynamic'] = 'auto'): SegmentConfig => ({
  dynamic,
  revalidate: 1,
  dynamicParams: true,
  fetchCache: 'auto',
})

/** Run `read` on a tracked request inside a store; what it returned or threw, and the store's reason. */
function access(
  read: (r: NextRequest) => unknown,
  phase: RenderPhase = 'prerender',
  dynamic?: SegmentConfig['dynamic'],
) {
  const url = new URL('http://localhost/api/revalidate-path?path=/a')
  const store = createRequestStore({ url, routeId: '/api/revalidate-path', phase, config: config(dynamic) })
  const request = trackRequestAccess(new Request(url, { headers: { cookie: 'a=1', 'x-h': 'v' } }))
  try {
    return { value: runWithRequestStore(store, () => read(request)), reason: store.dynamicReason }
  } catch (error) {
    return { error, reason: store.dynamicReason }
  }
}

describe('trackRequestAccess', () => {
  it.each([
    ['nextUrl.searchParams', (r: NextRequest) => r.nextUrl.searchParams.get('path')],
    ['nextUrl.search', (r: NextRequest) => r.nextUrl.search],
    ['nextUrl.href', (r: NextRequest) => r.nextUrl.href],
    ['nextUrl.toString', (r: NextRequest) => String(r.nextUrl)],
    ['nextUrl.searchParams', (r: NextRequest) => r.nextUrl.clone().searchParams],
    ['request.url', (r: NextRequest) => new URL(r.url).searchParams.get('path')],
    ['request.headers', (r: NextRequest) => r.headers.get('x-h')],
    ['request.cookies', (r: NextRequest) => r.cookies.get('a')],
    ['request.text', (r: NextRequest) => r.text()],
  ])('reading %s while prerendering throws the dynamic-usage marker naming it', (api, read) => {
    const { error, reason } = access(read)
    expect(isDynamicUsageError(error)).toBe(true)
    expect((error as { api: string }).api).toBe(api)
    expect(reason).toBe(api)
  })

  it('keeps the route cacheable for the pathname, the method and the params', () => {
    const { value, reason, error } = access((r) => [r.nextUrl.pathname, r.method, r instanceof NextRequest])
    expect(error).toBeUndefined()
    expect(value).toEqual(['/api/revalidate-path', 'GET', true])
    expect(reason).toBeUndefined()
  })

  it('only records the reason in a per-request call, and answers with the real values', async () => {
    const { value, reason } = access(
      (r) => [r.nextUrl.searchParams.get('path'), r.headers.get('x-h')],
      'route-handler',
    )
    expect(value).toEqual(['/a', 'v'])
    expect(reason).toBe('nextUrl.searchParams')
  })

  it("is ignored under force-static and fails naming the member under dynamic = 'error'", () => {
    expect(access((r) => r.nextUrl.search, 'prerender', 'force-static')).toEqual({
      value: '?path=/a',
      reason: undefined,
    })
    expect(String(access((r) => r.nextUrl.search, 'prerender', 'error').error)).toContain('nextUrl.search')
  })

  it('lets the handler read the body of a per-request call through the proxy', async () => {
    const request = trackRequestAccess(new Request('http://localhost/x', { method: 'POST', body: '{"a":1}' }))
    expect(await request.json()).toEqual({ a: 1 })
    expect(request.bodyUsed).toBe(true)
  })
})
