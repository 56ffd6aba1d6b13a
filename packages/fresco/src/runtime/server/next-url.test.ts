// request.nextUrl under next.config's basePath, as `next start` 16.5 showed it to a proxy.ts for
// /docs/mw/url?q=1 (basePath '/docs'): pathname '/mw/url', basePath '/docs', href with the prefix,
// a clone whose pathname is set keeps it; outside basePath it is ''.
import { describe, expect, it } from 'vitest'
import { NextRequest } from './next-server.js'
import { NextURL } from './next-url.js'

const docs = { basePath: '/docs' }

describe('NextURL under basePath', () => {
  it('takes the prefix off pathname and puts it back in href, toString() and toJSON()', () => {
    const url = new NextURL('http://localhost:3000/docs/mw/url?q=1#h', { nextConfig: docs })
    expect([url.pathname, url.basePath, url.search, url.hash]).toEqual(['/mw/url', '/docs', '?q=1', '#h'])
    expect(url.href).toBe('http://localhost:3000/docs/mw/url?q=1#h')
    expect(String(url)).toBe(url.href)
    expect(JSON.stringify({ url })).toBe('{"url":"http://localhost:3000/docs/mw/url?q=1#h"}')
    expect(url.origin).toBe('http://localhost:3000')
    expect(url).not.toBeInstanceOf(URL) // as Next's
  })

  it('the root of basePath is / (and /docs again in href, /docs/ under trailingSlash)', () => {
    const root = new NextURL('http://h/docs', { nextConfig: docs })
    expect([root.pathname, root.basePath, root.href]).toEqual(['/', '/docs', 'http://h/docs'])
    const slash = new NextURL('http://h/docs/', { nextConfig: { ...docs, trailingSlash: true } })
    expect([slash.pathname, slash.href]).toEqual(['/', 'http://h/docs/'])
    const page = new NextURL('http://h/docs/a/', { nextConfig: { ...docs, trailingSlash: true } })
    expect([page.pathname, page.href]).toEqual(['/a/', 'http://h/docs/a/'])
  })

  it('clone() keeps basePath: the pathname set on it is a path of the app', () => {
    const url = new NextURL('http://h/docs/mw/to?x=1', { nextConfig: docs })
    const to = url.clone()
    to.pathname = '/about'
    expect([to.href, to.basePath, url.pathname]).toEqual(['http://h/docs/about?x=1', '/docs', '/mw/to'])
    to.pathname = '/'
    expect(to.href).toBe('http://h/docs?x=1')
    to.pathname = '/about/' // without trailingSlash, as Next: no slash
    expect(to.href).toBe('http://h/docs/about?x=1')
    to.searchParams.set('from', 'mw')
    expect(to.href).toBe('http://h/docs/about?x=1&from=mw')
  })

  it('a path outside basePath (or only starting like it) has basePath "" and stays as requested', () => {
    for (const path of ['/outside', '/', '/docsx', '/doc']) {
      const url = new NextURL(`http://h${path}`, { nextConfig: docs })
      expect([url.pathname, url.basePath, url.href]).toEqual([path, '', `http://h${path}`])
    }
  })

  it('setting basePath or href: the prefix is what href adds, href is analysed again', () => {
    const url = new NextURL('http://h/docs/a', { nextConfig: docs })
    url.basePath = 'v2' // as Next: a leading slash is added
    expect(url.href).toBe('http://h/v2/a')
    url.href = 'http://h/docs/b?y=2'
    expect([url.pathname, url.basePath, url.search]).toEqual(['/b', '/docs', '?y=2'])
  })

  it('new URL(path, nextUrl) resolves against href, so the path is outside basePath', () => {
    const url = new NextURL('http://h/docs/a', { nextConfig: docs })
    expect(new URL('/x', url.href).href).toBe('http://h/x')
    expect(new NextURL('/x', url).href).toBe('http://h/x')
  })

  it('without basePath it is the URL as given', () => {
    const url = new NextURL('http://h/docs/a?q', 'http://ignored')
    expect([url.pathname, url.basePath, url.href]).toEqual(['/docs/a', '', 'http://h/docs/a?q'])
    expect(new NextURL('/p', 'http://h/base/').href).toBe('http://h/p')
  })
})

describe('NextRequest nextConfig', () => {
  it('tells nextUrl the basePath; request.url stays the URL as requested', () => {
    const req = new NextRequest('http://h/docs/about', { nextConfig: docs })
    expect([req.url, req.nextUrl.pathname, req.nextUrl.basePath]).toEqual([
      'http://h/docs/about',
      '/about',
      '/docs',
    ])
    expect(new NextRequest('http://h/docs/about').nextUrl.pathname).toBe('/docs/about')
  })
})
