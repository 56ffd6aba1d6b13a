// redirects(), rewrites() and basePath: next.config's shapes, as fresco.config keys. The two
// functions are async, so loadConfig settles them first (settleRouting) and the one validator
// (resolve.ts) checks the arrays they returned with readRouting: every message names the key and
// the rule's index. Sources and destinations use path-to-regexp 6 syntax, as Next.js does
// (`/blog/:slug`, `/docs/:path*`, `/post/:id(\\d+)`); they are compiled once, at server start
// (runtime/server/routing/rules.ts).
import { parse } from 'path-to-regexp'
import type { Bad } from './checks.js'

/** A condition on the request: a header, cookie or query value (optionally matching `value`, a regex), or the host. */
export type RouteHas =
  | { type: 'header' | 'cookie' | 'query'; key: string; value?: string }
  | { type: 'host'; key?: undefined; value: string }

export interface Redirect {
  source: string
  destination: string
  /** true: 308, false: 307 (Next's defaults). Exactly one of permanent and statusCode. */
  permanent?: boolean
  statusCode?: 301 | 302 | 303 | 307 | 308
  /** false: `source` and `destination` are not under basePath. */
  basePath?: false
  has?: RouteHas[]
  missing?: RouteHas[]
}

export interface Rewrite {
  source: string
  destination: string
  basePath?: false
  has?: RouteHas[]
  missing?: RouteHas[]
}

/** What `rewrites()` may return: an array (= afterFiles) or the three phases. */
export type RewritesResult =
  | Rewrite[]
  | { beforeFiles?: Rewrite[]; afterFiles?: Rewrite[]; fallback?: Rewrite[] }

export interface ResolvedRouteRule {
  source: string
  destination: string
  /** Whether basePath is prepended to source and (for local targets) destination. */
  basePath: boolean
  has: RouteHas[]
  missing: RouteHas[]
}

export interface ResolvedRedirect extends ResolvedRouteRule {
  statusCode: 301 | 302 | 303 | 307 | 308
}

export interface ResolvedRewrites {
  beforeFiles: ResolvedRouteRule[]
  afterFiles: ResolvedRouteRule[]
  fallback: ResolvedRouteRule[]
}

export interface ResolvedRouting {
  /** '' or '/docs': no trailing slash. */
  basePath: string
  redirects: ResolvedRedirect[]
  rewrites: ResolvedRewrites
}

/** Marks a settled value, so resolve.ts can tell it from a function the user put in the config. */
const SETTLED = Symbol.for('fresco.settled-routing')

/**
 * Call the config's `redirects()` and `rewrites()` (each may be async), as `next build` and
 * `next start` do, and give back a config whose two keys hold what they returned.
 */
export async function settleRouting(user: unknown, bad: Bad): Promise<unknown> {
  if (typeof user !== 'object' || user === null) return user
  const c = user as Record<string, unknown>
  const settled: Record<string, unknown> = { ...c }
  for (const key of ['redirects', 'rewrites'] as const) {
    const fn = c[key]
    if (fn === undefined) continue
    if (typeof fn !== 'function')
      throw bad(key, fn, `Use an async function returning the ${key}: ${key}: async () => [ … ].`)
    let value: unknown
    try {
      value = await fn()
    } catch (e) {
      throw bad(key, fn, `It threw: ${e instanceof Error ? e.message : String(e)}`)
    }
    settled[key] = { [SETTLED]: true, value }
  }
  return settled
}

const settledValue = (key: string, value: unknown, bad: Bad): unknown => {
  if (value === undefined) return undefined
  if (typeof value === 'object' && value !== null && SETTLED in value)
    return (value as unknown as { value: unknown }).value
  throw bad(key, value, `Use an async function returning the ${key}: ${key}: async () => [ … ].`)
}

const REDIRECT_STATUSES = [301, 302, 303, 307, 308]
const HAS_TYPES = ['header', 'cookie', 'query', 'host']

export function readRouting(c: Record<string, unknown>, bad: Bad): ResolvedRouting {
  return {
    basePath: readBasePath(c.basePath, bad),
    redirects: readRedirects(settledValue('redirects', c.redirects, bad), bad),
    rewrites: readRewrites(settledValue('rewrites', c.rewrites, bad), bad),
  }
}

function readBasePath(value: unknown, bad: Bad): string {
  if (value === undefined || value === '') return ''
  const allowed = "Use '' or a path that starts with '/' and does not end with it, e.g. '/docs'."
  if (typeof value !== 'string' || !value.startsWith('/') || value.endsWith('/'))
    throw bad('basePath', value, allowed)
  if (/[?#\\\s]/.test(value) || value.includes('//')) throw bad('basePath', value, allowed)
  return value
}

function readRedirects(value: unknown, bad: Bad): ResolvedRedirect[] {
  if (value === undefined) return []
  if (!Array.isArray(value))
    throw bad('redirects', value, 'redirects() must return an array of { source, destination, permanent }.')
  return value.map((rule, i) => {
    const key = `redirects()[${i}]`
    const base = readRule(key, rule, ['permanent', 'statusCode'], bad)
    const { permanent, statusCode } = rule as Redirect
    if ((permanent === undefined) === (statusCode === undefined))
      throw bad(key, rule, 'Set exactly one of permanent (true: 308, false: 307) and statusCode.')
    if (permanent !== undefined && typeof permanent !== 'boolean')
      throw bad(`${key}.permanent`, permanent, 'Use true (308) or false (307).')
    if (statusCode !== undefined && !REDIRECT_STATUSES.includes(statusCode))
      throw bad(`${key}.statusCode`, statusCode, 'Use 301, 302, 303, 307 or 308.')
    return { ...base, statusCode: statusCode ?? (permanent ? 308 : 307) }
  })
}

function readRewrites(value: unknown, bad: Bad): ResolvedRewrites {
  if (value === undefined) return { beforeFiles: [], afterFiles: [], fallback: [] }
  const list = (key: string, rules: unknown) => {
    if (rules === undefined) return []
    if (!Array.isArray(rules)) throw bad(key, rules, 'Use an array of { source, destination }.')
    return rules.map((rule, i) => readRule(`${key}[${i}]`, rule, [], bad))
  }
  // An array is afterFiles, as in Next.js.
  if (Array.isArray(value)) return { beforeFiles: [], afterFiles: list('rewrites()', value), fallback: [] }
  if (typeof value !== 'object' || value === null)
    throw bad('rewrites', value, 'rewrites() must return an array or { beforeFiles, afterFiles, fallback }.')
  const phases = value as Record<string, unknown>
  for (const k of Object.keys(phases))
    if (!['beforeFiles', 'afterFiles', 'fallback'].includes(k))
      throw bad(`rewrites().${k}`, phases[k], 'Return { beforeFiles, afterFiles, fallback } (arrays).')
  return {
    beforeFiles: list('rewrites().beforeFiles', phases.beforeFiles),
    afterFiles: list('rewrites().afterFiles', phases.afterFiles),
    fallback: list('rewrites().fallback', phases.fallback),
  }
}

function readRule(key: string, rule: unknown, extra: string[], bad: Bad): ResolvedRouteRule {
  if (typeof rule !== 'object' || rule === null || Array.isArray(rule))
    throw bad(key, rule, 'Use an object { source, destination, … }.')
  const r = rule as Record<string, unknown>
  const known = ['source', 'destination', 'basePath', 'has', 'missing', 'locale', ...extra]
  for (const k of Object.keys(r))
    if (!known.includes(k))
      throw bad(`${key}.${k}`, r[k], `Allowed keys: ${known.filter((x) => x !== 'locale').join(', ')}.`)
  // Next allows only `locale: false` (the source is not prefixed with each locale): with no i18n
  // routing there are no locales to prefix, so it changes nothing (OpenNext's example app sets it).
  if (r.locale !== undefined && r.locale !== false)
    throw bad(`${key}.locale`, r.locale, 'Use false or leave it out (Fresco has no i18n routing).')
  if (typeof r.source !== 'string' || !r.source.startsWith('/'))
    throw bad(`${key}.source`, r.source, "Use a path pattern starting with '/', e.g. '/blog/:slug'.")
  checkPattern(`${key}.source`, r.source, bad)
  if (
    typeof r.destination !== 'string' ||
    !(r.destination.startsWith('/') || /^https?:\/\//.test(r.destination))
  )
    throw bad(`${key}.destination`, r.destination, "Use a path starting with '/' or an http(s) URL.")
  if (r.basePath !== undefined && r.basePath !== false)
    throw bad(`${key}.basePath`, r.basePath, 'Use false (the rule ignores basePath) or leave it out.')
  return {
    source: r.source,
    destination: r.destination,
    basePath: r.basePath !== false,
    has: readHas(`${key}.has`, r.has, bad),
    missing: readHas(`${key}.missing`, r.missing, bad),
  }
}

function checkPattern(key: string, pattern: string, bad: Bad): void {
  try {
    parse(pattern)
  } catch (e) {
    throw bad(
      key,
      pattern,
      `Not a valid path-to-regexp pattern: ${e instanceof Error ? e.message : String(e)}.`,
    )
  }
}

function readHas(key: string, value: unknown, bad: Bad): RouteHas[] {
  if (value === undefined) return []
  if (!Array.isArray(value))
    throw bad(key, value, "Use an array of { type: 'header' | 'cookie' | 'query' | 'host', key, value }.")
  return value.map((item, i) => {
    const at = `${key}[${i}]`
    const h = item as Record<string, unknown>
    if (typeof item !== 'object' || item === null || !HAS_TYPES.includes(h.type as string))
      throw bad(at, item, "Use { type: 'header' | 'cookie' | 'query' | 'host', key, value }.")
    if (h.value !== undefined && typeof h.value !== 'string')
      throw bad(`${at}.value`, h.value, 'Use a string (a regex).')
    if (typeof h.value === 'string') checkRegex(`${at}.value`, h.value, bad)
    if (h.type === 'host') {
      if (typeof h.value !== 'string')
        throw bad(`${at}.value`, h.value, 'A host condition needs value (the host, a regex).')
      return { type: 'host', value: h.value }
    }
    if (typeof h.key !== 'string' || h.key === '')
      throw bad(`${at}.key`, h.key, `Name the ${h.type} to test.`)
    const type = h.type as 'header' | 'cookie' | 'query'
    return h.value === undefined ? { type, key: h.key } : { type, key: h.key, value: h.value }
  })
}

function checkRegex(key: string, source: string, bad: Bad): void {
  try {
    new RegExp(source)
  } catch (e) {
    throw bad(key, source, `Not a valid regular expression: ${e instanceof Error ? e.message : String(e)}.`)
  }
}
