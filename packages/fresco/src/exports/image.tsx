'use client'
// <Image> (next/image): an <img> with a srcset through the image endpoint (/_fresco/image), lazy
// by default, sized from a static import or width/height (or filling its parent), with a blurred
// placeholder for static imports. Attribute decisions are in runtime/client/image-props.ts.
import { type CSSProperties, type ImgHTMLAttributes, type Ref, type SyntheticEvent, useState } from 'react'
import { preload } from 'react-dom'
import { imageConfig } from '../runtime/client/image-config.js'
import {
  blurBackground,
  type ImageLoader,
  type ImageLoaderProps,
  imgSources,
  type StaticImageData,
} from '../runtime/client/image-props.js'

export type { ImageLoader, ImageLoaderProps, StaticImageData }

export interface ImageProps
  extends Omit<
    ImgHTMLAttributes<HTMLImageElement>,
    'src' | 'srcSet' | 'width' | 'height' | 'loading' | 'placeholder'
  > {
  src: string | StaticImageData | { default: StaticImageData }
  alt: string
  width?: number | `${number}`
  height?: number | `${number}`
  /** Fill the positioned parent instead of taking width/height. */
  fill?: boolean
  sizes?: string
  quality?: number | `${number}`
  /** Load early (eager, high fetch priority, preloaded in the HTML): for the largest image above the fold. */
  priority?: boolean
  preload?: boolean
  loading?: 'lazy' | 'eager'
  /** 'blur' (static imports, or with blurDataURL), 'empty', or a data: URL. */
  placeholder?: 'blur' | 'empty' | `data:image/${string}`
  blurDataURL?: string
  loader?: ImageLoader
  unoptimized?: boolean
  onLoadingComplete?: (img: HTMLImageElement) => void
  ref?: Ref<HTMLImageElement>
}

const num = (v: number | `${number}` | undefined): number | undefined =>
  v === undefined ? undefined : typeof v === 'number' ? v : Number.parseInt(v, 10) || undefined

function staticData(src: ImageProps['src']): StaticImageData | undefined {
  if (typeof src === 'string') return undefined
  return 'default' in src ? src.default : src
}

export default function Image({
  src: srcProp,
  width: widthProp,
  height: heightProp,
  fill,
  sizes,
  quality,
  priority,
  preload: preloadProp,
  loading,
  placeholder = 'empty',
  blurDataURL: blurProp,
  loader,
  unoptimized,
  onLoad,
  onLoadingComplete,
  style,
  ref,
  ...rest
}: ImageProps) {
  const stat = staticData(srcProp)
  const src = stat ? stat.src : (srcProp as string)
  let width = num(widthProp)
  let height = num(heightProp)
  if (stat && !fill) {
    // A static import knows its size; one given dimension keeps the aspect ratio.
    if (width === undefined && height === undefined) [width, height] = [stat.width, stat.height]
    else if (width === undefined && height !== undefined)
      width = Math.round((stat.width / stat.height) * height)
    else if (height === undefined && width !== undefined)
      height = Math.round((stat.height / stat.width) * width)
  }
  if (fill) [width, height] = [undefined, undefined]
  const eager = priority || preloadProp
  const sources = imgSources(imageConfig, { src, width, sizes, quality: num(quality), loader, unoptimized })
  if (eager)
    preload(sources.src, {
      as: 'image',
      imageSrcSet: sources.srcSet,
      imageSizes: sources.sizes,
      fetchPriority: 'high',
    })

  const blurDataURL = blurProp ?? stat?.blurDataURL
  const [loaded, setLoaded] = useState(false)
  const showBlur =
    !loaded &&
    (placeholder === 'blur' ? blurDataURL : placeholder.startsWith('data:') ? placeholder : undefined)
  const placeholderStyle: CSSProperties | undefined = showBlur
    ? {
        backgroundImage:
          placeholder === 'blur'
            ? blurBackground(showBlur, stat?.blurWidth ?? width, stat?.blurHeight ?? height)
            : `url("${showBlur}")`,
        backgroundSize: style?.objectFit ?? 'cover',
        backgroundPosition: style?.objectPosition ?? '50% 50%',
        backgroundRepeat: 'no-repeat',
      }
    : undefined
  const fillStyle: CSSProperties | undefined = fill
    ? { position: 'absolute', height: '100%', width: '100%', left: 0, top: 0, right: 0, bottom: 0 }
    : undefined

  const handleLoad = (e: SyntheticEvent<HTMLImageElement, Event>) => {
    setLoaded(true)
    onLoad?.(e)
    onLoadingComplete?.(e.currentTarget)
  }
  // An image the browser finished before hydration fired its load event before React listened.
  const mergedRef = (img: HTMLImageElement | null) => {
    if (img?.complete && img.naturalWidth > 0 && !loaded) setLoaded(true)
    if (typeof ref === 'function') ref(img)
    else if (ref) ref.current = img
  }
  // Attribute order as Next renders it: srcSet and sizes before src, so no browser fetches src first.
  return (
    <img
      {...rest}
      loading={eager ? 'eager' : (loading ?? 'lazy')}
      fetchPriority={eager ? 'high' : rest.fetchPriority}
      width={width}
      height={height}
      decoding="async"
      data-nimg={fill ? 'fill' : '1'}
      style={{ color: 'transparent', ...fillStyle, ...style, ...placeholderStyle }}
      ref={mergedRef}
      onLoad={handleLoad}
      sizes={sources.sizes}
      srcSet={sources.srcSet}
      src={sources.src}
    />
  )
}

/** next/image's getImageProps(): the <img> attributes without the component (for <picture> art direction). */
export function getImageProps(props: ImageProps): { props: ImgHTMLAttributes<HTMLImageElement> } {
  const stat = staticData(props.src)
  const src = stat ? stat.src : (props.src as string)
  const width = num(props.width) ?? (props.fill ? undefined : stat?.width)
  const height = num(props.height) ?? (props.fill ? undefined : stat?.height)
  const sources = imgSources(imageConfig, {
    src,
    width,
    sizes: props.sizes,
    quality: num(props.quality),
    loader: props.loader,
    unoptimized: props.unoptimized,
  })
  return {
    props: {
      alt: props.alt,
      width,
      height,
      loading: props.priority ? 'eager' : (props.loading ?? 'lazy'),
      decoding: 'async',
      ...sources,
    },
  }
}
