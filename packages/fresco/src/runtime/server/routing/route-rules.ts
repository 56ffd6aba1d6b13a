// One redirect or rewrite rule of the config (config/routing.ts), compiled once at start with
// path-to-regexp 6, the version and options Next.js uses for its custom routes (strict, case-
// insensitive, '/' delimiter), so `/blog/:slug`, `/docs/:path*` and `/post/:id(\\d+)` match the
// same URLs and fill the destination the same way (Next's prepare-destination.ts).
import { compile, match as compileMatch } from 'path-to-regexp'
import type { ResolvedRouteRule, RouteHas } from '../../../config/routing.js'
import { matchedPath } from '../trailing-slash.js'
import type { RoutingRequest } from './routing-request.js'

export type RuleParams = Record<string, string | string[]>

export interface CompiledRule {
  /** Params of the source and the `has` conditions, or undefined when the rule does not apply. */
  test(req: RoutingRequest): RuleParams | undefined
  /** The destination with params filled: a path + query ('/b?x=1') or an absolute http(s) URL. */
  destination(params: RuleParams, req: RoutingRequest, appendParams: boolean): string
}

/**
 * Under next.config's `trailingSlash: true` a source matches its path with or without the slash
 * (`/old` and `/old/` both match `/old/`, `/blog/:slug` matches `/blog/x/`), as on `next start`,
 * where `/old/` is the canonical URL every request is first redirected to.
 */
export function compileRule(rule: ResolvedRouteRule, basePath: string, trailingSlash = false): CompiledRule {
  const prefix = rule.basePath ? basePath : ''
  const source = prefix + (rule.source === '/' && prefix ? '' : rule.source)
  const matchSource = compileMatch<RuleParams>(matchedPath(source, trailingSlash), {
    strict: !trailingSlash,
    sensitive: false,
    decode: safeDecode,
  })
  const has = rule.has.map(compileHas)
  const missing = rule.missing.map(compileHas)
  const dest = parseDestination(rule.destination, prefix)
  return {
    test(req) {
      const found = matchSource(req.encodedPath)
      if (!found) return undefined
      const params: RuleParams = {}
      for (const [k, v] of Object.entries(found.params)) if (!/^\d+$/.test(k)) params[k] = v
      for (const condition of has) if (!condition(req, params)) return undefined
      const scratch: RuleParams = {}
      for (const condition of missing) if (condition(req, scratch)) return undefined
      return params
    },
    destination(params, req, appendParams) {
      const pathname = dest.path(encodeParams(params))
      const query = new URLSearchParams(req.search)
      for (const [k, v] of dest.query) query.set(k, fillNonPath(v, params))
      // A rewrite hands the source's params to the page as query, unless the destination uses them.
      if (appendParams && !dest.keys.some((k) => k in params))
        for (const [k, v] of Object.entries(params))
          if (!query.has(k)) query.set(k, Array.isArray(v) ? v.join('/') : v)
      const search = query.size > 0 ? `?${query.toString()}` : ''
      return `${dest.origin}${pathname}${search}${dest.hash}`
    },
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

/** Params are decoded for has/query use; the path compiler gets them encoded again (one segment each). */
function encodeParams(params: RuleParams): RuleParams {
  const out: RuleParams = {}
  for (const [k, v] of Object.entries(params))
    out[k] = Array.isArray(v) ? v.map(encodeURIComponent) : encodeURIComponent(v)
  return out
}

interface Destination {
  origin: string
  path: (params: RuleParams) => string
  keys: string[]
  query: [string, string][]
  hash: string
}

function parseDestination(destination: string, prefix: string): Destination {
  const external = /^https?:\/\//i.test(destination)
  const url = new URL(destination, 'http://n')
  // URL() encodes ':' nowhere in a path, so the pattern survives; compile it as written.
  const rawPath = external ? url.pathname : destination.split(/[?#]/, 1)[0] || '/'
  const pathPattern = external ? rawPath : prefix + (rawPath === '/' && prefix ? '' : rawPath)
  const keys: string[] = []
  let fill: (params: RuleParams) => string
  try {
    const toPath = compile<RuleParams>(pathPattern, { validate: false })
    fill = (params) => toPath(params)
    collectKeys(pathPattern, keys)
  } catch {
    fill = () => pathPattern
  }
  return {
    origin: external ? url.origin : '',
    path: (params) => {
      try {
        return fill(params)
      } catch {
        return pathPattern // a param the destination names but the source does not have
      }
    },
    keys,
    query: [...url.searchParams],
    hash: url.hash,
  }
}

function collectKeys(pattern: string, keys: string[]): void {
  for (const m of pattern.matchAll(/:([A-Za-z0-9_]+)/g)) if (m[1]) keys.push(m[1])
}

/** `:name` in a query value or host is replaced by the param (Next's compileNonPath). */
function fillNonPath(value: string, params: RuleParams): string {
  if (!value.includes(':')) return value
  return value.replace(/:([A-Za-z0-9_]+)/g, (whole, name: string) => {
    const v = params[name]
    return v === undefined ? whole : Array.isArray(v) ? v.join('/') : v
  })
}

type Condition = (req: RoutingRequest, params: RuleParams) => boolean

/** Next's matchHas: a value regex is anchored; its named groups (or the key itself) become params. */
function compileHas(has: RouteHas): Condition {
  const pattern = has.value === undefined ? undefined : new RegExp(`^${has.value}$`)
  const paramName = has.type === 'host' ? 'host' : has.key.replace(/[^A-Za-z]/g, '')
  return (req, params) => {
    const value = req.condition(has.type, has.key)
    if (value === undefined || value === '') return false
    if (!pattern) {
      params[paramName] = value
      return true
    }
    const found = pattern.exec(value)
    if (!found) return false
    if (found.groups) {
      for (const [k, v] of Object.entries(found.groups)) if (v !== undefined) params[k] = v
    } else if (has.type === 'host') params.host = found[0]
    return true
  }
}
