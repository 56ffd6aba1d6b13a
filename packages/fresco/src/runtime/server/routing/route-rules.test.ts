// Matching and destinations as Next's custom routes (path-to-regexp 6, strict, case-insensitive).
import { describe, expect, it } from 'vitest'
import type { ResolvedRouteRule } from '../../../config/routing.js'
import type { IncomingInfo } from '../contract.js'
import { compileRule } from './route-rules.js'
import { routingRequest } from './routing-request.js'

const rule = (source: string, destination: string, more: Partial<ResolvedRouteRule> = {}) =>
  compileRule({ source, destination, basePath: true, has: [], missing: [], ...more }, '')

const req = (pathname: string, search = '', headers: IncomingInfo['headers'] = {}, basePath = '') =>
  routingRequest(
    {
      method: 'GET',
      pathname,
      search,
      rawUrl: pathname + search,
      origin: 'http://localhost',
      headers,
      body: () => null,
      signal: new AbortController().signal,
    },
    'BUILD',
    basePath,
  )

/** The destination a request gets, or undefined when the rule does not apply. */
function apply(r: ReturnType<typeof rule>, request: ReturnType<typeof req>, rewrite = false) {
  const params = r.test(request)
  return params && r.destination(params, request, rewrite)
}

describe('redirect and rewrite rules', () => {
  it('match strictly (no trailing slash), case-insensitively, with named, catch-all and regex params', () => {
    expect(apply(rule('/blog/:slug', '/posts/:slug'), req('/blog/hello'))).toBe('/posts/hello')
    expect(apply(rule('/blog/:slug', '/posts/:slug'), req('/BLOG/hello'))).toBe('/posts/hello')
    expect(apply(rule('/blog/:slug', '/posts/:slug'), req('/blog/hello/'))).toBeUndefined()
    expect(apply(rule('/docs/:path*', '/d/:path*'), req('/docs/a/b'))).toBe('/d/a/b')
    expect(apply(rule('/docs/:path*', '/d/:path*'), req('/docs'))).toBe('/d')
    expect(apply(rule('/n/:id(\\d+)', '/x/:id'), req('/n/12'))).toBe('/x/12')
    expect(apply(rule('/n/:id(\\d+)', '/x/:id'), req('/n/ab'))).toBeUndefined()
  })

  it('keep the request query, the destination query winning, with params filled in it', () => {
    expect(apply(rule('/a/:id', '/b?id=:id&x=1'), req('/a/7', '?x=2&y=3'))).toBe('/b?x=1&y=3&id=7')
  })

  it('a rewrite passes unused params as query; a redirect does not', () => {
    expect(apply(rule('/a/:id', '/b'), req('/a/7'), true)).toBe('/b?id=7')
    expect(apply(rule('/a/:id', '/b'), req('/a/7'), false)).toBe('/b')
    expect(apply(rule('/a/:id', '/b/:id'), req('/a/7'), true)).toBe('/b/7')
  })

  it('encodes decoded params back into the destination path', () => {
    expect(apply(rule('/a/:name', '/b/:name'), req('/a/x y'))).toBe('/b/x%20y')
    expect(apply(rule('/a/:name', '/b/:name'), req('/a/é'))).toBe('/b/%C3%A9')
  })

  it('external destinations keep their origin', () => {
    expect(apply(rule('/ext/:path*', 'https://example.com/api/:path*'), req('/ext/a/b', '?q=1'))).toBe(
      'https://example.com/api/a/b?q=1',
    )
  })

  it('has: header, cookie, query, host; named groups and bare keys become params; missing', () => {
    const has = rule('/h', '/to/:v', { has: [{ type: 'header', key: 'X-Kind', value: '(?<v>a|b)' }] })
    expect(apply(has, req('/h', '', { 'x-kind': 'b' }))).toBe('/to/b')
    expect(apply(has, req('/h', '', { 'x-kind': 'c' }))).toBeUndefined()
    const cookie = rule('/c', '/to/:session', { has: [{ type: 'cookie', key: 'session' }] })
    expect(apply(cookie, req('/c', '', { cookie: 'a=1; session=s1' }))).toBe('/to/s1')
    const host = rule('/h', '/host', { has: [{ type: 'host', value: 'shop\\.example' }] })
    expect(apply(host, req('/h', '', { host: 'shop.example:3000' }))).toBe('/host')
    expect(apply(host, req('/h', '', { host: 'evil.example' }))).toBeUndefined()
    const missing = rule('/m', '/login', { missing: [{ type: 'query', key: 'token' }] })
    expect(apply(missing, req('/m'))).toBe('/login')
    expect(apply(missing, req('/m', '?token=1'))).toBeUndefined()
  })

  it('under basePath, sources and local destinations are prefixed unless basePath: false', () => {
    const r = compileRule({ source: '/a', destination: '/b', basePath: true, has: [], missing: [] }, '/docs')
    expect(apply(r, req('/docs/a'))).toBe('/docs/b')
    expect(apply(r, req('/a'))).toBeUndefined()
    const free = compileRule(
      { source: '/a', destination: '/b', basePath: false, has: [], missing: [] },
      '/docs',
    )
    expect(apply(free, req('/a'))).toBe('/b')
  })

  it('an RSC payload request is matched as its page', () => {
    const request = req('/_fresco/rsc/blog/x')
    expect(request.pathname).toBe('/blog/x')
    expect(request.represent('/posts/x')).toBe('/_fresco/rsc/posts/x')
    const data = req('/_fresco/data/BUILD/blog/x.json')
    expect([data.pathname, data.represent('/')]).toEqual(['/blog/x', '/_fresco/data/BUILD/index.json'])
  })

  it('under basePath, a payload or data request is matched as its page under the prefix', () => {
    const rsc = req('/docs/_fresco/rsc/blog/x', '', {}, '/docs')
    expect([rsc.pathname, rsc.isDocument, rsc.represent('/docs/posts/x')]).toEqual([
      '/docs/blog/x',
      false,
      '/docs/_fresco/rsc/posts/x',
    ])
    const data = req('/docs/_fresco/data/BUILD/index.json', '', {}, '/docs')
    expect([data.pathname, data.represent('/docs/a')]).toEqual(['/docs', '/docs/_fresco/data/BUILD/a.json'])
    const r = compileRule({ source: '/a', destination: '/b', basePath: true, has: [], missing: [] }, '/docs')
    expect(apply(r, req('/docs/_fresco/rsc/a', '', {}, '/docs'), true)).toBe('/docs/b')
    expect(req('/elsewhere/_fresco/rsc/a', '', {}, '/docs').pathname).toBe('/elsewhere/_fresco/rsc/a')
  })

  it('under trailingSlash: true, a source matches its path with or without the slash, as Next', () => {
    const opts = { basePath: true, has: [], missing: [] }
    const old = compileRule({ source: '/old', destination: '/about', ...opts }, '', true)
    expect([apply(old, req('/old/')), apply(old, req('/old'))]).toEqual(['/about', '/about'])
    const post = compileRule({ source: '/post/:slug', destination: '/about?s=:slug', ...opts }, '', true)
    expect(apply(post, req('/post/x/'))).toBe('/about?s=x')
    const slashed = compileRule({ source: '/with/', destination: '/b/', ...opts }, '', true)
    expect(apply(slashed, req('/with/'))).toBe('/b/')
    expect(apply(rule('/old', '/about'), req('/old/'))).toBeUndefined() // strict without it
  })
})
