// What middleware returns, read as Next.js reads it; config.matcher compiled as Next compiles it.
import { describe, expect, it } from 'vitest'
import type { IncomingInfo } from '../contract.js'
import { NextRequest, NextResponse } from '../next-server.js'
import { createMiddleware } from './middleware.js'
import { routingRequest } from './routing-request.js'

const req = (pathname: string, headers: IncomingInfo['headers'] = {}, basePath = '') =>
  routingRequest(
    {
      method: 'GET',
      pathname,
      search: '',
      rawUrl: pathname,
      origin: 'http://localhost:3000',
      headers: { host: 'localhost:3000', ...headers },
      body: () => null,
      signal: new AbortController().signal,
    },
    'BUILD',
    basePath,
  )

const run = (fn: (r: NextRequest) => unknown, path = '/x') =>
  createMiddleware({ middleware: fn }, 'middleware.ts').run(req(path))

describe('middleware outcomes', () => {
  it('nothing returned, or next(), continues; next() carries response headers, cookies and request headers', () => {
    expect(run(() => undefined)).toMatchObject({ type: 'continue', rewrite: undefined })
    const outcome = run((r) => {
      const headers = new Headers(r.headers)
      headers.set('x-user', 'ann')
      const res = NextResponse.next({ request: { headers } })
      res.headers.set('x-extra', '1')
      res.cookies.set('a', 'b')
      return res
    })
    if (outcome instanceof Promise || outcome.type !== 'continue') throw new Error('expected continue')
    expect(outcome.requestHeaders).toMatchObject({ 'x-user': 'ann', host: 'localhost:3000' })
    expect(outcome.responseHeaders?.get('x-extra')).toBe('1')
    expect(outcome.responseHeaders?.getSetCookie()).toEqual(['a=b; Path=/'])
    expect(outcome.requestHeaders?.cookie).toBe('a=b')
    expect([...(outcome.responseHeaders?.keys() ?? [])].some((k) => k.startsWith('x-middleware-'))).toBe(
      false,
    )
  })

  it('a cookie it sets replaces the request cookie of that name for the route', () => {
    const outcome = createMiddleware(
      {
        middleware: () => {
          const res = NextResponse.next()
          res.cookies.set('theme', 'dark')
          return res
        },
      },
      'middleware.ts',
    ).run(req('/x', { cookie: 'theme=light; id=7' }))
    if (outcome instanceof Promise || outcome.type !== 'continue') throw new Error('expected continue')
    expect(outcome.requestHeaders).toMatchObject({ cookie: 'theme=dark; id=7', host: 'localhost:3000' })
  })

  it('rewrite() needs an absolute URL and continues there', async () => {
    expect(run((r) => NextResponse.rewrite(new URL('/b?q=1', r.url)))).toMatchObject({
      type: 'continue',
      rewrite: 'http://localhost:3000/b?q=1',
    })
    expect(() => run(() => NextResponse.rewrite('/b'))).toThrow(
      "NextResponse.rewrite() got '/b': use an absolute URL, e.g. new URL('/path', request.url).",
    )
  })

  it('a same-origin redirect gets a relative Location and that location as its body', async () => {
    const outcome = await run((r) => NextResponse.redirect(new URL('/login?next=/x', r.url)))
    if (outcome.type !== 'respond') throw new Error('expected respond')
    expect(outcome.response.headers.get('location')).toBe('/login?next=/x')
    expect(await outcome.response.text()).toBe('/login?next=/x')
    // 308 without a body: Refresh as well, as next start sends it
    const moved = await run((r) => NextResponse.redirect(new URL('/new', r.url), 308))
    if (moved.type !== 'respond') throw new Error('expected respond')
    expect([moved.response.headers.get('location'), moved.response.headers.get('refresh')]).toEqual([
      '/new',
      '0;url=/new',
    ])
    const away = await run(() => NextResponse.redirect('https://example.com/'))
    if (away.type !== 'respond') throw new Error('expected respond')
    expect(away.response.headers.get('location')).toBe('https://example.com/')
  })

  it('an async middleware and any other Response', async () => {
    const outcome = await run(async () => new Response('no', { status: 403 }))
    if (outcome.type !== 'respond') throw new Error('expected respond')
    expect([outcome.response.status, await outcome.response.text()]).toEqual([403, 'no'])
  })

  it('finds the function as default, middleware or proxy; none is an error naming the file', () => {
    expect(() => createMiddleware({ config: {} }, 'proxy.ts')).toThrow('proxy.ts has no middleware function')
    expect(createMiddleware({ proxy: () => undefined }, 'proxy.ts').matches(req('/a'))).toBe(true)
  })
})

describe('the request and next() it gets', () => {
  it('a bare next() carries nothing, as returning nothing; a next() only read carries nothing either', () => {
    const nothing = run(() => undefined)
    expect(run(() => NextResponse.next())).toEqual(nothing)
    expect(
      run(() => {
        const res = NextResponse.next()
        res.headers.get('x-anything')
        return res
      }),
    ).toEqual(nothing)
  })

  it('a POST: a Request and a NextRequest with method, headers and cookies; no body (the route reads it)', async () => {
    const info: IncomingInfo = {
      method: 'POST',
      pathname: '/form',
      search: '?a=1',
      rawUrl: '/form?a=1',
      origin: 'http://localhost:3000',
      headers: { host: 'localhost:3000', 'content-type': 'text/plain', cookie: 'id=7' },
      body: () => new Blob(['payload']).stream(),
      signal: new AbortController().signal,
    }
    let seen: unknown[] = []
    const outcome = await createMiddleware(
      {
        middleware: async (r: NextRequest) => {
          seen = [
            r instanceof Request,
            r instanceof NextRequest,
            r.method,
            r.url,
            r.headers.get('content-type'),
            r.cookies.get('id')?.value,
            r.nextUrl.searchParams.get('a'),
            r.body,
            await r.text(),
          ]
          const headers = new Headers(r.headers)
          headers.set('x-user', 'ann')
          return NextResponse.next({ request: { headers } })
        },
      },
      'middleware.ts',
    ).run(routingRequest(info, 'BUILD'))
    expect(seen).toEqual([
      true,
      true,
      'POST',
      'http://localhost:3000/form?a=1',
      'text/plain',
      '7',
      '1',
      null,
      '',
    ])
    if (outcome.type !== 'continue') throw new Error('expected continue')
    expect(outcome.requestHeaders).toMatchObject({
      'x-user': 'ann',
      'content-type': 'text/plain',
      cookie: 'id=7',
    })
  })
})

describe('config.matcher', () => {
  const matches = (matcher: unknown, path: string, headers: IncomingInfo['headers'] = {}) =>
    createMiddleware(
      { default: () => undefined, config: { matcher: matcher as string } },
      'middleware.ts',
    ).matches(req(path, headers))

  it('path-to-regexp sources: case-sensitive, an optional trailing slash, :path* covering the root', () => {
    expect(matches('/about/:path*', '/about')).toBe(true)
    expect(matches('/about/:path*', '/about/a/b')).toBe(true)
    expect(matches('/about/:path*', '/About')).toBe(false)
    expect(matches(['/a', '/b'], '/b')).toBe(true)
    expect(matches('/((?!api|_fresco/static|favicon.ico).*)', '/api/x')).toBe(false)
    expect(matches('/((?!api|_fresco/static|favicon.ico).*)', '/blog')).toBe(true)
  })

  it('objects with has / missing', () => {
    const m = [
      {
        source: '/p',
        has: [{ type: 'cookie', key: 'session' }],
        missing: [{ type: 'header', key: 'x-skip' }],
      },
    ]
    expect(matches(m, '/p', { cookie: 'session=1' })).toBe(true)
    expect(matches(m, '/p')).toBe(false)
    expect(matches(m, '/p', { cookie: 'session=1', 'x-skip': '1' })).toBe(false)
  })

  it('a source that is not a path is an error naming the file and the matcher', () => {
    expect(() => matches('about', '/about')).toThrow("middleware.ts: config.matcher 'about' is invalid")
  })
})

// As `next start` 16.5 answered the same proxy.ts under basePath '/docs' (e2e/browser/base-path.test.ts).
describe('under basePath', () => {
  const docs = { basePath: '/docs' }
  const under = (fn: (r: NextRequest) => unknown, path: string) =>
    createMiddleware({ proxy: fn }, 'proxy.ts', docs).run(req(path, {}, '/docs'))

  it('nextUrl has the path inside basePath and basePath; request.url is the URL as requested', async () => {
    let seen: unknown[] = []
    const see = (r: NextRequest) => {
      seen = [r.nextUrl.pathname, r.nextUrl.basePath, r.nextUrl.href, r.url]
    }
    await under(see, '/docs/about')
    expect(seen).toEqual([
      '/about',
      '/docs',
      'http://localhost:3000/docs/about',
      'http://localhost:3000/docs/about',
    ])
    await under(see, '/docs')
    expect(seen.slice(0, 3)).toEqual(['/', '/docs', 'http://localhost:3000/docs'])
    // An RSC payload request is its page, prefix and all.
    await under(see, '/docs/_fresco/rsc/about')
    expect(seen.slice(0, 2)).toEqual(['/about', '/docs'])
    // A middleware without matcher runs outside basePath too: there nothing is taken off.
    await under(see, '/outside')
    expect(seen.slice(0, 2)).toEqual(['/outside', ''])
  })

  it('a clone redirected or rewritten to goes back under basePath', async () => {
    const redirect = await under((r) => {
      const to = r.nextUrl.clone()
      to.pathname = '/login'
      return NextResponse.redirect(to)
    }, '/docs/account')
    if (redirect.type !== 'respond') throw new Error('expected respond')
    expect(redirect.response.headers.get('location')).toBe('/docs/login')
    const rewrite = await under((r) => {
      const to = r.nextUrl.clone()
      to.pathname = '/about'
      return NextResponse.rewrite(to)
    }, '/docs/x')
    expect(rewrite).toMatchObject({ type: 'continue', rewrite: 'http://localhost:3000/docs/about' })
  })

  it('matcher sources are paths of the app: /docs is put in front, nothing outside matches', () => {
    const matches = (matcher: string | string[], path: string) =>
      createMiddleware({ proxy: () => undefined, config: { matcher } }, 'proxy.ts', docs).matches(
        req(path, {}, '/docs'),
      )
    // [source, requested path, selected?], as next start's functions-config-manifest compiles them
    const cases: [string, string, boolean][] = [
      ['/about', '/docs/about', true],
      ['/about', '/about', false],
      ['/', '/docs', true],
      ['/', '/', false],
      ['/docs/inner', '/docs/inner', false],
      ['/docs/inner', '/docs/docs/inner', true],
      ['/:path*', '/outside', false],
      ['/:path*', '/docs/a/b', true],
    ]
    for (const [source, path, selected] of cases)
      expect([source, path, matches(source, path)]).toEqual([source, path, selected])
  })
})
