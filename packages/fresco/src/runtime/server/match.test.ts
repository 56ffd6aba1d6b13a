import { describe, expect, it } from 'vitest'
import { createMatcher, encodePathSegment, fillPath, normalizePathname } from './match.js'

const route = (path: string, kind: 'page' | 'route' = 'page') => ({ id: path, path, kind })

const match = createMatcher(
  [
    '/',
    '/about',
    '/blog',
    '/blog/new',
    '/blog/[id]',
    '/blog/[id]/edit',
    '/docs/[...slug]',
    '/docs/intro',
    '/shop/[[...path]]',
    '/[locale]/settings',
    '/a/[x]/c',
    '/a/b/[y]',
    '/caf\u00e9',
  ].map((p) => route(p)),
  { input: 'encoded' },
)

describe('createMatcher', () => {
  it.each([
    ['/', '/', {}],
    ['/about', '/about', {}],
    ['/about/', '/about', {}],
    ['/blog/new', '/blog/new', {}],
    ['/blog/42', '/blog/[id]', { id: '42' }],
    ['/blog/42/', '/blog/[id]', { id: '42' }],
    ['/blog/42/edit', '/blog/[id]/edit', { id: '42' }],
    ['/blog/a%20b', '/blog/[id]', { id: 'a b' }],
    ['/blog/a%2Fb', '/blog/[id]', { id: 'a/b' }],
    ['/blog/%E2%9C%93', '/blog/[id]', { id: '\u2713' }],
    ['/docs/intro', '/docs/intro', {}],
    ['/docs/a', '/docs/[...slug]', { slug: ['a'] }],
    ['/docs/a/b%20c/d', '/docs/[...slug]', { slug: ['a', 'b c', 'd'] }],
    ['/docs/intro/more', '/docs/[...slug]', { slug: ['intro', 'more'] }],
    ['/shop', '/shop/[[...path]]', {}],
    ['/shop/', '/shop/[[...path]]', {}],
    ['/shop/x/y', '/shop/[[...path]]', { path: ['x', 'y'] }],
    ['/en/settings', '/[locale]/settings', { locale: 'en' }],
    ['/about/settings', '/[locale]/settings', { locale: 'about' }],
    // static beats param at the first differing segment, with backtracking when it dead-ends
    ['/a/b/c', '/a/b/[y]', { y: 'c' }],
    ['/a/z/c', '/a/[x]/c', { x: 'z' }],
    ['/caf%C3%A9', '/caf\u00e9', {}],
  ])('%s → %s', (pathname, routeId, params) => {
    expect(match(pathname)).toMatchObject({ routeId, params })
  })

  it.each(['/docs', '/blog/1/2', '/nope/deeper/still', '/a/b', '/blog/%E0%A4%A'])('%s → null', (pathname) => {
    expect(match(pathname)).toBeNull()
  })

  it('returns params without stale keys after backtracking', () => {
    const m = createMatcher([route('/[a]/x'), route('/[b]/[c]/y'), route('/[...rest]')].map((r) => r))
    // '/[a]/x' and '/[b]/[c]/y' cannot coexist in a scanned app (different names), but the
    // matcher still cleans up params it set on a dead end.
    expect(m('/q/z')).toEqual({ routeId: '/[...rest]', params: { rest: ['q', 'z'] }, pathname: '/q/z' })
  })

  it('precedence: static > dynamic > catch-all > optional catch-all', () => {
    const m = createMatcher([route('/[[...o]]'), route('/[...c]/'), route('/[d]'), route('/s')])
    expect(m('/s')?.routeId).toBe('/s')
    expect(m('/x')?.routeId).toBe('/[d]')
    expect(m('/x/y')?.routeId).toBe('/[...c]/')
    expect(m('/')?.routeId).toBe('/[[...o]]')
  })

  it('returns the canonical pathname used as the route cache key', () => {
    expect(match('/blog/a b/')?.pathname).toBe('/blog/a%20b')
    expect(match('/blog/a%20b')?.pathname).toBe('/blog/a%20b')
    expect(match('//about//')?.pathname).toBe('/about')
    expect(match('/blog/%40me')?.pathname).toBe('/blog/@me')
    expect(match('/')?.pathname).toBe('/')
  })

  it('takes decoded input by default (IncomingInfo.pathname is decoded once already)', () => {
    const m = createMatcher([route('/blog/[id]'), route('/caf\u00e9'), route('/docs/[...slug]')])
    expect(m('/blog/100%')).toEqual({
      routeId: '/blog/[id]',
      params: { id: '100%' },
      pathname: '/blog/100%25',
    })
    expect(m('/blog/%41')?.params).toEqual({ id: '%41' })
    expect(m('/blog/a b')).toEqual({ routeId: '/blog/[id]', params: { id: 'a b' }, pathname: '/blog/a%20b' })
    expect(m('/caf\u00e9/')).toEqual({ routeId: '/caf\u00e9', params: {}, pathname: '/caf%C3%A9' })
    expect(m('/docs/x/y')?.params).toEqual({ slug: ['x', 'y'] })
    // the canonical pathname equals what fillPath produced at build, so both hit one cache entry
    expect(m('/blog/a b')?.pathname).toBe(fillPath('/blog/[id]', { id: 'a b' }))
  })

  it('matches route handlers too', () => {
    const m = createMatcher([route('/api/[id]', 'route')])
    expect(m('/api/1')).toEqual({ routeId: '/api/[id]', params: { id: '1' }, pathname: '/api/1' })
  })
})

describe('fillPath', () => {
  it('fills and encodes every segment', () => {
    expect(fillPath('/blog/[id]', { id: 'a b' })).toBe('/blog/a%20b')
    expect(fillPath('/blog/[id]', { id: 'a/b?c#d' })).toBe('/blog/a%2Fb%3Fc%23d')
    expect(fillPath('/docs/[...slug]', { slug: ['a', 'b c'] })).toBe('/docs/a/b%20c')
    expect(fillPath('/shop/[[...p]]', {})).toBe('/shop')
    expect(fillPath('/shop/[[...p]]', { p: [] })).toBe('/shop')
    expect(fillPath('/[[...p]]', {})).toBe('/')
    expect(fillPath('/[[...p]]', { p: ['x'] })).toBe('/x')
    expect(fillPath('/', {})).toBe('/')
    expect(fillPath('/caf\u00e9/[id]', { id: '\u00e9' })).toBe('/caf%C3%A9/%C3%A9')
    expect(fillPath('/u/[id]', { id: '..' })).toBe('/u/%2E%2E')
  })

  it('round-trips through the matcher', () => {
    const m = createMatcher([route('/blog/[id]'), route('/docs/[...slug]')], { input: 'encoded' })
    const filled = fillPath('/docs/[...slug]', { slug: ['a/b', '\u00fc', '100%'] })
    expect(m(filled)).toEqual({
      routeId: '/docs/[...slug]',
      params: { slug: ['a/b', '\u00fc', '100%'] },
      pathname: filled,
    })
    expect(normalizePathname(filled)).toBe(filled)
  })

  it('rejects missing and mistyped params with the route and param named', () => {
    expect(() => fillPath('/blog/[id]', {})).toThrow(
      "[fresco] The route /blog/[id] needs the parameter 'id', but it was not provided.",
    )
    expect(() => fillPath('/blog/[id]', { id: 1 })).toThrow(/expects 'id' to be a string, received 1/)
    expect(() => fillPath('/blog/[id]', { id: ['a'] })).toThrow(
      /expects 'id' to be a string, received \["a"\]/,
    )
    expect(() => fillPath('/docs/[...s]', { s: 'a' })).toThrow(
      /expects 's' to be an array of non-empty strings, received 'a'/,
    )
    expect(() => fillPath('/docs/[...s]', { s: [] })).toThrow(/needs the parameter 's'/)
    expect(() => fillPath('/docs/[[...s]]', { s: 'a' })).toThrow(/an array of non-empty strings/)
  })
})

describe('encodePathSegment / normalizePathname', () => {
  it('keeps pchar characters literal and encodes the rest', () => {
    expect(encodePathSegment("a:b@c!$&'()*+,;=")).toBe("a:b@c!$&'()*+,;=")
    expect(encodePathSegment('a b/c?d#e%')).toBe('a%20b%2Fc%3Fd%23e%25')
  })
  it('normalises and rejects malformed encodings', () => {
    expect(normalizePathname('/a/%7Eb/')).toBe('/a/~b')
    expect(normalizePathname('/%zz')).toBeNull()
  })
})
