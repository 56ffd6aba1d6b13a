// Who may see and purge the cache: the holder of the inspector secret (HTTP Basic with any user
// name, or `Authorization: Bearer`), compared in constant time; and for a purge, a same-origin
// JSON post, so a page elsewhere cannot make a logged-in browser purge (CSRF).
import { createHash, timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'

const digest = (value: string) => createHash('sha256').update(value).digest()

/** Hashing first gives equal-length buffers whatever was sent: no length or prefix timing. */
export function createSecretCheck(secret: string): (authorization: string | undefined) => boolean {
  const expected = digest(secret)
  return (authorization) => {
    const given = credentialOf(authorization)
    return given !== undefined && timingSafeEqual(digest(given), expected)
  }
}

/** The password of `Basic base64(user:password)`, or the token of `Bearer token`. */
function credentialOf(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined
  const space = authorization.indexOf(' ')
  if (space < 0) return undefined
  const scheme = authorization.slice(0, space).toLowerCase()
  const value = authorization.slice(space + 1).trim()
  if (scheme === 'bearer') return value
  if (scheme !== 'basic') return undefined
  const decoded = Buffer.from(value, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  return colon < 0 ? undefined : decoded.slice(colon + 1)
}

/**
 * Why a purge post is refused, or undefined when it may go on: the browser's Origin must be this
 * server's (`origin`: Host, or the proxy's with trustProxy) and the body JSON (a cross-site form
 * cannot send that without a CORS preflight this server never answers).
 */
export function refusePurge(headers: IncomingHttpHeaders, origin: string): string | undefined {
  const site = headers['sec-fetch-site']
  if (site !== undefined && site !== 'same-origin') return `Refused: a ${site} request cannot purge.`
  const from = headers.origin
  if (!from) return 'Refused: a purge needs an Origin header (send it from the inspector page).'
  // Hosts, as Server Actions compare them: behind TLS without trustProxy the schemes differ.
  const host = hostOf(from)
  if (host === undefined || host !== hostOf(origin))
    return `Refused: the Origin ${from.slice(0, 200)} is not this server's (${origin}). Behind a proxy that rewrites Host, set trustProxy: true.`
  const type = headers['content-type']?.split(';')[0]?.trim().toLowerCase()
  if (type !== 'application/json') return 'Refused: send the purge as application/json.'
  return undefined
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host
  } catch {
    return undefined
  }
}
