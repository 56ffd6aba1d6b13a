// GET /_fresco/image: decide (image-request.ts) → cache → source → sharp → cache → answer.
// Results live in a CacheHandler of the app's kind (fs / memory / redis / its own object) with a
// byte budget of their own (images.maximumCacheSize): one transform per key at a time in this
// process, at most TRANSFORMS_AT_ONCE sources read and transformed at once (memory stays bounded
// under a flood of distinct widths or URLs), and a cache failure only costs a transform
// (DESIGN.md invariant 5).
import { createHash } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { CacheEntry, CacheHandler, Logger } from '@fresco/cache'
import type { ResolvedImages } from '../../config/images.js'
import { ONE_YEAR } from '../../defaults.js'
import { ifNoneMatchHits, strongEtag } from '../../runtime/server/etag.js'
import { writeText } from '../write-response.js'
import { decideImageRequest, type ImageRefusal, type ImageRequest } from './image-request.js'
import { readSource, type SourceDirs } from './image-source.js'
import { isSvg, transformImage } from './image-transform.js'

const TRANSFORMS_AT_ONCE = 2

export interface ImageEndpointOptions {
  config: ResolvedImages
  handler: CacheHandler
  dirs: SourceDirs
  /** Local images are keyed by build: a deploy may change a public/ file under the same URL. */
  buildId: string
  logger: Logger
  now?: () => number
}

export interface ImageEndpoint {
  serve(req: IncomingMessage, res: ServerResponse, search: string): Promise<void>
  close(): Promise<void>
}

interface Result {
  body: Uint8Array
  contentType: string
  etag: string
  /** Seconds the result may be reused (max-age). */
  ttl: number
  immutable: boolean
}

const EXT: Record<string, string> = {
  'image/avif': 'avif',
  'image/webp': 'webp',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/svg+xml': 'svg',
}

/** `photo.webp` for `/images/photo.jpg` served as WebP, as Next names it; only safe characters reach the header. */
export function downloadName(href: string, contentType: string): string {
  const path = href.split(/[?#]/, 1)[0] as string
  const base = (path.slice(path.lastIndexOf('/') + 1).replace(/\.[^.]*$/, '') || 'image').replace(
    /[^\w.-]/g,
    '_',
  )
  return `${base.slice(0, 100)}.${EXT[contentType] ?? 'bin'}`
}

export function createImageEndpoint(opts: ImageEndpointOptions): ImageEndpoint {
  const { config, handler, logger } = opts
  const now = opts.now ?? Date.now
  const flights = new Map<string, Promise<Result | ImageRefusal>>()
  let running = 0
  const queue: (() => void)[] = []
  const slot = async <T>(work: () => Promise<T>): Promise<T> => {
    if (running >= TRANSFORMS_AT_ONCE) await new Promise<void>((r) => queue.push(r))
    running++
    try {
      return await work()
    } finally {
      running--
      queue.shift()?.()
    }
  }

  const keyOf = (r: ImageRequest) => {
    const scope = r.source.type === 'local' ? opts.buildId : 'remote'
    const id = createHash('sha256')
      .update(JSON.stringify([scope, r.href, r.width, r.quality, r.format]))
      .digest('base64url')
    return `image:${id}`
  }

  // A cached entry held in memory is the same object on every HIT: its Result (and header list,
  // below) is built once, so a HIT allocates little beyond the response (as the page HIT path).
  const results = new WeakMap<CacheEntry, Result>()
  const resultOf = (entry: CacheEntry): Result | undefined => {
    if (entry.revalidate === false || entry.revalidate === 0) return undefined
    if (entry.lastModified + entry.revalidate * 1000 <= now()) return undefined
    let result = results.get(entry)
    if (result) return result
    const h = entry.headers
    if (!h['content-type'] || !h.etag) return undefined
    result = {
      body: entry.body,
      contentType: h['content-type'],
      etag: h.etag,
      ttl: entry.revalidate,
      immutable: h['x-immutable'] === '1',
    }
    results.set(entry, result)
    return result
  }

  const fromCache = async (key: string): Promise<Result | undefined> => {
    try {
      // A memory (L1) hit without a promise; otherwise the handler's own read.
      const entry = handler.getSync?.(key) ?? (await handler.get(key))
      return entry && resultOf(entry)
    } catch (error) {
      logger.warn(`image cache read failed, transforming again: ${(error as Error).message}`)
      return undefined
    }
  }

  const produce = async (key: string, r: ImageRequest): Promise<Result | ImageRefusal> => {
    const source = await readSource(r.source, opts.dirs, config.maximumResponseBody)
    if ('ok' in source) return source
    let out: { body: Buffer; contentType: string }
    if (isSvg(source.bytes)) {
      if (!config.dangerouslyAllowSVG)
        return {
          ok: false,
          status: 400,
          message: '"url" parameter is an SVG image: set images.dangerouslyAllowSVG to serve it',
        }
      out = { body: source.bytes, contentType: 'image/svg+xml' }
    } else {
      const transformed = await transformImage(source.bytes, r)
      if ('ok' in transformed) return transformed
      out = transformed
    }
    const ttl = Math.max(config.minimumCacheTTL, source.maxAge ?? 0)
    const result: Result = { ...out, etag: strongEtag(out.body), ttl, immutable: source.immutable }
    if (ttl > 0 && out.body.byteLength <= config.maximumCacheSize) {
      const entry: CacheEntry = {
        kind: 'route',
        body: out.body,
        status: 200,
        headers: {
          'content-type': out.contentType,
          etag: result.etag,
          ...(source.immutable ? { 'x-immutable': '1' } : {}),
        },
        tags: [],
        lastModified: now(),
        revalidate: ttl,
        expire: ttl,
      }
      await handler
        .set(key, entry)
        .catch((error: Error) => logger.warn(`image cache write failed: ${error.message}`))
    }
    return result
  }

  const headerList = (r: Result, href: string, status: 'HIT' | 'MISS'): string[] => [
    'content-type',
    r.contentType,
    'content-length',
    String(r.body.byteLength),
    'cache-control',
    r.immutable ? `public, max-age=${ONE_YEAR}, immutable` : `public, max-age=${r.ttl}, must-revalidate`,
    'etag',
    r.etag,
    'vary',
    'Accept',
    'x-content-type-options',
    'nosniff',
    'content-security-policy',
    config.contentSecurityPolicy,
    'content-disposition',
    `${config.contentDispositionType}; filename="${downloadName(href, r.contentType)}"`,
    'x-fresco-cache',
    status,
  ]
  // One Result per cache key, and the key covers href: its HIT header list never changes.
  const hitHeaders = new WeakMap<Result, string[]>()

  const respond = (
    req: IncomingMessage,
    res: ServerResponse,
    r: Result,
    href: string,
    status: 'HIT' | 'MISS',
  ) => {
    let headers = status === 'HIT' ? hitHeaders.get(r) : undefined
    if (!headers) {
      headers = headerList(r, href, status)
      if (status === 'HIT') hitHeaders.set(r, headers)
    }
    if (ifNoneMatchHits(req.headers['if-none-match'], [r.etag])) {
      res.writeHead(304, headers.slice(4)) // without content-type and content-length
      res.end()
      return
    }
    res.writeHead(200, headers)
    res.end(req.method === 'HEAD' ? undefined : r.body)
  }

  return {
    async serve(req, res, search) {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.setHeader('allow', 'GET, HEAD')
        return writeText(res, 405, `Method ${req.method} is not allowed.`)
      }
      const decision = decideImageRequest(search, req.headers.accept, config)
      if (!decision.ok) return writeText(res, decision.status, decision.message)
      const key = keyOf(decision.request)
      const cached = await fromCache(key)
      if (cached) return respond(req, res, cached, decision.request.href, 'HIT')
      let flight = flights.get(key)
      if (!flight) {
        // The slot covers the read too: a source may be up to images.maximumResponseBody in memory.
        flight = slot(() => produce(key, decision.request)).finally(() => flights.delete(key))
        flights.set(key, flight)
      }
      const result = await flight
      if ('ok' in result) return writeText(res, result.status, result.message)
      respond(req, res, result, decision.request.href, 'MISS')
    },
    async close() {
      await Promise.allSettled([...flights.values()])
      await handler.close?.()
    },
  }
}
