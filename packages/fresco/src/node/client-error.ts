// Requests node's parser rejects never reach the handler. Node's default answer is a bare
// status line; ours adds a plain-text body and tells an over-long URL (414) from an
// over-large header block (431, RFC 6585 §5), instead of resetting the socket.
import type { Duplex } from 'node:stream'
import { MAX_URL_LENGTH } from './url.js'

interface ParserError extends Error {
  code?: string
  rawPacket?: Buffer
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  414: 'URI Too Long',
  431: 'Request Header Fields Too Large',
}

function statusOf(error: ParserError): number {
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    // The request line counts towards node's maxHeaderSize: find out which part was too big.
    const packet = error.rawPacket
    const lineEnd = packet ? packet.indexOf('\r\n') : -1
    return lineEnd === -1 || lineEnd > MAX_URL_LENGTH ? 414 : 431
  }
  if (error.code === 'HPE_URI_TOO_LONG') return 414
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return 408
  return 400
}

export function answerClientError(error: ParserError, socket: Duplex): void {
  const pending = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage
  // ECONNRESET: the peer is gone. A response already on the wire cannot be interleaved with.
  if (error.code === 'ECONNRESET' || !socket.writable || pending?.headersSent) {
    socket.destroy()
    return
  }
  const status = statusOf(error)
  const reason = REASONS[status] ?? 'Bad Request'
  const body = `${status} ${reason}\n`
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\n` +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  )
}
