import { describe, expect, it } from 'vitest'
import { isBadTarget, isValidHost, MAX_URL_LENGTH, parseRequestTarget } from './url.js'

const ok = (raw: string) => {
  const target = parseRequestTarget(raw)
  if (isBadTarget(target)) throw new Error(`rejected ${raw}: ${target.message}`)
  return target
}
const status = (raw: string) => {
  const target = parseRequestTarget(raw)
  return isBadTarget(target) ? target.status : 200
}

describe('parseRequestTarget', () => {
  it('splits path and query without touching ordinary URLs', () => {
    expect(ok('/')).toEqual({ pathname: '/', search: '' })
    expect(ok('/blog/hello-world?page=2&q=%20x')).toEqual({
      pathname: '/blog/hello-world',
      search: '?page=2&q=%20x',
    })
    expect(ok('/assets/index-B3x.js')).toEqual({ pathname: '/assets/index-B3x.js', search: '' })
    expect(ok('/a.b/c..d/...')).toEqual({ pathname: '/a.b/c..d/...', search: '' })
  })
  it('decodes percent-encoding exactly once', () => {
    expect(ok('/caf%C3%A9/%2525').pathname).toBe('/café/%25')
    expect(ok('/a%20b?x=%2F').pathname).toBe('/a b')
  })
  it('collapses empty segments and keeps a trailing slash', () => {
    expect(ok('//a///b/').pathname).toBe('/a/b/')
    expect(ok('//').pathname).toBe('/')
  })
  it('accepts absolute-form targets (RFC 9112 §3.2.2)', () => {
    expect(ok('http://example.com/x?y=1')).toEqual({ pathname: '/x', search: '?y=1' })
    expect(ok('https://example.com')).toEqual({ pathname: '/', search: '' })
  })
  it('rejects traversal, encoded structure, control characters and malformed escapes with 400', () => {
    for (const raw of [
      '/../etc/passwd',
      '/a/../../etc/passwd',
      '/a/./b',
      '/..',
      '/%2e%2e/etc/passwd',
      '/%2E%2e%2Fetc%2fpasswd',
      '/a%2fb',
      '/a%5cb',
      '/a\\..\\b',
      '/a%00b',
      '/a%0ab',
      '/%E0%A4%A',
      '/%zz',
      '/100%',
      '*',
      'example.com/x',
    ]) {
      expect(status(raw), raw).toBe(400)
    }
  })
  it('answers 414 above the URL length limit', () => {
    expect(status(`/${'a'.repeat(MAX_URL_LENGTH)}`)).toBe(414)
    expect(status(`/${'a'.repeat(MAX_URL_LENGTH - 2)}`)).toBe(200)
  })
})

describe('isValidHost', () => {
  it('accepts names, IPs and ports; rejects anything a URL parser could misread', () => {
    for (const host of [
      'localhost',
      'localhost:3000',
      'example.com',
      'a-b.example.co.uk.',
      '127.0.0.1:80',
      '[::1]:3000',
      'my_host',
    ])
      expect(isValidHost(host), host).toBe(true)
    for (const host of [
      '',
      'a b',
      'evil.com/#',
      'evil.com@x',
      'x:port',
      'a..b',
      '-a.com',
      '[::1',
      'a.com:123456',
    ])
      expect(isValidHost(host), host).toBe(false)
  })
})
