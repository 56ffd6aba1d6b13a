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

export interface Upload {
  /** Everything the server sent back, as latin1 text. */
  answer: string
  /** The socket error, if any: a reset or EPIPE means the server closed with unread bytes. */
  error: string | undefined
  /** Body bytes sent when the head of the answer arrived (-1: no answer). */
  sentAtAnswer: number
}

/**
 * Writes `head` (ending in the blank line), then `size` body bytes, framed as announced by the head
 * (Content-Length: raw; `Transfer-Encoding: chunked`: 64 KB chunks and the last chunk), with
 * backpressure. With `pauseAt`, stops after that many bytes until the answer's head has arrived
 * (or 20 s), then sends the rest: a server that answers before reading the whole body passes.
 */
export function rawUpload(
  base: string,
  head: string,
  size: number,
  opts: { chunked?: boolean; pauseAt?: number } = {},
): Promise<Upload> {
  const { hostname, port } = new URL(base)
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname)
    let answer = ''
    let error: string | undefined
    let answered: (() => void) | undefined
    let sent = 0
    let sentAtAnswer = -1
    socket.setTimeout(60_000, () => socket.destroy(new Error('upload timed out')))
    socket.on('data', (d) => {
      answer += d.toString('latin1')
      if (sentAtAnswer === -1 && answer.includes('\r\n\r\n')) sentAtAnswer = sent
      if (sentAtAnswer !== -1) answered?.()
    })
    socket.on('error', (e: NodeJS.ErrnoException) => {
      error = e.code ?? e.message
    })
    socket.on('close', () => resolve({ answer, error, sentAtAnswer }))
    socket.write(head)
    const chunk = Buffer.alloc(64 * 1024, 120)
    let paused = opts.pauseAt === undefined
    const pump = (): void => {
      while (sent < size && !socket.destroyed) {
        if (!paused && sent >= (opts.pauseAt ?? 0)) {
          paused = true
          const resume = () => {
            answered = undefined
            clearTimeout(timer)
            pump()
          }
          const timer = setTimeout(resume, 20_000)
          answered = resume
          if (answer.includes('\r\n\r\n')) resume()
          return
        }
        const part = chunk.subarray(0, Math.min(chunk.length, size - sent))
        sent += part.length
        const framed = opts.chunked
          ? Buffer.concat([Buffer.from(`${part.length.toString(16)}\r\n`), part, Buffer.from('\r\n')])
          : part
        if (!socket.write(framed)) return void socket.once('drain', pump)
      }
      if (!socket.destroyed) socket.end(opts.chunked ? '0\r\n\r\n' : '')
    }
    pump()
  })
}
