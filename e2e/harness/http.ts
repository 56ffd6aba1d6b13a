// HTTP helpers for tests: free ports, fetch with a bound, raw requests (bytes as sent), bounded polling.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { connect, createServer } from 'node:net'

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address()
      const port = typeof address === 'object' && address ? address.port : 0
      srv.close(() => resolve(port))
    })
  })
}

export interface Got {
  status: number
  headers: Headers
  /** The body without React's text separators (`<!-- -->`). */
  text: string
  /** The body as received. */
  raw: string
  /** Shorthand for headers.get('x-fresco-cache'). */
  cache: string | null
}

/** fetch() with a 30 s bound and the body read as text. Redirects are not followed. */
export async function get(url: string, init: RequestInit = {}): Promise<Got> {
  const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(30_000), ...init })
  const raw = await res.text()
  // React separates adjacent text nodes with <!-- -->; tests read the text as a browser shows it.
  const text = raw.replaceAll('<!-- -->', '')
  return { status: res.status, headers: res.headers, text, raw, cache: res.headers.get('x-fresco-cache') }
}

export interface RawResponse {
  status: number
  headers: IncomingHttpHeaders
  body: Buffer
}

/** node:http request: the path is sent exactly as given, no Accept-Encoding unless given, body not decompressed. */
export function rawGet(
  base: string,
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<RawResponse> {
  const { hostname, port } = new URL(base)
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, path, method, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      )
      res.on('error', reject)
    })
    req.setTimeout(30_000, () => req.destroy(new Error(`timeout: GET ${path.slice(0, 80)}`)))
    req.on('error', reject)
    req.end()
  })
}

/** Writes `head` verbatim on a TCP socket and returns the status code of the answer (0 if closed silently). */
export function rawHttp(base: string, head: string): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(base)
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname)
    let data = ''
    socket.setTimeout(30_000, () => socket.destroy(new Error('raw request timed out')))
    socket.on('data', (d) => {
      data += d.toString('latin1')
    })
    socket.on('error', (e) => {
      // The server may reset after answering an oversized request: keep what arrived.
      if (data) resolve({ status: Number(data.match(/^HTTP\/1\.[01] (\d{3})/)?.[1] ?? 0), text: data })
      else reject(e)
    })
    socket.on('end', () =>
      resolve({ status: Number(data.match(/^HTTP\/1\.[01] (\d{3})/)?.[1] ?? 0), text: data }),
    )
    socket.write(head)
  })
}

/**
 * Calls `fn` until it returns a value other than undefined, at most `timeoutMs`. Throws with the last
 * value seen (via `describe`) when the bound is reached: the bound is a failure guard, not a timing check.
 */
export async function poll<T>(
  fn: () => Promise<T | undefined>,
  { timeoutMs = 20_000, intervalMs = 100, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let lastError: unknown
  while (Date.now() < deadline) {
    try {
      const value = await fn()
      if (value !== undefined) return value
    } catch (e) {
      lastError = e
    }
    await sleep(intervalMs)
  }
  throw new Error(
    `poll: ${what} not reached within ${timeoutMs} ms${lastError ? ` (last error: ${lastError})` : ''}`,
  )
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))
