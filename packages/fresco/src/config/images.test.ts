import { describe, expect, it } from 'vitest'
import { IMAGE_DEFAULTS } from './images.js'
import { resolveConfig } from './resolve.js'

const images = (value: unknown) => resolveConfig({ images: value }, { env: {} }).images

describe('images config', () => {
  it("defaults to Next.js's values", () => {
    expect(resolveConfig({}, { env: {} }).images).toEqual(IMAGE_DEFAULTS)
    expect(IMAGE_DEFAULTS.deviceSizes).toEqual([640, 750, 828, 1080, 1200, 1920, 2048, 3840])
    expect(IMAGE_DEFAULTS.imageSizes).toEqual([32, 48, 64, 96, 128, 256, 384])
    expect(IMAGE_DEFAULTS.qualities).toEqual([75])
    expect(IMAGE_DEFAULTS.minimumCacheTTL).toBe(14400)
    expect(IMAGE_DEFAULTS.dangerouslyAllowSVG).toBe(false)
  })

  it('sorts sizes, reads byte sizes and URL-string remote patterns', () => {
    const r = images({
      deviceSizes: [1200, 640],
      maximumCacheSize: '64mb',
      remotePatterns: ['https://cdn.example.com/photos/**', { hostname: '*.example.org' }],
    })
    expect(r.deviceSizes).toEqual([640, 1200])
    expect(r.maximumCacheSize).toBe(64 * 1024 * 1024)
    expect(r.remotePatterns[0]).toEqual({
      protocol: 'https',
      hostname: 'cdn.example.com',
      port: '',
      pathname: '/photos/**',
    })
  })

  it('names the key at fault and what to use', () => {
    expect(() => images({ deviceSizes: [640, 0] })).toThrow(
      /images\.deviceSizes = .* Use a non-empty array of whole numbers/,
    )
    expect(() => images({ qualities: [101] })).toThrow(/images\.qualities .*from 1 to 100/)
    expect(() => images({ formats: ['image/png'] })).toThrow(
      /images\.formats .*'image\/avif' and\/or 'image\/webp'/,
    )
    expect(() => images({ remotePatterns: [{ hostname: 'a.com', protocol: 'ftp' }] })).toThrow(
      /images\.remotePatterns\[0\]\.protocol .*'http' or 'https'/,
    )
    expect(() => images({ remotePatterns: ['not a url'] })).toThrow(/images\.remotePatterns\[0\]/)
    expect(() => images({ dangerouslyAllowSvg: true })).toThrow(
      /unknown option 'images\.dangerouslyAllowSvg'.*images\.dangerouslyAllowSVG/,
    )
    expect(() => images({ minimumCacheTTL: -1 })).toThrow(/images\.minimumCacheTTL/)
    expect(() => images('yes')).toThrow(/images = 'yes' is invalid/)
  })
})
