// /_fresco/image?url=&w=&q=: the one decision of what may be served. Pure: the query and Accept
// header in, either a validated request or a 4xx with a message out. Only widths and qualities
// from the config, only public/ or build files and allowed remote URLs; nothing the client sends
// beyond these three parameters and Accept reaches the cache key or the source.
import type { ImageFormat, ResolvedImages } from '../../config/images.js'
import { isBadTarget, parseRequestTarget } from '../url.js'
import { matchLocalPattern, matchRemotePattern } from './image-patterns.js'

export type ImageSource = { type: 'local'; pathname: string } | { type: 'remote'; url: URL }

export interface ImageRequest {
  source: ImageSource
  /** The `url` parameter as validated (a local path or the remote URL's href). */
  href: string
  width: number
  quality: number
  /** The best format the browser accepts, or null: keep the source's own format. */
  format: ImageFormat | null
}

export interface ImageRefusal {
  ok: false
  status: number
  message: string
}
export type ImageDecision = { ok: true; request: ImageRequest } | ImageRefusal

const refuse = (status: number, message: string): ImageRefusal => ({ ok: false, status, message })

/** The single value of a parameter, or null when it is missing or repeated. */
function single(params: URLSearchParams, name: string): string | null {
  const all = params.getAll(name)
  return all.length === 1 ? (all[0] as string) : null
}

export function decideImageRequest(
  search: string,
  accept: string | undefined,
  config: ResolvedImages,
): ImageDecision {
  const params = new URLSearchParams(search)
  const url = single(params, 'url')
  const w = single(params, 'w')
  const q = single(params, 'q')
  if (!url) return refuse(400, '"url" parameter is required (once)')
  if (!w || !/^\d{1,5}$/.test(w)) return refuse(400, '"w" parameter (width) must be a whole number')
  if (!q || !/^\d{1,3}$/.test(q))
    return refuse(400, '"q" parameter (quality) must be a whole number from 1 to 100')
  const width = Number(w)
  const quality = Number(q)
  if (!config.deviceSizes.includes(width) && !config.imageSizes.includes(width))
    return refuse(
      400,
      `"w" parameter (width) of ${width} is not allowed: use one of images.deviceSizes or images.imageSizes`,
    )
  if (!config.qualities.includes(quality))
    return refuse(
      400,
      `"q" parameter (quality) of ${quality} is not allowed: use one of images.qualities (${config.qualities.join(', ')})`,
    )
  const source = decideSource(url, config)
  if ('status' in source) return source
  return {
    ok: true,
    request: { source, href: url, width, quality, format: pickFormat(accept, config.formats) },
  }
}

function decideSource(url: string, config: ResolvedImages): ImageSource | ImageRefusal {
  if (url.startsWith('/')) {
    if (url.startsWith('//')) return refuse(400, '"url" parameter cannot be a protocol-relative URL (//)')
    const target = parseRequestTarget(url)
    if (isBadTarget(target)) return refuse(400, `"url" parameter is not a valid path: ${target.message}`)
    if (target.pathname.startsWith(config.path))
      return refuse(400, '"url" parameter cannot be the image endpoint')
    if (
      config.localPatterns &&
      !config.localPatterns.some((p) => matchLocalPattern(p, target.pathname, target.search))
    )
      return refuse(400, '"url" parameter is not allowed by images.localPatterns')
    if (target.search !== '')
      return refuse(400, '"url" parameter: local images are read from files, without a query')
    return { type: 'local', pathname: target.pathname }
  }
  let remote: URL
  try {
    remote = new URL(url)
  } catch {
    return refuse(400, '"url" parameter is invalid')
  }
  if ((remote.protocol !== 'http:' && remote.protocol !== 'https:') || remote.username || remote.password)
    return refuse(400, '"url" parameter is invalid')
  if (!config.remotePatterns.some((p) => matchRemotePattern(p, remote)))
    return refuse(400, '"url" parameter is not allowed: add the host to images.remotePatterns')
  return { type: 'remote', url: remote }
}

/** The first configured format the Accept header names (`image/avif`, `image/webp`; `*\/*` names none). */
export function pickFormat(accept: string | undefined, formats: readonly ImageFormat[]): ImageFormat | null {
  if (!accept) return null
  const accepted = new Set(
    accept
      .toLowerCase()
      .split(',')
      .map((part) => part.split(';'))
      .filter(([, ...params]) => !params.some((p) => /^\s*q\s*=\s*0(\.0*)?\s*$/.test(p)))
      .map(([type]) => (type as string).trim()),
  )
  return formats.find((f) => accepted.has(f)) ?? null
}
