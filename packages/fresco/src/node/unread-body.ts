// What happens to the part of a request body nobody read (a 413, a 405, a handler that ignored
// it). Unread bytes left on a kept-alive connection would be parsed as the next request, and
// closing a socket with unread bytes makes the kernel send a reset that can destroy the response
// before the client reads it (RFC 9112 §9.6). So: a small rest is discarded and the connection
// kept; a large or unknown rest gets `Connection: close`, then a lingering close.
import type { IncomingMessage, ServerResponse } from 'node:http'

/** The most of an unread body discarded to keep a connection alive; more → Connection: close. */
export const DRAIN_LIMIT = 1024 * 1024
/** A lingering close discards at most this much for at most LINGER_MS, then closes. */
export const LINGER_BYTES = 16 * 1024 * 1024
export const LINGER_MS = 5000

/** Before the head is written: more (or an unknown amount) left than DRAIN_LIMIT → close after it. */
export function closeIfMuchLeft(req: IncomingMessage, res: ServerResponse): void {
  const headers = req.headers
  const length = headers['content-length']
  if (length === undefined && headers['transfer-encoding'] === undefined) return // no body
  if (req.complete || (length !== undefined && Number(length) <= DRAIN_LIMIT)) return
  res.shouldKeepAlive = false // node sends `Connection: close` and closes after the response
  lingerOnClose(req)
}

/**
 * After the response: discard what is left of a body on a kept-alive connection, so the next
 * request is parsed (node skips its own discard once a body was partly read, and a body paused by
 * backpressure would stall the socket). The amount is bounded by closeIfMuchLeft.
 */
export function discardRest(req: IncomingMessage, res: ServerResponse): void {
  if (req.complete || req.destroyed || !res.shouldKeepAlive) return
  let discarded = 0
  req.removeAllListeners('data') // the body stream, if any, is abandoned: the response is done
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.byteLength
    if (discarded > DRAIN_LIMIT) req.socket.destroy()
  })
  req.resume()
}

/**
 * Node ends a `Connection: close` response with `socket.destroySoon()`, which closes at once.
 * Instead: send FIN after the response, keep reading and discarding what the client still sends
 * (until its body ends, LINGER_BYTES or LINGER_MS), then close — no reset, the answer arrives whole.
 */
function lingerOnClose(req: IncomingMessage): void {
  const socket = req.socket
  socket.destroySoon = () => {
    socket.end()
    const close = () => {
      clearTimeout(timer)
      if (socket.writableFinished) socket.destroy()
      else socket.once('finish', () => socket.destroy())
    }
    const timer = setTimeout(close, LINGER_MS)
    socket.once('close', () => clearTimeout(timer))
    if (req.complete) return close()
    let discarded = 0
    req.removeAllListeners('data')
    req.on('data', (chunk: Buffer) => {
      discarded += chunk.byteLength
      if (discarded > LINGER_BYTES) close()
    })
    req.once('end', close)
    req.resume()
  }
}
