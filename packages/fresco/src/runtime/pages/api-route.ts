// pages/api/** with Next's Node-style handler `(req, res) => …`: the body parsed by content type
// within the size limit (`export const config = { api: { bodyParser: { sizeLimit } | false } }`,
// default 1mb, 413 over it, 400 for malformed JSON), and `res.revalidate(path)`, which regenerates
// that exact path before it resolves and rejects when the regeneration fails (the last good page
// stays). Never cached: an API route answers every request itself.
import { parseBytes } from '../../config/bytes.js'
import { isBodyTooLargeError } from '../../errors.js'
import { loadSsr } from '../render/ssr-bridge.js'
import { readAtMost } from '../render/streams.js'
import type { AppContext } from '../server/app-context.js'
import type { IncomingInfo } from '../server/contract.js'
import { nodeLikeRequest, nodeLikeResponse } from './node-like.js'
import type { PagesTarget } from './plan.js'
import { draftMethods } from './preview-data.js'

/** Next's default `bodyParser.sizeLimit`. */
export const DEFAULT_API_BODY_LIMIT = 1024 * 1024

/** `config.api.bodyParser` → the size limit, or false (the handler reads the raw body itself). */
export function bodyParserOf(file: string, config: unknown): number | false {
  const api = (config as { api?: { bodyParser?: unknown } } | undefined)?.api
  const parser = api?.bodyParser
  if (parser === undefined || parser === true) return DEFAULT_API_BODY_LIMIT
  if (parser === false) return false
  const limit = (parser as { sizeLimit?: unknown }).sizeLimit
  if (limit === undefined) return DEFAULT_API_BODY_LIMIT
  const bytes = parseBytes(limit)
  if (bytes !== null) return bytes
  throw new Error(
    `[fresco] ${file}: config.api.bodyParser.sizeLimit ${JSON.stringify(limit)} is invalid. Use bytes (1048576) or a size such as '1mb' or '500kb'.`,
  )
}

class BodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

async function readBody(stream: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array> {
  let body: Uint8Array | undefined
  try {
    body = await readAtMost(stream, limit)
  } catch (error) {
    if (isBodyTooLargeError(error)) throw new BodyError(413, 'Body exceeded the server body limit')
    throw new BodyError(400, 'Invalid body')
  }
  if (body === undefined) throw new BodyError(413, `Body exceeded ${limit} bytes limit`)
  return body
}

/** Parsed like Next's parseBody: JSON, urlencoded (repeated keys → arrays), else the text. */
export function parseBody(contentType: string | undefined, bytes: Uint8Array): unknown {
  const text = new TextDecoder().decode(bytes)
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase()
  if (type === 'application/json' || type === 'application/ld+json' || type.endsWith('+json')) {
    if (text.length === 0) return {}
    try {
      return JSON.parse(text)
    } catch {
      throw new BodyError(400, 'Invalid JSON')
    }
  }
  if (type === 'application/x-www-form-urlencoded') {
    const out: Record<string, string | string[]> = {}
    for (const [k, v] of new URLSearchParams(text)) {
      const prev = out[k]
      out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v]
    }
    return out
  }
  return text
}

const text = (status: number, body: string) =>
  new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } })

export async function callApiRoute(
  ctx: AppContext,
  target: PagesTarget,
  info: IncomingInfo,
  revalidate: (path: string) => Promise<void>,
): Promise<Response> {
  const { route } = target
  const ssr = (await loadSsr()).pages
  const mod = await ssr.pageModule(route.id)
  const handler = mod.default
  if (typeof handler !== 'function') {
    ctx.logger.error(
      `[fresco] ${route.file} has no default export: export the handler (req, res) => … as default.`,
    )
    return text(500, 'Internal Server Error')
  }
  const req = nodeLikeRequest(info, target.match.params)
  const res = nodeLikeResponse()
  // Draft mode on and off (the same signed cookie as the App Router's draftMode()).
  Object.assign(res, draftMethods(res, info.origin.startsWith('https:')))
  res.revalidate = async (path) => {
    if (typeof path !== 'string' || !path.startsWith('/'))
      throw new Error(
        `[fresco] res.revalidate(${JSON.stringify(path)}): pass the page's path, starting with '/'.`,
      )
    try {
      await revalidate(path)
    } catch (error) {
      throw new Error(
        `Failed to revalidate ${path}: ${error instanceof Error ? error.message : String(error)}`,
        {
          cause: error,
        },
      )
    }
  }
  try {
    const limit = bodyParserOf(route.file, mod.config)
    const body = info.body()
    if (limit !== false && body) {
      const type = info.headers['content-type']
      req.body = parseBody(Array.isArray(type) ? type[0] : type, await readBody(body, limit))
    } else if (body) {
      Object.assign(req, { body: undefined, stream: () => body })
    }
  } catch (error) {
    if (error instanceof BodyError) return text(error.status, error.message)
    ctx.logger.error(`reading the body for ${route.file} failed`, error)
    return text(500, 'Internal Server Error')
  }
  try {
    await Promise.race([
      Promise.resolve((handler as (q: unknown, s: unknown) => unknown)(req, res)),
      res.ended,
    ])
    if (!res.writableEnded) {
      // Next warns "API resolved without sending a response"; the client gets what was written.
      ctx.logger.warn(`API resolved without sending a response for ${info.pathname} (${route.file})`)
      res.end()
    }
  } catch (error) {
    ctx.logger.error(`API route ${route.file} failed`, error)
    if (!res.writableEnded) return text(500, 'Internal Server Error')
  }
  const noBody = info.method === 'HEAD' || res.statusCode === 204 || res.statusCode === 304
  return new Response(noBody ? null : (res.body() as Uint8Array<ArrayBuffer>), {
    status: res.statusCode,
    headers: res.toHeaders(),
  })
}
