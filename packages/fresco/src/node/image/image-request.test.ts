import { describe, expect, it } from 'vitest'
import { IMAGE_DEFAULTS, type ResolvedImages } from '../../config/images.js'
import { matchRemotePattern } from './image-patterns.js'
import { decideImageRequest, pickFormat } from './image-request.js'

const config: ResolvedImages = {
  ...IMAGE_DEFAULTS,
  formats: ['image/avif', 'image/webp'],
  remotePatterns: [{ protocol: 'https', hostname: '**.example.com', pathname: '/photos/**' }],
}
const decide = (search: string, accept = 'image/webp,*/*', c = config) =>
  decideImageRequest(search, accept, c)
const status = (search: string, c = config) => {
  const d = decide(search, undefined, c)
  return d.ok ? 200 : d.status
}

describe('decideImageRequest', () => {
  it('accepts a public file at a configured width and quality', () => {
    expect(decide('?url=%2Fa%2Fb.jpg&w=640&q=75')).toEqual({
      ok: true,
      request: {
        source: { type: 'local', pathname: '/a/b.jpg' },
        href: '/a/b.jpg',
        width: 640,
        quality: 75,
        format: 'image/webp',
      },
    })
  })

  it('takes widths from deviceSizes and imageSizes only, qualities from images.qualities only', () => {
    expect(status('url=%2Fa.jpg&w=32&q=75')).toBe(200)
    expect(status('url=%2Fa.jpg&w=3840&q=75')).toBe(200)
    for (const w of ['641', '0', '-1', '1e3', '640.0', '', 'abc', '99999999'])
      expect(status(`url=%2Fa.jpg&w=${w}&q=75`), w).toBe(400)
    for (const q of ['74', '0', '101', '', '75.5']) expect(status(`url=%2Fa.jpg&w=640&q=${q}`), q).toBe(400)
    expect(status('url=%2Fa.jpg&w=640&q=50', { ...config, qualities: [50, 75] })).toBe(200)
  })

  it('needs each parameter exactly once', () => {
    expect(status('w=640&q=75')).toBe(400)
    expect(status('url=%2Fa.jpg&q=75')).toBe(400)
    expect(status('url=%2Fa.jpg&w=640')).toBe(400)
    expect(status('url=%2Fa.jpg&url=%2Fb.jpg&w=640&q=75')).toBe(400)
  })

  it('refuses local paths that escape, loop or carry a query', () => {
    for (const url of [
      '//evil.com/a.jpg',
      '/../etc/passwd',
      '/a/%2e%2e/b.jpg',
      '/a\\b.jpg',
      '/_fresco/image?url=/a.jpg',
      '/a.jpg?v=1',
      '/a%00.jpg',
    ])
      expect(status(`url=${encodeURIComponent(url)}&w=640&q=75`), url).toBe(400)
  })

  it('is never an open proxy: a remote URL must match images.remotePatterns', () => {
    const ok = (u: string) => status(`url=${encodeURIComponent(u)}&w=640&q=75`)
    expect(ok('https://cdn.example.com/photos/a/b.jpg')).toBe(200)
    expect(ok('https://a.b.example.com/photos/x.jpg')).toBe(200)
    expect(ok('http://cdn.example.com/photos/a.jpg')).toBe(400) // protocol
    expect(ok('https://cdn.example.com/other/a.jpg')).toBe(400) // pathname
    expect(ok('https://example.com.evil.org/photos/a.jpg')).toBe(400)
    expect(ok('https://user:pw@cdn.example.com/photos/a.jpg')).toBe(400)
    expect(ok('file:///etc/passwd')).toBe(400)
    expect(ok('ftp://cdn.example.com/photos/a.jpg')).toBe(400)
    expect(
      status(`url=${encodeURIComponent('https://cdn.example.com/photos/a.jpg')}&w=640&q=75`, IMAGE_DEFAULTS),
    ).toBe(400)
  })

  it('applies images.localPatterns when set', () => {
    const c = { ...config, localPatterns: [{ pathname: '/assets/**' }] }
    expect(status('url=%2Fassets%2Fa.jpg&w=640&q=75', c)).toBe(200)
    expect(status('url=%2Fother%2Fa.jpg&w=640&q=75', c)).toBe(400)
  })
})

describe('remote pattern globs', () => {
  const url = (u: string) => new URL(u)
  it('`*` is one hostname label, `**` any number; a port must match when given', () => {
    expect(matchRemotePattern({ hostname: '*.example.com' }, url('https://a.example.com/x'))).toBe(true)
    expect(matchRemotePattern({ hostname: '*.example.com' }, url('https://a.b.example.com/x'))).toBe(false)
    expect(matchRemotePattern({ hostname: '**.example.com' }, url('https://a.b.example.com/x'))).toBe(true)
    expect(matchRemotePattern({ hostname: 'example.com', port: '' }, url('https://example.com:8443/x'))).toBe(
      false,
    )
    expect(
      matchRemotePattern({ hostname: 'example.com', pathname: '/a/*' }, url('https://example.com/a/b/c')),
    ).toBe(false)
    expect(
      matchRemotePattern({ hostname: 'example.com', search: '?v=1' }, url('https://example.com/a?v=2')),
    ).toBe(false)
  })
})

describe('pickFormat', () => {
  it('takes the first configured format the browser accepts, else the source format (null)', () => {
    expect(pickFormat('image/avif,image/webp,*/*', ['image/avif', 'image/webp'])).toBe('image/avif')
    expect(pickFormat('image/avif,image/webp,*/*', ['image/webp'])).toBe('image/webp')
    expect(pickFormat('image/webp;q=0, image/avif', ['image/webp'])).toBeNull()
    expect(pickFormat('*/*', ['image/avif', 'image/webp'])).toBeNull()
    expect(pickFormat(undefined, ['image/webp'])).toBeNull()
  })
})

describe('downloadName', () => {
  it("names the download after the source, with the served format's extension and safe characters only", async () => {
    const { downloadName } = await import('./image-endpoint.js')
    expect(downloadName('/images/photo.jpg', 'image/webp')).toBe('photo.webp')
    expect(downloadName('https://cdn.example.com/a/b%22c".png?x=1', 'image/avif')).toBe('b_22c_.avif')
    expect(downloadName('/', 'image/jpeg')).toBe('image.jpg')
  })
})
