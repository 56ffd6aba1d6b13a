import { describe, expect, it } from 'vitest'
import type { IncomingInfo } from '../contract.js'
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
