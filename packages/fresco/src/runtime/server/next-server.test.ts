import { describe, expect, it } from 'vitest'
import { isBareNext, NextRequest, NextResponse, NextURL } from './next-server.js'

describe('NextRequest', () => {
  it('is a Request with nextUrl and read-only cookies', async () => {
    const req = new NextRequest('http://localhost:3000/api/items?page=2&tag=a&tag=b', {
      headers: { cookie: 'session=abc; theme=dark%20blue; session=ignored' },
    })
    expect(req).toBeInstanceOf(Request)
    expect(req.nextUrl).toBeInstanceOf(NextURL) // not a URL, as in Next.js: next-url.test.ts
    expect(req.nextUrl.pathname).toBe('/api/items')
    expect(req.nextUrl.searchParams.get('page')).toBe('2')
    expect(req.nextUrl.searchParams.getAll('tag')).toEqual(['a', 'b'])
    expect(req.cookies.get('session')).toEqual({ name: 'session', value: 'abc' })
    expect(req.cookies.get('theme')?.value).toBe('dark blue')
    expect(req.cookies.get('missing')).toBeUndefined()
    expect(req.cookies.has('theme')).toBe(true)
    expect(req.cookies.size).toBe(2)
    expect(req.cookies.getAll()).toEqual([
      { name: 'session', value: 'abc' },
      { name: 'theme', value: 'dark blue' },
    ])
    expect(req.cookies.getAll('theme')).toEqual([{ name: 'theme', value: 'dark blue' }])
  })

  it('nextUrl.clone() is an independent copy, as in Next.js', () => {
    const req = new NextRequest('http://localhost/a?x=1')
    const url = req.nextUrl.clone()
    url.pathname = '/b'
    expect(url.href).toBe('http://localhost/b?x=1')
    expect(req.nextUrl.pathname).toBe('/a')
  })

  it('wraps an existing Request, body included', async () => {
    const original = new Request('http://x/form', { method: 'POST', body: 'hello' })
    const req = new NextRequest(original)
    expect(req.method).toBe('POST')
    expect(await req.text()).toBe('hello')
    expect(req.cookies.size).toBe(0)
  })
})

describe('NextResponse', () => {
  it('json() sets the content type and keeps init', async () => {
    const res = NextResponse.json({ ok: true }, { status: 201, headers: { 'x-a': '1' } })
    expect(res).toBeInstanceOf(Response)
    expect(res).toBeInstanceOf(NextResponse)
    expect(res.status).toBe(201)
    expect(res.headers.get('content-type')).toBe('application/json')
    expect(res.headers.get('x-a')).toBe('1')
    expect(await res.json()).toEqual({ ok: true })
    const custom = NextResponse.json([1], { headers: { 'content-type': 'application/vnd.api+json' } })
    expect(custom.headers.get('content-type')).toBe('application/vnd.api+json')
  })

  it('redirect() defaults to 307 and validates the status', () => {
    const res = NextResponse.redirect(new URL('https://example.com/login'))
    expect(res.status).toBe(307)
    expect(res.headers.get('location')).toBe('https://example.com/login')
    expect(NextResponse.redirect('/relative', 308).headers.get('location')).toBe('/relative')
    expect(NextResponse.redirect('/x', { status: 303, headers: { 'x-b': '2' } }).headers.get('x-b')).toBe('2')
    expect(() => NextResponse.redirect('/x', 200)).toThrow(
      '[fresco] NextResponse.redirect() got status 200. Use 301, 302, 303, 307 or 308.',
    )
  })

  it('cookies set, get, delete and write Set-Cookie headers', () => {
    const res = NextResponse.json({})
    res.cookies.set('a', '1', { httpOnly: true, maxAge: 60 })
    res.cookies.set({ name: 'b', value: 'x y', sameSite: 'lax' })
    res.cookies.set('a', '2')
    expect(res.cookies.get('a')?.value).toBe('2')
    expect(res.cookies.has('b')).toBe(true)
    expect(res.cookies.getAll().map((c) => c.name)).toEqual(['a', 'b'])
    expect(res.headers.getSetCookie()).toEqual(['a=2; Path=/', 'b=x%20y; Path=/; SameSite=Lax'])
    res.cookies.delete('b')
    expect(res.headers.getSetCookie()[1]).toMatch(
      /^b=; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0/,
    )
    expect(() => res.cookies.set('bad name', 'v')).toThrow(/Invalid cookie name/)
  })

  it('rewrite() and next() mark the response the way Next.js does, for middleware to read', () => {
    const rewrite = NextResponse.rewrite(new URL('http://localhost/other?q=1'))
    expect(rewrite.headers.get('x-middleware-rewrite')).toBe('http://localhost/other?q=1')
    const next = NextResponse.next({ request: { headers: new Headers({ 'x-user': 'ann' }) } })
    expect(next.headers.get('x-middleware-next')).toBe('1')
    expect(next.headers.get('x-middleware-override-headers')).toBe('x-user')
    expect(next.headers.get('x-middleware-request-x-user')).toBe('ann')
  })

  it('next() without arguments is a NextResponse whose headers are made when first read', async () => {
    const next = NextResponse.next()
    expect(next).toBeInstanceOf(Response)
    expect(next).toBeInstanceOf(NextResponse)
    expect(next.constructor).toBe(NextResponse)
    expect(isBareNext(next)).toBe(true)
    expect([next.status, next.ok, next.statusText, next.body, next.bodyUsed]).toEqual([
      200,
      true,
      '',
      null,
      false,
    ])
    expect(isBareNext(next)).toBe(true)
    // every Response member answers (none fails a native brand check)
    for (const key of Object.getOwnPropertyNames(Response.prototype))
      expect(() => (next as unknown as Record<string, unknown>)[key], key).not.toThrow()
    expect(isBareNext(next)).toBe(false) // its headers were read: routing reads them back
    next.cookies.set('a', '1')
    next.headers.set('x-b', '2')
    expect(next.headers.get('x-middleware-next')).toBe('1')
    expect(next.headers.getSetCookie()).toEqual(['a=1; Path=/'])
    const clone = next.clone()
    expect([clone.status, clone.headers.get('x-b'), clone.headers.getSetCookie()]).toEqual([
      200,
      '2',
      ['a=1; Path=/'],
    ])
    expect(await next.text()).toBe('')
    expect(new Response('x', next).headers.get('x-b')).toBe('2')
    expect(isBareNext(NextResponse.next({}))).toBe(false)
    expect(isBareNext(new Response(null))).toBe(false)
  })
})
