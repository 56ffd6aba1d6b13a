// Request-target validation, before anything else looks at the URL. Rejecting here (rather than
// normalising) means no later layer, file lookup or matcher ever sees an ambiguous path.
// RFC 9112 §3.2 (request-target forms), RFC 3986 §2.1 (percent-encoding), §5.2.4 (dot segments).

/** Longer targets get 414 (RFC 9110 §15.5.15); node's header limit catches far longer ones. */
export const MAX_URL_LENGTH = 8192

export interface RequestTarget {
  pathname: string
  search: string
}

export interface BadTarget {
  status: 400 | 414
  message: string
}

// Anything that needs the slow path: escapes, backslashes, empty or dot segments, controls.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we reject
const SUSPICIOUS = /[%\\\x00-\x1f\x7f]|\/\/|\/\.\.?(?:\/|$)/
// Encoded '/', '\' and NUL would become path structure after decoding: refuse them outright.
const ENCODED_STRUCTURE = /%(?:2f|5c|00)/i
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we reject
const CONTROL = /[\x00-\x1f\x7f\\]/

const bad = (status: 400 | 414, message: string): BadTarget => ({ status, message })

export function isBadTarget(target: RequestTarget | BadTarget): target is BadTarget {
  return 'status' in target
}

export function parseRequestTarget(raw: string): RequestTarget | BadTarget {
  if (raw.length > MAX_URL_LENGTH) return bad(414, `URL longer than ${MAX_URL_LENGTH} bytes`)
  let target = raw
  if (target.charCodeAt(0) !== 47 /* '/' */) {
    // absolute-form (RFC 9112 §3.2.2): servers must accept it; keep only path and query.
    const scheme = /^https?:\/\/[^/?#]*/i.exec(target)
    if (scheme === null) return bad(400, 'The request target must start with "/"')
    target = target.slice(scheme[0].length)
    if (target === '' || target[0] === '?') target = `/${target}`
  }
  const q = target.indexOf('?')
  const path = q === -1 ? target : target.slice(0, q)
  const search = q === -1 ? '' : target.slice(q)
  if (!SUSPICIOUS.test(path)) return { pathname: path, search }
  return decodePath(path, search)
}

function decodePath(path: string, search: string): RequestTarget | BadTarget {
  if (ENCODED_STRUCTURE.test(path)) return bad(400, 'Encoded "/", "\\" or NUL in the URL path')
  let decoded: string
  try {
    decoded = decodeURIComponent(path)
  } catch {
    return bad(400, 'Malformed percent-encoding in the URL path')
  }
  if (CONTROL.test(decoded)) return bad(400, 'Control characters or backslashes in the URL path')
  const segments = decoded.split('/')
  const kept: string[] = []
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!
    // Browsers resolve dot segments before sending (RFC 3986 §5.2.4); only tools and attacks send them.
    if (segment === '.' || segment === '..') return bad(400, 'Dot segments ("." or "..") in the URL path')
    // Empty segments collapse ('//a' → '/a'), except the trailing one that marks a trailing slash.
    if (segment === '' && i !== 0 && i !== segments.length - 1) continue
    kept.push(segment)
  }
  let pathname = kept.join('/')
  if (pathname.startsWith('//')) pathname = pathname.replace(/^\/+/, '/')
  return { pathname, search }
}

// RFC 9110 §7.2 / RFC 3986 §3.2.2: reg-name or IP literal, optional port. Stricter than the RFC
// (no percent-encoding, no sub-delims, no userinfo): the app builds `new URL(proto://host/…)` from it.
const HOST =
  /^(?:[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?)*\.?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i

// Hosts a server sees are few: remember the valid ones so the HIT path pays one Set lookup.
const knownHosts = new Set<string>()
const KNOWN_HOSTS_MAX = 256

/**
 * A malformed Host is a 400 (RFC 9112 §3.2). Beyond the shape, WHATWG URL must accept it: it
 * refuses ports over 65535, bad IPv6 literals and dotted names ending in a number that is not an
 * IPv4 address (`999.1.1.1`, `a.1`), and any of those would make `new URL()` throw later.
 */
export function isValidHost(host: string): boolean {
  if (knownHosts.has(host)) return true
  if (!HOST.test(host) || !URL.canParse(`http://${host}/`)) return false
  if (knownHosts.size < KNOWN_HOSTS_MAX) knownHosts.add(host)
  return true
}
