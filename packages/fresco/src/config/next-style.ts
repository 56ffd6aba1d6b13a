// Fresco config keys with next.config's names and shapes, so a next.config maps onto them one to
// one (next-config.ts): `headers` (an async function returning rules, called when the config is
// loaded — at build and again at start, as Next calls it at build), `trailingSlash`, `env` and
// `compress`.
import { type Bad, isRecord } from './checks.js'
export interface HeaderRule {
  /** A path pattern in Next's syntax (path-to-regexp 6): '/blog/:slug', '/docs/:path*'. */
  source: string
  headers: { key: string; value: string }[]
}

export interface ResolvedNextStyle {
  /** Response headers by path, set after Fresco's own (they win, Cache-Control included). */
  headers: HeaderRule[]
  /** true: `/about/` is the canonical URL and `/about` answers 308 to it (Next's trailingSlash). */
  trailingSlash: boolean
  /** Inlined as `process.env.NAME` into the server and client bundles at build. */
  env: Record<string, string>
  /** Compress streamed (dynamic) responses; cached ones are stored pre-compressed either way. */
  compress: boolean
}

export const NEXT_STYLE_KEYS = ['headers', 'trailingSlash', 'env', 'compress'] as const

/** Call `headers()` (it may be async): resolveConfig is synchronous and takes the array. */
export async function settleHeaders(config: unknown, bad: Bad): Promise<unknown> {
  if (!isRecord(config) || config.headers === undefined) return config
  if (typeof config.headers !== 'function')
    throw bad(
      'headers',
      config.headers,
      'Use an async function returning [{ source, headers: [{ key, value }] }].',
    )
  return { ...config, headers: await (config.headers as () => unknown)() }
}

const RULE_HELP = "Each rule is { source: '/path/:param', headers: [{ key, value }] }."
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/

function readRule(rule: unknown, i: number, bad: Bad): HeaderRule {
  const at = `headers()[${i}]`
  if (!isRecord(rule)) throw bad(at, rule, RULE_HELP)
  // `locale: false` (the only value Next allows) changes nothing without i18n routing (config/routing.ts).
  for (const key of Object.keys(rule))
    if (key !== 'source' && key !== 'headers' && !(key === 'locale' && rule[key] === false))
      throw bad(
        `${at}.${key}`,
        rule[key],
        key === 'has' || key === 'missing' || key === 'locale' || key === 'basePath'
          ? `'${key}' in headers() is not supported yet: give each path its own rule.`
          : RULE_HELP,
      )
  if (typeof rule.source !== 'string' || !rule.source.startsWith('/'))
    throw bad(`${at}.source`, rule.source, "Use a path starting with '/', e.g. '/blog/:slug'.")
  if (!Array.isArray(rule.headers)) throw bad(`${at}.headers`, rule.headers, RULE_HELP)
  const headers = rule.headers.map((h, j) => {
    const valid =
      isRecord(h) &&
      typeof h.key === 'string' &&
      HEADER_NAME.test(h.key) &&
      typeof h.value === 'string' &&
      !/[\r\n\0]/.test(h.value)
    if (!valid)
      throw bad(
        `${at}.headers[${j}]`,
        h,
        'Use { key: string, value: string } with a valid header name and value.',
      )
    return { key: h.key as string, value: h.value as string }
  })
  return { source: rule.source, headers }
}

export function readNextStyle(c: Record<string, unknown>, bad: Bad): ResolvedNextStyle {
  const headers = c.headers ?? []
  if (!Array.isArray(headers))
    throw bad('headers', headers, 'Use an async function returning [{ source, headers: [{ key, value }] }].')
  if (c.trailingSlash !== undefined && typeof c.trailingSlash !== 'boolean')
    throw bad('trailingSlash', c.trailingSlash, 'Use true or false.')
  if (c.compress !== undefined && typeof c.compress !== 'boolean')
    throw bad('compress', c.compress, 'Use true or false (false when a proxy in front compresses).')
  const env = c.env ?? {}
  if (!isRecord(env)) throw bad('env', env, "Use an object of strings, e.g. { API_URL: 'https://…' }.")
  for (const [name, value] of Object.entries(env)) {
    if (typeof value !== 'string' || !/^[A-Za-z_$][\w$]*$/.test(name))
      throw bad(`env.${name}`, value, 'Use a string value under a JavaScript identifier name.')
    // Next.js refuses these too: the framework sets them itself.
    if (name === 'NODE_ENV' || name === 'NEXT_RUNTIME' || name.startsWith('__'))
      throw bad(`env.${name}`, value, 'This name is set by the framework: choose another.')
  }
  return {
    headers: headers.map((rule, i) => readRule(rule, i, bad)),
    trailingSlash: (c.trailingSlash as boolean | undefined) ?? false,
    env: { ...(env as Record<string, string>) },
    compress: (c.compress as boolean | undefined) ?? true,
  }
}
