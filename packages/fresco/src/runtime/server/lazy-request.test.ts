// The request middleware receives: a NextRequest and a Request to every reader, its Web Request
// built only when a member needs one (undici 6, Node 20 and 22), or built at once (undici 7).
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { middlewareRequest } from './lazy-request.js'
import { NextRequest } from './next-server.js'

const undiciMajor = Number((process.versions.undici ?? '0').split('.')[0])
const standIn = undiciMajor < 7

const make = (method = 'GET', headers: Record<string, string | string[] | undefined> = {}, basePath = '') =>
  middlewareRequest('http://LOCALHOST:80/docs/a%20b?q=1', method, headers, { basePath })

describe('middleware request', () => {
  it('is a NextRequest and a Request, with url, method, headers, cookies and nextUrl', () => {
    const r = make(
      'GET',
      { host: 'localhost', ':path': '/x', accept: ['a', 'b'], cookie: 'x=1; y=2' },
      '/docs',
    )
    expect(r).toBeInstanceOf(Request)
    expect(r).toBeInstanceOf(NextRequest)
    expect(r.constructor).toBe(NextRequest)
    expect(Object.prototype.toString.call(r)).toBe('[object Request]')
    expect(r.url).toBe('http://localhost/docs/a%20b?q=1') // serialized as new Request() does
    expect(r.method).toBe('GET')
    expect([...r.headers]).toEqual([
      ['accept', 'a, b'],
      ['cookie', 'x=1; y=2'],
      ['host', 'localhost'],
    ])
    expect(r.cookies.get('y')).toEqual({ name: 'y', value: '2' })
    expect(r.nextUrl.pathname).toBe('/a%20b')
    expect(r.nextUrl.basePath).toBe('/docs')
    // Next 15 removed geo and ip from NextRequest
    expect('ip' in r || 'geo' in r).toBe(false)
  })

  it('reads cookies from several Cookie headers as Headers joins them', () => {
    const r = make('GET', { cookie: ['a=1', 'b=2'] })
    expect(r.cookies.getAll().map((c) => c.name)).toEqual(['a', 'b'])
  })

  it('answers every Request and NextRequest member (none fails a native brand check)', () => {
    const r = make('POST', { 'x-a': '1' })
    for (const proto of [Request.prototype, NextRequest.prototype])
      for (const key of Object.getOwnPropertyNames(proto))
        expect(() => (r as unknown as Record<string, unknown>)[key], key).not.toThrow()
    expect(r.signal).toBe(r.signal)
    expect(r.signal.aborted).toBe(false)
    expect(r.mode).toBe('cors')
    expect(r.redirect).toBe('follow')
  })

  it('a POST has no body in middleware (read it in the route): body null, text() empty', async () => {
    const r = make('POST', { 'content-type': 'text/plain' })
    expect(r.method).toBe('POST')
    expect(r.body).toBeNull()
    expect(r.bodyUsed).toBe(false)
    expect(await r.text()).toBe('')
    expect(await r.arrayBuffer()).toEqual(new ArrayBuffer(0))
  })

  it('clone(), new Request() and new NextRequest() copy it with the headers as changed', () => {
    const r = make('PUT', { 'x-a': '1' })
    r.headers.set('x-a', '2')
    const clone = r.clone()
    expect(clone).toBeInstanceOf(Request)
    expect([clone.url, clone.method, clone.headers.get('x-a')]).toEqual([r.url, 'PUT', '2'])
    // after the Request exists, request.headers are its headers: later changes reach copies too
    r.headers.set('x-b', '3')
    const copy = new Request(r)
    expect([copy.url, copy.method, copy.headers.get('x-a'), copy.headers.get('x-b')]).toEqual([
      r.url,
      'PUT',
      '2',
      '3',
    ])
    // as the init of another request (auth libraries wrap it so: new Request(req.url, req))
    const wrapped = new Request(r.url, r)
    expect([wrapped.method, wrapped.headers.get('x-b')]).toEqual(['PUT', '3'])
    const next = new NextRequest(r, { nextConfig: { basePath: '/docs' } })
    expect(next.nextUrl.pathname).toBe('/a%20b')
    expect(next.headers.get('x-b')).toBe('3')
  })

  it('fetch(request) sends its method, path and headers', async () => {
    const server = createServer((req, res) =>
      res.end(JSON.stringify({ method: req.method, url: req.url, a: req.headers['x-a'] })),
    )
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = server.address() as AddressInfo
      const r = middlewareRequest(`http://127.0.0.1:${port}/p?q=1`, 'DELETE', { 'x-a': 'A' }, {})
      r.headers.set('x-a', 'changed')
      const res = await fetch(r)
      expect(await res.json()).toEqual({ method: 'DELETE', url: '/p?q=1', a: 'changed' })
    } finally {
      server.close()
    }
  })

  it.runIf(standIn)('builds no Request until a member needs one (undici 6)', () => {
    // TRACE is a method the Request constructor refuses: reading the cheap parts never gets there.
    const r = make('TRACE', { cookie: 'a=1' })
    expect([r.method, r.url, r.headers.get('cookie'), r.cookies.get('a')?.value, r.nextUrl.search]).toEqual([
      'TRACE',
      'http://localhost/docs/a%20b?q=1',
      'a=1',
      '1',
      '?q=1',
    ])
    expect(() => r.signal).toThrow(TypeError)
  })

  it.runIf(!standIn)(
    'is a NextRequest built at once where Node keeps Request state private (undici 7)',
    () => {
      expect(Object.getPrototypeOf(make())).toBe(NextRequest.prototype)
    },
  )
})
