// Request bodies as Web streams with a byte limit, so a slow or huge upload can neither exhaust
// memory nor reach the app unbounded. Over the limit the stream errors with BODY_TOO_LARGE
// and the server answers 413 (RFC 9110 §15.5.14).
import type { IncomingMessage } from 'node:http'
import { requestBodyTooLargeError } from '../errors.js'

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
            req.pause() // stop reading; the 413 decides (unread-body.ts) whether to discard or close
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
        req.pause() // read no more; after the response, unread-body.ts discards the rest or closes
      },
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  )
}
