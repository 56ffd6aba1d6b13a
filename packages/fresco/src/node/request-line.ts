// Checks of the request line and Host that node's parser lets through. Node accepts HTTP/0.9 and
// HTTP/2.0 request lines and keeps only the first of several Host headers; a proxy in front may
// have routed on another one (request smuggling, RFC 9112 §3.2: a request with more than one Host
// is a 400). Answered 400 rather than 505: no input earns a 5xx.
import type { IncomingMessage } from 'node:http'
import { isValidHost } from './url.js'

/** Why the request is a 400, or undefined when its version and Host are sound. */
export function badRequestLine(req: IncomingMessage): string | undefined {
  if (req.httpVersionMajor !== 1) return `HTTP/${req.httpVersion} is not supported: use HTTP/1.1`
  const host = req.headers.host
  // RFC 9112 §3.2: HTTP/1.1 requires Host (checked here, not by node, for a readable 400).
  if (host === undefined) return req.httpVersionMinor >= 1 ? 'Missing Host header' : undefined
  if (!isValidHost(host)) return 'Malformed Host header'
  if (hostCount(req.rawHeaders) > 1) return 'More than one Host header'
  return undefined
}

function hostCount(raw: string[]): number {
  let count = 0
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!
    // The usual spellings first: toLowerCase() allocates.
    if (name.length === 4 && (name === 'Host' || name === 'host' || name.toLowerCase() === 'host')) count++
  }
  return count
}
