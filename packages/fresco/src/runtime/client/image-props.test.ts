// The srcset shapes are Next.js 16's (get-img-props.js), checked against `next/image` on the same props.
import { describe, expect, it } from 'vitest'
import { IMAGE_DEFAULTS } from '../../config/images.js'
import { clientImageConfig } from './image-config.js'
import { imgSources, snapQuality, srcsetWidths } from './image-props.js'

const c = clientImageConfig(IMAGE_DEFAULTS)

describe('next/image sources', () => {
  it('a fixed width: 1x and 2x, rounded up to the configured sizes', () => {
    expect(imgSources(c, { src: '/a.jpg', width: 400 })).toEqual({
      srcSet: '/_fresco/image?url=%2Fa.jpg&w=640&q=75 1x, /_fresco/image?url=%2Fa.jpg&w=828&q=75 2x',
      sizes: undefined,
      src: '/_fresco/image?url=%2Fa.jpg&w=828&q=75',
    })
    expect(srcsetWidths(c, 32, undefined)).toEqual({ widths: [32, 64], kind: 'x' })
    expect(srcsetWidths(c, 5000, undefined)).toEqual({ widths: [3840], kind: 'x' })
  })

  it('no width (fill): every device size with sizes="100vw"', () => {
    const s = imgSources(c, { src: '/a.jpg' })
    expect(s.sizes).toBe('100vw')
    expect(s.srcSet?.split(', ').map((x) => x.split(' ')[1])).toEqual(c.deviceSizes.map((w) => `${w}w`))
  })

  it('sizes in vw drop the widths below the smallest share of the smallest screen', () => {
    expect(srcsetWidths(c, 800, '(max-width: 768px) 100vw, 33vw').widths[0]).toBe(256) // 640 × 0.33 = 211
    expect(srcsetWidths(c, 800, '300px').widths).toHaveLength(15)
  })

  it('quality snaps to images.qualities; data:, blob: and SVG (unless allowed) stay as they are', () => {
    expect(snapQuality({ ...c, qualities: [50, 75, 90] }, 80)).toBe(75)
    expect(snapQuality(c, undefined)).toBe(75)
    expect(imgSources(c, { src: '/logo.svg', width: 10 })).toEqual({ src: '/logo.svg' })
    expect(imgSources({ ...c, dangerouslyAllowSVG: true }, { src: '/logo.svg', width: 10 }).srcSet).toContain(
      'logo.svg',
    )
    expect(imgSources(c, { src: 'data:image/png;base64,AA', width: 10 })).toEqual({
      src: 'data:image/png;base64,AA',
    })
    expect(imgSources(c, { src: '/a.jpg', width: 10, unoptimized: true })).toEqual({ src: '/a.jpg' })
  })

  it('a custom loader builds every URL', () => {
    const s = imgSources(c, {
      src: 'a.jpg',
      width: 100,
      loader: ({ src, width, quality }) => `https://cdn/${src}?w=${width}&q=${quality}`,
    })
    expect(s.srcSet).toBe('https://cdn/a.jpg?w=128&q=75 1x, https://cdn/a.jpg?w=256&q=75 2x')
  })
})
