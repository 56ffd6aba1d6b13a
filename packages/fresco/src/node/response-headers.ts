// next.config's headers() (config `headers`, config/next-style.ts) on every response of a matching
// path: pages (cached ones included), route handlers, static and public files, 404s. Rules match
// with path-to-regexp 6 as Next's custom routes do (strict, case-insensitive); `:param` in a value
// is filled from the source; a later rule's header replaces an earlier one's. They are applied
// last, over Fresco's own headers, so `Cache-Control: s-maxage=30` on an ISR page is what is
// sent, as `next start` sends it. The trailing-slash 308 gets none (as in Next).
import type { ServerResponse } from 'node:http'
import { match } from 'path-to-regexp'
import type { HeaderRule } from '../config/next-style.js'
import { RSC_PREFIX } from '../runtime/render/payload.js'
import { matchedPath, trailingSlashLocation } from '../runtime/server/trailing-slash.js'

export type HeaderRules = (pathname: string) => [string, string][] | undefined

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

/** undefined when there are no rules: the request path then does no work at all. */
export function compileHeaderRules(rules: HeaderRule[], trailingSlash: boolean): HeaderRules | undefined {
  if (rules.length === 0) return undefined
  const compiled = rules.map((rule) => ({
    test: match<Record<string, string | string[]>>(matchedPath(rule.source, trailingSlash), {
      strict: !trailingSlash,
      sensitive: false,
      decode: safeDecode,
    }),
    headers: rule.headers,
  }))
  return (requestPath) => {
    // The trailing-slash redirect carries no custom headers in Next.
    if (trailingSlashLocation(requestPath, trailingSlash) !== undefined) return undefined
    // An RSC payload URL is its page's: the page's rules apply (Next serves both on one URL).
    const pagePath = requestPath.startsWith(`${RSC_PREFIX}/`)
      ? requestPath.slice(RSC_PREFIX.length)
      : requestPath
    const pathname = matchedPath(pagePath, trailingSlash)
    const found: [string, string][] = []
    for (const rule of compiled) {
      const m = rule.test(pathname)
      if (m) for (const h of rule.headers) found.push([h.key, fillParams(h.value, m.params)])
    }
    return found.length > 0 ? found : undefined
  }
}

function fillParams(value: string, params: Record<string, string | string[]>): string {
  if (!value.includes(':')) return value
  return value.replace(/:([A-Za-z_]\w*)/g, (whole, name: string) => {
    const v = params[name]
    if (v === undefined) return whole
    // Never let a request path put a line break or NUL into a header.
    return (Array.isArray(v) ? v.join('/') : v).replace(/[\r\n\0]/g, '')
  })
}

/**
 * Set `headers` on `res` when it writes its head, over whatever the writer passes (a flat
 * [name, value, …] array, pairs, or an object), so they win for the same name. The head stays one
 * flat array (node's fast path; repeated names such as set-cookie kept).
 */
export function applyOnWriteHead(res: ServerResponse, headers: [string, string][]): void {
  const writeHead = res.writeHead
  res.writeHead = function (this: ServerResponse, status: number, ...rest: unknown[]) {
    const reason = typeof rest[0] === 'string' ? rest[0] : undefined
    const given = rest.at(-1)
    const replaced = new Set(headers.map(([k]) => k.toLowerCase()))
    const out: unknown[] = []
    const keep = (k: unknown, v: unknown) => {
      if (v !== undefined && !replaced.has(String(k).toLowerCase())) out.push(k, v)
    }
    if (Array.isArray(given)) {
      if (Array.isArray(given[0])) for (const [k, v] of given as [unknown, unknown][]) keep(k, v)
      else for (let i = 0; i + 1 < given.length; i += 2) keep(given[i], given[i + 1])
    } else if (given && typeof given === 'object') for (const [k, v] of Object.entries(given)) keep(k, v)
    for (const [k, v] of headers) out.push(k, v)
    return Reflect.apply(writeHead, this, reason === undefined ? [status, out] : [status, reason, out])
  } as ServerResponse['writeHead']
}
