// The scheme and host the app puts into request URLs. X-Forwarded-Proto / -Host are whatever the
// client sent unless a proxy in front replaces them, so they count only with `trustProxy` (as in
// Express and Fastify), only their first value, and only when well-formed: no header can make
// `new URL(origin + path)` throw or name a host the Host check would refuse.
import type { IncomingHttpHeaders } from 'node:http'
import { isValidHost } from './url.js'

/** The first of a comma-separated list ('https, http' → 'https'), trimmed. */
function firstValue(value: string | string[] | undefined): string | undefined {
  const joined = Array.isArray(value) ? value[0] : value
  if (joined === undefined) return undefined
  const comma = joined.indexOf(',')
  return (comma === -1 ? joined : joined.slice(0, comma)).trim()
}

/** `http://<Host>` (the handler has answered 400 to a malformed one; none → localhost). */
export function directOrigin(headers: IncomingHttpHeaders): string {
  const host = headers.host
  return `http://${host !== undefined && isValidHost(host) ? host : 'localhost'}`
}

/** Behind a trusted proxy: its scheme (http or https) and host, each ignored when malformed. */
export function proxiedOrigin(headers: IncomingHttpHeaders): string {
  const proto = firstValue(headers['x-forwarded-proto'])?.toLowerCase()
  const host = firstValue(headers['x-forwarded-host'])
  const direct = directOrigin(headers)
  const scheme = proto === 'https' || proto === 'http' ? proto : 'http'
  if (host !== undefined && isValidHost(host)) return `${scheme}://${host}`
  return `${scheme}://${direct.slice('http://'.length)}`
}
