// /_fresco/inspector on the app's port (config `inspector`): the page (GET, HEAD) and its purges
// (POST). Without the secret nothing about the cache is said: 401 and a login prompt. Every answer
// is no-store, noindex and unframeable. The listing goes through `fresco cache`'s data layer; a
// purge through the app's revalidatePath / revalidateTag (every instance, CDN adapters).
import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { DEFAULT_EXPIRE, type Logger, MAX_PATH_LENGTH, MAX_TAG_LENGTH } from '@fresco/cache'
import { listEntries, openStore, statsOf } from '../../cli/cache-data.js'
import type { ResolvedConfig } from '../../config/types.js'
import type { FrescoApp } from '../../runtime/server/contract.js'
import { routeKeyPrefix } from '../../runtime/server/route-cache.js'
import { directOrigin, proxiedOrigin } from '../forwarded.js'
import { keyPrefix, matches, parseFilters } from './filters.js'
import { createSecretCheck, refusePurge } from './guard.js'
import { renderPage } from './page.js'

export const INSPECTOR_PATH = '/_fresco/inspector'
/** Rows rendered at most: a page a person reads, not a dump (`fresco cache ls --json` is that). */
const ROW_LIMIT = 500
const BODY_LIMIT = 4096
const TEXT = 'text/plain; charset=utf-8'
const HTML = 'text/html; charset=utf-8'
const UNLISTABLE =
  "This app's cacheHandler ('memory' or an object from fresco.config) keeps its entries inside each server process: the page lists the fs and Redis stores only. Purging a path or tag works."

export interface InspectorOptions {
  config: ResolvedConfig & { inspector: { secret: string } }
  app: Pick<FrescoApp, 'buildId' | 'purge'>
  logger: Logger
  /** This process's requests by cache status since it started: with `metrics` on only. */
  requests?: () => Promise<Record<string, number>>
}

export interface Inspector {
  serve(req: IncomingMessage, res: ServerResponse, search: string): void | Promise<void>
}

const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'x-robots-tag': 'noindex, nofollow',
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
}

export function createInspector({ config, app, logger, requests }: InspectorOptions): Inspector {
  const authorized = createSecretCheck(config.inspector.secret)
  const routePrefix = routeKeyPrefix(app.buildId)
  const defaultExpire = config.expireTime ?? DEFAULT_EXPIRE

  const send = (res: ServerResponse, status: number, type: string, body: string, extra = {}) => {
    res.writeHead(status, {
      ...SECURITY_HEADERS,
      'content-type': type,
      'content-length': Buffer.byteLength(body),
      ...extra,
    })
    res.end(res.req.method === 'HEAD' ? undefined : body)
  }
  const json = (res: ServerResponse, status: number, message: string, extra: object = {}) =>
    send(res, status, 'application/json; charset=utf-8', JSON.stringify({ message, ...extra }))

  /** Everything in the store, judged at `now`, through `fresco cache`'s data layer. */
  async function readStore(now: number) {
    const store = await openStore(config, logger)
    try {
      return {
        all: await listEntries(store, '', routePrefix, defaultExpire, now),
        description: store.description,
      }
    } finally {
      await store.close()
    }
  }

  async function page(res: ServerResponse, search: string): Promise<void> {
    const filters = parseFilters(search)
    if ('error' in filters) return send(res, 400, TEXT, `${filters.error}\n`)
    const nonce = randomBytes(16).toString('base64')
    const now = Date.now()
    if (config.cacheHandler !== 'fs' && config.cacheHandler !== 'redis') {
      // A memory or custom handler lives in each process: nothing to list, purges still work.
      const html = renderPage({
        ...{ path: INSPECTOR_PATH, nonce, now, filters, notice: UNLISTABLE },
        ...{ stats: undefined, rows: [], matched: 0, tags: new Map() },
      })
      return send(res, 200, HTML, html, csp(nonce))
    }
    const listed = await readStore(now).catch((error: unknown) => {
      logger.error('inspector: the cache store could not be listed', error)
      return undefined
    })
    if (!listed) return send(res, 503, TEXT, 'The cache store could not be read: see the server log.\n')
    const { all, description } = listed
    const prefix = keyPrefix(filters, routePrefix)
    const matched = all.views.filter((v) => v.key.startsWith(prefix) && matches(v, filters))
    const html = renderPage({
      path: INSPECTOR_PATH,
      nonce,
      now,
      filters,
      stats: statsOf(all.views, all.tags.size, description, app.buildId, config),
      rows: matched.slice(0, ROW_LIMIT),
      matched: matched.length,
      tags: all.tags,
      requests: await requests?.().catch(() => undefined),
    })
    send(res, 200, HTML, html, csp(nonce))
  }

  async function purge(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const refused = refusePurge(
      req.headers,
      config.trustProxy ? proxiedOrigin(req.headers) : directOrigin(req.headers),
    )
    if (refused) return json(res, 403, refused)
    const body = await readSmallBody(req)
    if (body === undefined)
      return json(res, 413, `Send at most ${BODY_LIMIT} bytes: { "path": "/…" } or { "tag": "…" }.`)
    const target = purgeTarget(body)
    if (typeof target === 'string') return json(res, 400, target)
    if (!app.purge) return json(res, 404, 'This server cannot purge.')
    const what = 'path' in target ? `path ${target.path}` : `tag ${target.tag}`
    if (!(await app.purge(target)))
      return json(res, 503, `The cache did not take the invalidation of ${what}: see the server log.`)
    // Who purged what is worth a line in the log, like any change made from outside the app.
    logger.warn(`inspector: invalidated ${what}`)
    json(res, 200, `Invalidated ${what}: the next request for it regenerates.`, { purged: target })
  }

  return {
    serve(req, res, search) {
      // Say nothing before the secret: the same answer for a wrong one and none.
      if (!authorized(req.headers.authorization))
        return send(res, 401, TEXT, 'Unauthorized\n', {
          'www-authenticate': 'Basic realm="Fresco cache inspector", charset="UTF-8"',
        })
      if (req.method === 'GET' || req.method === 'HEAD') return page(res, search)
      if (req.method === 'POST') return purge(req, res)
      json(res, 405, 'Use GET for the page, POST to purge.')
    },
  }
}

const csp = (nonce: string) => ({
  'content-security-policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
})

/** The purge request's body, or undefined past the limit. */
async function readSmallBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > BODY_LIMIT) return undefined
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** `{ path }` or `{ tag }` as revalidatePath / revalidateTag accept them, or why not. */
function purgeTarget(body: string): { path: string } | { tag: string } | string {
  let value: unknown
  try {
    value = JSON.parse(body)
  } catch {
    return 'The body is not JSON: send { "path": "/…" } or { "tag": "…" }.'
  }
  const { path, tag } = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>
  if (typeof tag === 'string' && path === undefined) {
    if (tag === '' || tag.length > MAX_TAG_LENGTH)
      return `Use a non-empty tag of at most ${MAX_TAG_LENGTH} characters.`
    return { tag }
  }
  if (typeof path === 'string' && tag === undefined) {
    if (!path.startsWith('/') || path.length > MAX_PATH_LENGTH)
      return `Use a path starting with / (at most ${MAX_PATH_LENGTH} characters).`
    return { path }
  }
  return 'Send { "path": "/…" } or { "tag": "…" }.'
}
