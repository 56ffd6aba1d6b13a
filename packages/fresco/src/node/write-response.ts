// Writing what the app served onto node's response. Prepared responses are one writeHead with a
// memoized header list plus one end(); Web responses are streamed with backpressure and
// cancelled when the client goes away.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { CacheStatus } from '@fresco/cache'
import type { PreparedResponse } from '../runtime/server/prepared-response.js'
import { compressedHeaders, compressingWriter, streamEncoding } from './stream-compress.js'

export function writePrepared(
  req: IncomingMessage,
  res: ServerResponse,
  prepared: PreparedResponse,
  cacheStatus: CacheStatus | null,
): void {
  const headers = req.headers
  // A MISS is the render's first answer, sent uncompressed anyway (a request never waits for a
  // compressor): compressing it now would be thrown away for the long tail of pages nobody asks for
  // again (issue 9). The next request for the entry starts its coding.
  const encoding = prepared.encodingFor(headers['accept-encoding'], cacheStatus !== 'MISS')
  const method = req.method
  const conditional = headers['if-none-match'] !== undefined || headers['if-modified-since'] !== undefined
  // RFC 9110 §13.1.2: If-None-Match on GET/HEAD answers 304; only for successful responses.
  if (
    conditional &&
    prepared.status === 200 &&
    (method === 'GET' || method === 'HEAD') &&
    prepared.isNotModified(headers['if-none-match'], headers['if-modified-since'])
  ) {
    res.writeHead(304, prepared.headersFor(encoding, cacheStatus, true))
    res.end()
    return
  }
  res.writeHead(prepared.status, prepared.headersFor(encoding, cacheStatus))
  if (method === 'HEAD') res.end()
  else res.end(prepared.bodyFor(encoding))
}

/** Flat header list from a Web Headers object, keeping each Set-Cookie separate (RFC 6265 §3). */
function flatHeaders(headers: Headers): string[] {
  const flat: string[] = []
  headers.forEach((value, name) => {
    if (name !== 'set-cookie') flat.push(name, value)
  })
  for (const cookie of headers.getSetCookie()) flat.push('set-cookie', cookie)
  return flat
}

export async function writeWeb(
  req: IncomingMessage,
  res: ServerResponse,
  response: Response,
  compress = true,
): Promise<void> {
  // The client left while the response was being made (a render waiting for its shell): no
  // 'close' will come again, so nothing below would ever see it. Stop the producer and go.
  if (res.destroyed) {
    await response.body?.cancel().catch(() => {})
    return
  }
  const accept = req.headers['accept-encoding']
  const encoding = compress && req.method !== 'HEAD' ? streamEncoding(accept, response) : 'identity'
  const headers = encoding === 'identity' ? response.headers : compressedHeaders(response.headers, encoding)
  res.writeHead(response.status, response.statusText || undefined, flatHeaders(headers))
  const body = response.body
  if (body === null || req.method === 'HEAD' || response.status === 204 || response.status === 304) {
    res.end()
    await body?.cancel().catch(() => {})
    return
  }
  const reader = body.getReader()
  let closed = false
  const onClose = () => {
    closed = true
    // The client left: stop producing (aborts the render / upstream fetch behind the stream).
    if (!res.writableFinished) reader.cancel().catch(() => {})
  }
  res.once('close', onClose)
  // No flushHeaders(): the head leaves with the first chunk, one packet for small responses.
  const out = encoding === 'identity' ? undefined : compressingWriter(res, encoding)
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done || closed) break
      if (out) await out.write(value)
      else if (!res.write(value)) await drained(res)
    }
    if (!closed) {
      if (out) await out.end()
      else res.end()
    }
  } catch (error) {
    // Headers are gone, so a status can no longer change: cut the connection so the client
    // sees a truncated response instead of a "complete" broken page.
    res.destroy(error instanceof Error ? error : undefined)
    throw error
  } finally {
    res.off('close', onClose)
  }
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed) return resolve()
    const done = () => {
      res.off('drain', done)
      res.off('close', done)
      resolve()
    }
    res.on('drain', done)
    res.on('close', done)
  })
}

/** Plain-text answers for errors the node layer decides (4xx, 500, 503). */
export function writeText(res: ServerResponse, status: number, message: string): void {
  if (res.headersSent) {
    res.destroy()
    return
  }
  const body = `${message}\n`
  const headers: string[] = [
    'content-type',
    'text/plain; charset=utf-8',
    'content-length',
    String(Buffer.byteLength(body)),
    'cache-control',
    'private, no-cache, no-store, max-age=0, must-revalidate',
    'x-content-type-options',
    'nosniff',
  ]
  res.writeHead(status, headers)
  res.end(res.req?.method === 'HEAD' ? undefined : body)
}
