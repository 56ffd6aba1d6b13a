// URL → route. Pure (no Node APIs): it runs in the server bundle on every request.
// Compiled once: fully static paths are a Map lookup; the rest walk a segment trie depth-first
// in precedence order (static > [param] > [...all] > [[...all]]), which picks the same route
// as trying Next.js's sorted route list in order, without testing every route.
import { badParamTypeError, missingParamError } from '../../errors.js'

export interface MatchableRoute {
  id: string
  /** URL pattern, e.g. '/blog/[id]', '/docs/[...slug]', '/[[...all]]'. */
  path: string
  kind: 'page' | 'route'
}

export type Params = Record<string, string | string[]>

export interface RouteMatch {
  routeId: string
  /** Decoded values; catch-alls are arrays; an unmatched optional catch-all has no key. */
  params: Params
  /** Canonical form of the request path (the route cache key): no trailing slash, one encoding. */
  pathname: string
}

export type Matcher = (pathname: string) => RouteMatch | null

interface Node {
  statics: Map<string, Node>
  dynamic?: { param: string; node: Node }
  catchall?: { param: string; routeId: string }
  optional?: { param: string; routeId: string }
  routeId?: string
}

const newNode = (): Node => ({ statics: new Map() })

export interface MatcherOptions {
  /**
   * 'decoded' (default): the pathname was percent-decoded once already, as IncomingInfo.pathname
   * is (the node layer decodes and rejects encoded '/'), so decoding again would turn a literal
   * '%41' into 'A'. 'encoded': a raw URL path; each segment is decoded after splitting on '/'.
   */
  input?: 'decoded' | 'encoded'
}

export function createMatcher(routes: readonly MatchableRoute[], options: MatcherOptions = {}): Matcher {
  const exact = new Map<string, string>()
  const root = newNode()
  for (const route of routes) {
    if (!route.path.includes('[')) exact.set(`/${splitPath(route.path).join('/')}`, route.id)
    insert(root, route)
  }
  const split = options.input === 'encoded' ? decodeSegments : splitPath
  return (pathname) => {
    const segments = split(pathname)
    if (!segments) return null
    const canonical = `/${segments.map(encodePathSegment).join('/')}`
    // A decoded %2F can never equal a folder name, so such paths skip the exact map.
    if (!segments.some((s) => s.includes('/'))) {
      const routeId = exact.get(`/${segments.join('/')}`)
      if (routeId !== undefined) return { routeId, params: {}, pathname: canonical }
    }
    const params: Params = {}
    const routeId = walk(root, segments, 0, params)
    return routeId === null ? null : { routeId, params, pathname: canonical }
  }
}

function insert(root: Node, route: MatchableRoute): void {
  let node = root
  for (const part of splitPath(route.path)) {
    if (part.startsWith('[[...')) {
      node.optional = { param: part.slice(5, -2), routeId: route.id }
      return
    }
    if (part.startsWith('[...')) {
      node.catchall = { param: part.slice(4, -1), routeId: route.id }
      return
    }
    if (part.startsWith('[')) {
      node.dynamic ??= { param: part.slice(1, -1), node: newNode() }
      node = node.dynamic.node
      continue
    }
    let next = node.statics.get(part)
    if (!next) {
      next = newNode()
      node.statics.set(part, next)
    }
    node = next
  }
  node.routeId = route.id
}

function walk(node: Node, segments: string[], i: number, params: Params): string | null {
  if (i === segments.length) {
    if (node.routeId !== undefined) return node.routeId
    return node.optional ? node.optional.routeId : null // the bare prefix, without the param
  }
  const segment = segments[i]!
  const child = node.statics.get(segment)
  if (child) {
    const found = walk(child, segments, i + 1, params)
    if (found !== null) return found
  }
  if (node.dynamic) {
    params[node.dynamic.param] = segment
    const found = walk(node.dynamic.node, segments, i + 1, params)
    if (found !== null) return found
    delete params[node.dynamic.param]
  }
  const rest = node.catchall ?? node.optional
  if (rest) {
    params[rest.param] = segments.slice(i)
    return rest.routeId
  }
  return null
}

const splitPath = (path: string) => path.split('/').filter((s) => s !== '')

/** Path segments, percent-decoded; null when the encoding is malformed (no route matches). */
export function decodeSegments(pathname: string): string[] | null {
  const raw = splitPath(pathname)
  if (!pathname.includes('%')) return raw
  try {
    return raw.map(decodeURIComponent)
  } catch {
    return null
  }
}

// RFC 3986 pchar: keep sub-delims, ':' and '@' literal, like browsers do in paths.
const KEEP = /%(24|26|2B|2C|3B|3D|3A|40)/g

/** Encode one path segment canonically (the inverse of decodeSegments for one segment). */
export function encodePathSegment(segment: string): string {
  if (segment === '.' || segment === '..') return segment.replaceAll('.', '%2E')
  return encodeURIComponent(segment).replace(KEEP, (_, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  )
}

/** The canonical pathname (route cache key) of a request path; null if malformed. */
export function normalizePathname(pathname: string): string | null {
  const segments = decodeSegments(pathname)
  return segments && `/${segments.map(encodePathSegment).join('/')}`
}

/** Concrete pathname of a pattern, e.g. for generateStaticParams: ('/blog/[id]', {id:'a b'}) → '/blog/a%20b'. */
export function fillPath(path: string, params: Readonly<Record<string, unknown>>): string {
  const out: string[] = []
  for (const part of splitPath(path)) {
    if (!part.startsWith('[')) {
      out.push(encodePathSegment(part))
      continue
    }
    const optional = part.startsWith('[[...')
    const catchAll = optional || part.startsWith('[...')
    const name = optional ? part.slice(5, -2) : catchAll ? part.slice(4, -1) : part.slice(1, -1)
    const value = params[name]
    if (!catchAll) {
      if (value === undefined || value === '') throw missingParamError(path, name)
      if (typeof value !== 'string') throw badParamTypeError(path, name, 'a string', value)
      out.push(encodePathSegment(value))
      continue
    }
    if (optional && (value === undefined || value === null || (Array.isArray(value) && value.length === 0)))
      continue
    if (value === undefined || (Array.isArray(value) && value.length === 0))
      throw missingParamError(path, name)
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v === '')) {
      throw badParamTypeError(path, name, 'an array of non-empty strings', value)
    }
    out.push(...value.map(encodePathSegment))
  }
  return `/${out.join('/')}`
}
