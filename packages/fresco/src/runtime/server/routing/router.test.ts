import { describe, expect, it } from 'vitest'
import type { IncomingInfo } from '../contract.js'
import { type NextRequest, NextResponse } from '../next-server.js'
import { createMiddleware } from './middleware.js'
import { createRouting } from './router.js'

const info = (pathname: string): IncomingInfo => ({
  method: 'GET',
  pathname,
  search: '',
  rawUrl: pathname,
  origin: 'http://localhost',
  headers: {},
  body: () => null,
  signal: new AbortController().signal,
})

const routing = createRouting({
  routing: {
    basePath: '',
    // vercel/examples app-directory/i18n: the root sends visitors to a locale.
    redirects: [{ source: '/', destination: '/en', basePath: true, has: [], missing: [], statusCode: 308 }],
    rewrites: { beforeFiles: [], afterFiles: [], fallback: [] },
  },
  middleware: undefined,
  buildId: 'b1',
  routeKind: () => 'static',
  logError: () => {},
})

describe('redirects on payload URLs', () => {
  it('redirects the root\'s payload URL (`/_fresco/rsc/`, a <Link href="/">) like the page', async () => {
    for (const path of ['/', '/_fresco/rsc/']) {
      const routed = await routing?.before(info(path))
      expect(routed?.type).toBe('answer')
      const response = routed?.type === 'answer' ? routed.response : undefined
      expect([response?.status, response?.headers.get('location')]).toEqual([308, '/en'])
    }
  })

  it('leaves a trailing-slash page URL to the app (its own 308 to the bare path comes first)', async () => {
    expect(await routing?.before(info('/en/'))).toMatchObject({ type: 'pass', target: undefined })
    expect(await routing?.before(info('/_fresco/rsc/en/'))).toMatchObject({ type: 'pass', target: undefined })
  })
})

describe('a middleware rewrite under trailingSlash: true', () => {
  it('is served in place in its canonical form (/about → /about/), as a config rewrite, never a 308', async () => {
    const slashed = createRouting({
      routing: { basePath: '', redirects: [], rewrites: { beforeFiles: [], afterFiles: [], fallback: [] } },
      middleware: createMiddleware(
        { proxy: (r: NextRequest) => NextResponse.rewrite(new URL('/about?x=1', r.url)) },
        'proxy.ts',
        { trailingSlash: true },
      ),
      buildId: 'b1',
      routeKind: () => 'static',
      logError: () => {},
      trailingSlash: true,
    })
    expect(await slashed?.before(info('/legacy/'))).toMatchObject({ type: 'pass', target: '/about/?x=1' })
  })
})
