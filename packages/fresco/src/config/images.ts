// The `images` key of fresco.config (next/image and the /_fresco/image endpoint), with Next.js's
// defaults so an app's <Image> asks for the same widths and qualities it did on Next.
import { MB } from '../defaults.js'
import { parseBytes } from './bytes.js'
import { type Bad, type CheckKeys, isRecord } from './checks.js'

export type ImageFormat = 'image/avif' | 'image/webp'

export interface RemotePattern {
  protocol?: 'http' | 'https'
  /** Exact host, or a glob: `*.example.com` (one label), `**.example.com` (any number). */
  hostname: string
  /** '' = the default port only; omitted = any port. */
  port?: string
  /** Glob over the path: `*` within a segment, `**` across segments. Default `**`. */
  pathname?: string
  /** Exact query string (with its `?`); omitted = any. */
  search?: string
}

export interface LocalPattern {
  pathname?: string
  search?: string
}

export interface ImagesOptions {
  /** Widths for layout images (srcset `w` entries). Default Next's [640, 750, 828, 1080, 1200, 1920, 2048, 3840]. */
  deviceSizes?: number[]
  /** Widths for images narrower than the screen. Default [32, 48, 64, 96, 128, 256, 384]. */
  imageSizes?: number[]
  /** The qualities the endpoint accepts. Default [75]. */
  qualities?: number[]
  /** Output formats by preference, when the browser's Accept allows. Default ['image/webp']. */
  formats?: ImageFormat[]
  /** Seconds an optimised image is cached (and sent as max-age). Default 14400 (4 hours). */
  minimumCacheTTL?: number
  /** Remote images the endpoint may fetch; any other URL is answered 400. Default none. */
  remotePatterns?: (RemotePattern | string)[]
  /** Local paths the endpoint may read (default: every public/ file and static import). */
  localPatterns?: LocalPattern[]
  /** Serve SVG sources (as they are, with contentSecurityPolicy). Default false. */
  dangerouslyAllowSVG?: boolean
  contentSecurityPolicy?: string
  contentDispositionType?: 'inline' | 'attachment'
  /** Skip optimisation: <Image> points at the source itself. Default false. */
  unoptimized?: boolean
  /** Byte budget of the optimised-image cache (bytes or '256mb'). Default 256 MB. */
  maximumCacheSize?: number | string
  /** Largest source image read or fetched (bytes or '50mb'). Default 50 MB. */
  maximumResponseBody?: number | string
}

export interface ResolvedImages {
  path: string
  deviceSizes: number[]
  imageSizes: number[]
  qualities: number[]
  formats: ImageFormat[]
  minimumCacheTTL: number
  remotePatterns: RemotePattern[]
  localPatterns: LocalPattern[] | null
  dangerouslyAllowSVG: boolean
  contentSecurityPolicy: string
  contentDispositionType: 'inline' | 'attachment'
  unoptimized: boolean
  maximumCacheSize: number
  maximumResponseBody: number
}

export const IMAGE_PATH = '/_fresco/image'

export const IMAGE_DEFAULTS: ResolvedImages = {
  path: IMAGE_PATH,
  deviceSizes: [640, 750, 828, 1080, 1200, 1920, 2048, 3840],
  imageSizes: [32, 48, 64, 96, 128, 256, 384],
  qualities: [75],
  formats: ['image/webp'],
  minimumCacheTTL: 14400,
  remotePatterns: [],
  localPatterns: null,
  dangerouslyAllowSVG: false,
  contentSecurityPolicy: "script-src 'none'; frame-src 'none'; sandbox;",
  contentDispositionType: 'attachment',
  unoptimized: false,
  maximumCacheSize: 256 * MB,
  maximumResponseBody: 50 * MB,
}

export const IMAGE_KEYS = Object.keys(IMAGE_DEFAULTS).filter((k) => k !== 'path') as (keyof ImagesOptions)[]

/** Validates `images`; every error names the key (`images.deviceSizes[2]`) and the allowed values. */
export function readImages(value: unknown, bad: Bad, checkKeys: CheckKeys): ResolvedImages {
  if (value === undefined) return IMAGE_DEFAULTS
  if (!isRecord(value)) throw bad('images', value, `Use an object with ${IMAGE_KEYS.join(', ')}.`)
  checkKeys('images.', value, IMAGE_KEYS)
  const d = IMAGE_DEFAULTS
  const widths = (key: 'deviceSizes' | 'imageSizes', max: number) => {
    const v = value[key]
    if (v === undefined) return d[key]
    const ok = (w: unknown) => typeof w === 'number' && Number.isInteger(w) && w >= 1 && w <= max
    if (!Array.isArray(v) || v.length === 0 || !v.every(ok))
      throw bad(`images.${key}`, v, `Use a non-empty array of whole numbers of pixels from 1 to ${max}.`)
    return [...new Set(v as number[])].sort((a, b) => a - b)
  }
  const qualities = value.qualities ?? d.qualities
  const okQuality = (q: unknown) => typeof q === 'number' && Number.isInteger(q) && q >= 1 && q <= 100
  if (!Array.isArray(qualities) || qualities.length === 0 || !qualities.every(okQuality))
    throw bad(
      'images.qualities',
      qualities,
      'Use a non-empty array of whole numbers from 1 to 100, e.g. [75].',
    )
  const formats = value.formats ?? d.formats
  if (!Array.isArray(formats) || !formats.every((f) => f === 'image/avif' || f === 'image/webp'))
    throw bad('images.formats', formats, "Use an array of 'image/avif' and/or 'image/webp'.")
  const ttl = value.minimumCacheTTL ?? d.minimumCacheTTL
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 0)
    throw bad('images.minimumCacheTTL', ttl, 'Use a whole number of seconds >= 0.')
  const bool = (key: 'dangerouslyAllowSVG' | 'unoptimized') => {
    const v = value[key] ?? d[key]
    if (typeof v !== 'boolean') throw bad(`images.${key}`, v, 'Use true or false.')
    return v
  }
  const disposition = value.contentDispositionType ?? d.contentDispositionType
  if (disposition !== 'inline' && disposition !== 'attachment')
    throw bad('images.contentDispositionType', disposition, "Use 'inline' or 'attachment'.")
  const csp = value.contentSecurityPolicy ?? d.contentSecurityPolicy
  if (typeof csp !== 'string')
    throw bad('images.contentSecurityPolicy', csp, 'Use a Content-Security-Policy string.')
  const bytes = (key: 'maximumCacheSize' | 'maximumResponseBody') => {
    const v = value[key]
    if (v === undefined) return d[key]
    const n = parseBytes(v)
    if (n === null || n === 0)
      throw bad(`images.${key}`, v, "Use a number of bytes or a size string such as '256mb'.")
    return n
  }
  return {
    path: IMAGE_PATH,
    deviceSizes: widths('deviceSizes', 10_000),
    imageSizes: widths('imageSizes', 10_000),
    qualities: [...new Set(qualities as number[])].sort((a, b) => a - b),
    formats: [...new Set(formats as ImageFormat[])],
    minimumCacheTTL: ttl,
    remotePatterns: readRemotePatterns(value.remotePatterns, bad),
    localPatterns: readLocalPatterns(value.localPatterns, bad),
    dangerouslyAllowSVG: bool('dangerouslyAllowSVG'),
    contentSecurityPolicy: csp,
    contentDispositionType: disposition,
    unoptimized: bool('unoptimized'),
    maximumCacheSize: bytes('maximumCacheSize'),
    maximumResponseBody: bytes('maximumResponseBody'),
  }
}

const REMOTE_ALLOWED =
  "Use objects such as { protocol: 'https', hostname: 'images.example.com', pathname: '/photos/**' }, or URL strings such as 'https://images.example.com/photos/**'."

function readRemotePatterns(value: unknown, bad: Bad): RemotePattern[] {
  if (value === undefined) return []
  if (!Array.isArray(value)) throw bad('images.remotePatterns', value, REMOTE_ALLOWED)
  return value.map((p, i) => {
    const key = `images.remotePatterns[${i}]`
    if (typeof p === 'string') {
      let url: URL
      try {
        url = new URL(p)
      } catch {
        throw bad(key, p, REMOTE_ALLOWED)
      }
      // URL() percent-encodes `*`-free paths only; keep the globs as written.
      return {
        protocol: url.protocol.slice(0, -1) as 'http' | 'https',
        hostname: url.hostname,
        port: url.port,
        pathname: decodeURI(url.pathname),
        ...(url.search ? { search: url.search } : {}),
      }
    }
    if (!isRecord(p) || typeof p.hostname !== 'string' || p.hostname === '') throw bad(key, p, REMOTE_ALLOWED)
    if (p.protocol !== undefined && p.protocol !== 'http' && p.protocol !== 'https')
      throw bad(`${key}.protocol`, p.protocol, "Use 'http' or 'https'.")
    for (const k of ['port', 'pathname', 'search'] as const)
      if (p[k] !== undefined && typeof p[k] !== 'string') throw bad(`${key}.${k}`, p[k], 'Use a string.')
    for (const k of Object.keys(p))
      if (!['protocol', 'hostname', 'port', 'pathname', 'search'].includes(k))
        throw bad(`${key}.${k}`, p[k], 'Allowed keys: protocol, hostname, port, pathname, search.')
    return p as unknown as RemotePattern
  })
}

function readLocalPatterns(value: unknown, bad: Bad): LocalPattern[] | null {
  if (value === undefined) return null
  if (!Array.isArray(value))
    throw bad('images.localPatterns', value, "Use an array such as [{ pathname: '/assets/**' }].")
  return value.map((p, i) => {
    const ok =
      isRecord(p) &&
      Object.keys(p).every((k) => k === 'pathname' || k === 'search') &&
      (p.pathname === undefined || typeof p.pathname === 'string') &&
      (p.search === undefined || typeof p.search === 'string')
    if (!ok) throw bad(`images.localPatterns[${i}]`, p, "Use { pathname: '/assets/**', search?: '' }.")
    return p as LocalPattern
  })
}
