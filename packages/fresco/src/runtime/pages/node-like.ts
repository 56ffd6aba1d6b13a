// Next's Node-style `req` / `res` for API routes and getServerSideProps, over Fresco's IncomingInfo
// and a Web Response: `req.query` (search parameters, path params win), `req.cookies`,
// `req.headers`, `req.body`; `res.status().json()`, `send()`, `redirect()`, `setHeader()`, `end()`.
// Everything the client sent stays on this request: none of it reaches a cached entry.
import { parseCookieHeader } from '../data/request-store.js'
import type { IncomingInfo } from '../server/contract.js'
import type { Query } from './router-context.js'

export interface NodeLikeRequest {
  method: string
  url: string
  headers: IncomingInfo['headers']
  query: Query
  cookies: Record<string, string>
  body?: unknown
}

/** Search parameters (repeated names → arrays), then the route's params on top, as Next merges them. */
export function queryOf(search: string, params: Query): Query {
  const query: Query = {}
  for (const [k, v] of new URLSearchParams(search)) {
    const prev = query[k]
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v]
  }
  return { ...query, ...params }
}

export function nodeLikeRequest(info: IncomingInfo, params: Query): NodeLikeRequest {
  const cookie = info.headers.cookie
  return {
    method: info.method,
    url: info.pathname + info.search,
    headers: info.headers,
    query: queryOf(info.search, params),
    cookies: Object.fromEntries(
      parseCookieHeader(Array.isArray(cookie) ? cookie.join('; ') : (cookie ?? null)),
    ),
  }
}

export interface NodeLikeResponse {
  statusCode: number
  readonly headersSent: boolean
  readonly writableEnded: boolean
  setHeader(name: string, value: string | number | readonly string[]): NodeLikeResponse
  getHeader(name: string): string | string[] | undefined
  removeHeader(name: string): void
  hasHeader(name: string): boolean
  status(code: number): NodeLikeResponse
  write(chunk: string | Uint8Array): boolean
  end(chunk?: string | Uint8Array): NodeLikeResponse
  send(body: unknown): void
  json(body: unknown): void
  redirect(statusOrUrl: number | string, url?: string): NodeLikeResponse
  /** Set by the API route adapter. */
  revalidate?: (path: string, opts?: { unstable_onlyGenerated?: boolean }) => Promise<void>
  /** The headers set so far, as Web Headers. */
  toHeaders(): Headers
  /** Resolves when end() was called. */
  readonly ended: Promise<void>
  /** The body written so far. */
  body(): Uint8Array
}

const encoder = new TextEncoder()

export function nodeLikeResponse(): NodeLikeResponse {
  const headers = new Map<string, string | string[]>()
  const chunks: Uint8Array[] = []
  let ended = false
  let finish!: () => void
  const endedPromise = new Promise<void>((resolve) => {
    finish = resolve
  })
  const res: NodeLikeResponse = {
    statusCode: 200,
    get headersSent() {
      return ended
    },
    get writableEnded() {
      return ended
    },
    setHeader(name, value) {
      headers.set(name.toLowerCase(), Array.isArray(value) ? value.map(String) : String(value))
      return res
    },
    getHeader: (name) => headers.get(name.toLowerCase()),
    removeHeader: (name) => void headers.delete(name.toLowerCase()),
    hasHeader: (name) => headers.has(name.toLowerCase()),
    status(code) {
      if (!Number.isInteger(code) || code < 100 || code > 599)
        throw new Error(`[fresco] res.status(${String(code)}): use a status code from 100 to 599.`)
      res.statusCode = code
      return res
    },
    write(chunk) {
      if (ended) return false
      chunks.push(typeof chunk === 'string' ? encoder.encode(chunk) : chunk)
      return true
    },
    end(chunk) {
      if (ended) return res
      if (chunk !== undefined) res.write(chunk)
      ended = true
      finish()
      return res
    },
    send(body) {
      if (body === null || body === undefined) {
        res.end()
        return
      }
      if (typeof body === 'string') {
        if (!headers.has('content-type')) res.setHeader('content-type', 'text/plain; charset=utf-8')
        res.end(body)
      } else if (body instanceof Uint8Array) {
        if (!headers.has('content-type')) res.setHeader('content-type', 'application/octet-stream')
        res.end(body)
      } else if (typeof body === 'object' || typeof body === 'number' || typeof body === 'boolean') {
        res.json(body)
      } else {
        res.end(String(body))
      }
    },
    json(body) {
      if (!headers.has('content-type')) res.setHeader('content-type', 'application/json; charset=utf-8')
      res.end(JSON.stringify(body) ?? '')
    },
    redirect(statusOrUrl, url) {
      const [status, location] = typeof statusOrUrl === 'string' ? [307, statusOrUrl] : [statusOrUrl, url]
      if (typeof location !== 'string' || ![301, 302, 303, 307, 308].includes(status))
        throw new Error(
          '[fresco] res.redirect([status,] url): status 301, 302, 303, 307 or 308 and a URL string.',
        )
      res.statusCode = status
      res.setHeader('location', location)
      res.end(location)
      return res
    },
    toHeaders() {
      const out = new Headers()
      for (const [name, value] of headers)
        for (const v of Array.isArray(value) ? value : [value])
          try {
            out.append(name, v)
          } catch {
            // A header value the user built from bad input: dropped, never a 500.
          }
      return out
    },
    ended: endedPromise,
    body: () => Buffer.concat(chunks),
  }
  return res
}
