// next/image's attribute decisions, pure (server and browser render the same <img>): which widths
// go in the srcset (`w` descriptors when `sizes` or `fill` say the layout decides, else 1x/2x of
// the given width, each rounded up to a configured size), the URL of each through the loader, and
// the quality, snapped to images.qualities. The same rules and output shape as Next.js.
import type { ClientImageConfig } from './image-config.js'

export interface StaticImageData {
  src: string
  width: number
  height: number
  blurDataURL?: string
  blurWidth?: number
  blurHeight?: number
}

export interface ImageLoaderProps {
  src: string
  width: number
  quality?: number
}
export type ImageLoader = (p: ImageLoaderProps) => string

interface Widths {
  widths: number[]
  kind: 'w' | 'x'
}

const allSizes = (c: ClientImageConfig) => [...c.deviceSizes, ...c.imageSizes].sort((a, b) => a - b)

/** The srcset candidates: `sizes` with vw values drop the widths no screen would pick. */
export function srcsetWidths(
  c: ClientImageConfig,
  width: number | undefined,
  sizes: string | undefined,
): Widths {
  const all = allSizes(c)
  if (sizes) {
    const vw = [...sizes.matchAll(/(^|\s)(1?\d?\d)vw/g)].map((m) => Number(m[2]))
    if (vw.length > 0) {
      const smallest = (c.deviceSizes[0] ?? 0) * Math.min(...vw) * 0.01
      return { widths: all.filter((s) => s >= smallest), kind: 'w' }
    }
    return { widths: all, kind: 'w' }
  }
  if (width === undefined) return { widths: c.deviceSizes, kind: 'w' }
  // 1x and 2x: screens past 2x gain nothing visible for the bytes (as Next reasons).
  const up = (w: number) => all.find((s) => s >= w) ?? (all[all.length - 1] as number)
  return { widths: [...new Set([up(width), up(width * 2)])], kind: 'x' }
}

/** The configured quality closest to the one asked (75 when none): the endpoint accepts no other. */
export function snapQuality(c: ClientImageConfig, quality: number | undefined): number {
  const q = quality ?? 75
  return c.qualities.reduce(
    (best, x) => (Math.abs(x - q) < Math.abs(best - q) ? x : best),
    c.qualities[0] ?? q,
  )
}

export const defaultLoader =
  (c: ClientImageConfig): ImageLoader =>
  ({ src, width, quality }) =>
    `${c.path}?url=${encodeURIComponent(src)}&w=${width}&q=${quality ?? 75}`

/** Sources the endpoint would not transform: data/blob URLs, and SVG unless the config allows it. */
export function skipsOptimisation(c: ClientImageConfig, src: string): boolean {
  if (c.unoptimized || src.startsWith('data:') || src.startsWith('blob:')) return true
  return !c.dangerouslyAllowSVG && (src.split('?', 1)[0] as string).endsWith('.svg')
}

export function imgSources(
  c: ClientImageConfig,
  o: {
    src: string
    width?: number
    sizes?: string
    quality?: number
    loader?: ImageLoader
    unoptimized?: boolean
  },
): { src: string; srcSet?: string; sizes?: string } {
  if (o.unoptimized || (!o.loader && skipsOptimisation(c, o.src))) return { src: o.src }
  const loader = o.loader ?? defaultLoader(c)
  const quality = snapQuality(c, o.quality)
  const { widths, kind } = srcsetWidths(c, o.width, o.sizes)
  const last = widths[widths.length - 1] as number
  return {
    srcSet: widths
      .map((w, i) => `${loader({ src: o.src, width: w, quality })} ${kind === 'w' ? w : i + 1}${kind}`)
      .join(', '),
    sizes: !o.sizes && kind === 'w' ? '100vw' : o.sizes,
    src: loader({ src: o.src, width: last, quality }),
  }
}

/** A blurred SVG of the tiny blurDataURL, as the img's background until the image loads. */
export function blurBackground(blurDataURL: string, width?: number, height?: number): string {
  const box = width && height ? ` viewBox='0 0 ${width} ${height}'` : ''
  const svg =
    `<svg xmlns='http://www.w3.org/2000/svg'${box}><filter id='b' color-interpolation-filters='sRGB'>` +
    `<feGaussianBlur stdDeviation='20'/></filter><image preserveAspectRatio='none' filter='url(#b)' ` +
    `x='0' y='0' width='100%' height='100%' href='${blurDataURL}'/></svg>`
  return `url("data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}")`
}
