import { describe, expect, it } from 'vitest'
import { bodyParserOf, DEFAULT_API_BODY_LIMIT, parseBody } from './api-route.js'
import { nodeLikeResponse, queryOf } from './node-like.js'

const bytes = (s: string) => new TextEncoder().encode(s)

describe('API route body parsing', () => {
  it('parses by content type like Next: JSON, urlencoded (repeated keys → arrays), else text', () => {
    expect(parseBody('application/json; charset=utf-8', bytes('{"a":1}'))).toEqual({ a: 1 })
    expect(parseBody('application/json', bytes(''))).toEqual({})
    expect(parseBody('application/x-www-form-urlencoded', bytes('a=1&a=2&b=%20x'))).toEqual({
      a: ['1', '2'],
      b: ' x',
    })
    expect(parseBody('text/plain', bytes('hello'))).toBe('hello')
    expect(parseBody(undefined, bytes('raw'))).toBe('raw')
    expect(() => parseBody('application/json', bytes('{"nope'))).toThrow('Invalid JSON')
  })

  it('reads config.api.bodyParser: default 1 MB, sizes as bytes or strings, false, and names a bad value', () => {
    expect(bodyParserOf('pages/api/x.ts', undefined)).toBe(DEFAULT_API_BODY_LIMIT)
    expect(bodyParserOf('pages/api/x.ts', { api: { bodyParser: { sizeLimit: '1kb' } } })).toBe(1024)
    expect(bodyParserOf('pages/api/x.ts', { api: { bodyParser: { sizeLimit: 500 } } })).toBe(500)
    expect(bodyParserOf('pages/api/x.ts', { api: { bodyParser: false } })).toBe(false)
    expect(() => bodyParserOf('pages/api/x.ts', { api: { bodyParser: { sizeLimit: 'lots' } } })).toThrow(
      /pages\/api\/x\.ts: config\.api\.bodyParser\.sizeLimit "lots" is invalid/,
    )
  })
})

describe('Node-style req / res', () => {
  it('merges the route params over the search parameters', () => {
    expect(queryOf('?id=evil&x=1&x=2', { id: '7' })).toEqual({ id: '7', x: ['1', '2'] })
  })

  it('res.status().json(), send(), redirect() and headers', async () => {
    const res = nodeLikeResponse()
    res.status(201).json({ ok: true })
    await res.ended
    expect(res.statusCode).toBe(201)
    expect(res.toHeaders().get('content-type')).toBe('application/json; charset=utf-8')
    expect(new TextDecoder().decode(res.body())).toBe('{"ok":true}')
    res.json({ again: true }) // ended: ignored
    expect(new TextDecoder().decode(res.body())).toBe('{"ok":true}')

    const r = nodeLikeResponse()
    r.redirect(308, '/new')
    expect([r.statusCode, r.getHeader('location')]).toEqual([308, '/new'])
    expect(() => nodeLikeResponse().redirect(200, '/x')).toThrow(/301, 302, 303, 307 or 308/)
    expect(() => nodeLikeResponse().status(99)).toThrow(/100 to 599/)

    const bad = nodeLikeResponse()
    bad.setHeader('x-bad', 'a\nb')
    bad.setHeader('x-list', ['1', '2'])
    expect(bad.toHeaders().get('x-bad')).toBeNull()
    expect(bad.toHeaders().get('x-list')).toBe('1, 2')
  })
})
