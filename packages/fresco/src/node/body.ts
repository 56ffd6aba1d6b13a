// Request bodies as Web streams with a byte limit, so a slow or huge upload can neither exhaust
// memory nor reach the app unbounded. Over the limit the stream errors with BODY_TOO_LARGE
// and the server answers 413 (RFC 9110 §15.5.14).
import type { IncomingMessage, ServerResponse } from 'node:http'
import { requestBodyTooLargeError } from '../errors.js'
import { writeText } from './write-response.js'

/** True when Content-Length already announces more than `limit` bytes. */
export function declaredTooLarge(req: IncomingMessage, limit: number): boolean {
  const length = req.headers['content-length']
  return length !== undefined && Number(length) > limit
}

export function createBodyStream(req: IncomingMessage, limit: number): ReadableStream<Uint8Array> {
  let received = 0
  let finished = false
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        if (declaredTooLarge(req, limit)) {
          finished = true
          controller.error(requestBodyTooLargeError(limit))
          return
        }
        req.on('data', (chunk: Buffer) => {
          if (finished) return
          received += chunk.byteLength
          if (received > limit) {
            finished = true
            req.pause() // stop reading; the 413 response closes the connection
            controller.error(requestBodyTooLargeError(limit))
            return
          }
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength))
          // Backpressure: stop the socket until the app pulls again.
          if ((controller.desiredSize ?? 0) <= 0) req.pause()
        })
        req.once('end', () => {
          if (finished) return
          finished = true
          controller.close()
        })
        req.once('error', (error) => {
          if (finished) return
          finished = true
          controller.error(error)
        })
      },
      pull() {
        if (!finished) req.resume()
      },
      cancel() {
        finished = true
        req.resume() // drain and discard, so the connection can still carry the response
      },
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  )
}

/** How much of an unread body is read and discarded to keep the connection usable. */
export const DRAIN_LIMIT = 8 * 1024 * 1024

/**
 * After the response: read and discard what the app left of the request body, so the next
 * request on this keep-alive connection is parsed (node's own dump is skipped once a body has
 * been partly read, and a paused body would stall the socket until its timeout). More than
 * DRAIN_LIMIT bytes: close the connection instead.
 */
export function discardRest(req: IncomingMessage): void {
  if (req.complete || req.destroyed) return
  let discarded = 0
  req.removeAllListeners('data') // the body stream, if any, is abandoned: the response is done
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.byteLength
    if (discarded > DRAIN_LIMIT) req.socket.destroy()
  })
  req.resume()
}

/**
 * Answer 413. Closing while the client is still uploading makes many clients see a reset instead
 * of the answer (RFC 9112 §9.6), so the rest is discarded (discardRest) unless the client
 * announced more than DRAIN_LIMIT bytes, which gets the 413 and a closed connection.
 */
export function refuseBody(req: IncomingMessage, res: ServerResponse, limit: number): void {
  const close = Number(req.headers['content-length'] ?? 0) > limit + DRAIN_LIMIT
  writeText(res, 413, `Request body larger than ${limit} bytes`, close)
}
