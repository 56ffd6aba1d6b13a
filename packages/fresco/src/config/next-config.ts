// next.config.{js,mjs,ts}: read, and mapped onto Fresco's own keys through one table (NEXT_KEYS).
// Each Next key is exactly one line there: copied onto a Fresco key of the same shape (`to`),
// honoured when its value is what Fresco does anyway (`same`), or named in one warning that says
// what Fresco does instead (`warn`). A key the table does not know gets a warning too: nothing in
// a next.config is ignored silently. fresco.config wins where both set a key (load.ts).

import { isRecord } from './checks.js'
import { IMAGE_KEYS } from './images.js'

/** The phase strings of next/constants (exports/constants.ts), passed to a config function. */
export const PHASES = {
  build: 'phase-production-build',
  start: 'phase-production-server',
  dev: 'phase-development-server',
} as const
export type Phase = keyof typeof PHASES

export const NEXT_CONFIG_FILES = [
  'next.config.ts',
  'next.config.mts',
  'next.config.mjs',
  'next.config.js',
  'next.config.cjs',
] as const

type Rule =
  /** Copied onto the Fresco key `key` (same shape), after `map` when the shapes differ. */
  | { kind: 'to'; key: string; map?: (value: unknown, warn: (key: string, text: string) => void) => unknown }
  /** Honoured: Fresco already behaves like this value; any other value gets the warning. */
  | { kind: 'same'; when: (value: unknown) => boolean; text: string }
  /** Not honoured: one warning with what Fresco does instead. */
  | { kind: 'warn'; text: string }
  /** An object whose own keys have rules (`experimental`). */
  | { kind: 'nested'; rules: Record<string, Rule> }

const to = (key: string, map?: Extract<Rule, { kind: 'to' }>['map']): Rule => ({ kind: 'to', key, map })
const same = (when: (value: unknown) => boolean, text: string): Rule => ({ kind: 'same', when, text })
const warn = (text: string): Rule => ({ kind: 'warn', text })

/** Next accepts `new URL('https://cdn.example/img/**')` in remotePatterns; Fresco takes its string. */
function urlToPattern(p: unknown): unknown {
  const isUrl = typeof p === 'object' && p !== null && Object.prototype.toString.call(p) === '[object URL]'
  return isUrl ? (p as URL).href : p
}

/** next/image's options Fresco has take the same shape; the others are named one by one. */
function nextImages(value: unknown, warnKey: (key: string, text: string) => void): unknown {
  if (!isRecord(value)) return value // resolveConfig names the bad value
  const kept: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) {
    if (k === 'remotePatterns' && Array.isArray(v)) kept[k] = v.map(urlToPattern)
    else if ((IMAGE_KEYS as string[]).includes(k)) kept[k] = v
    else
      warnKey(
        `images.${k}`,
        k === 'domains'
          ? 'is not supported (deprecated in Next.js too): list the hosts in images.remotePatterns.'
          : "is not supported by Fresco's image endpoint and has no effect (docs/guide/next-modules.md#nextimage).",
      )
  }
  return kept
}

/** Next's logging: fetches.fullUrl maps; the rest (incomingRequests, hmrRefreshes) is named. */
function nextLogging(value: unknown, warnKey: (key: string, text: string) => void): unknown {
  if (!isRecord(value)) return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) {
    if (k !== 'fetches') {
      warnKey(`logging.${k}`, 'is not supported by Fresco and has no effect.')
      continue
    }
    if (!isRecord(v)) {
      out.fetches = v
      continue
    }
    const { fullUrl, ...rest } = v
    for (const r of Object.keys(rest))
      warnKey(`logging.fetches.${r}`, 'is not supported by Fresco and has no effect.')
    out.fetches = fullUrl === undefined ? {} : { fullUrl }
  }
  return out
}

/** 'standalone' is Fresco's too; 'export' (static HTML only) is not: the build stays a server. */
function nextOutput(value: unknown, warnKey: (key: string, text: string) => void): unknown {
  if (value !== 'export') return value // 'standalone', or a bad value resolveConfig names
  warnKey(
    'output',
    "'export' is not applied: Fresco builds a server in .fresco/ (static export is not supported). Run `fresco start`, or set output: 'standalone' for a folder that runs with `node server.js`.",
  )
  return undefined
}

const STRICT_MODE =
  'true is not applied: Fresco does not wrap the app in <React.StrictMode> (a development-only ' +
  "double render). Wrap your root layout's children in <StrictMode> to get it."

/** One line per next.config key: what Fresco does with it. */
export const NEXT_KEYS: Record<string, Rule> = {
  headers: to('headers'),
  trailingSlash: to('trailingSlash'),
  env: to('env'),
  images: to('images', nextImages),
  logging: to('logging', nextLogging),
  cacheMaxMemorySize: to('cacheMaxMemorySize'),
  serverActions: to('serverActions'),
  compress: to('compress'),
  experimental: {
    kind: 'nested',
    rules: { staleTimes: to('staleTimes'), serverActions: to('serverActions') },
  },
  redirects: to('redirects'),
  rewrites: to('rewrites'),
  // Validated, then refused by `fresco build` / `fresco dev` with one line (not served yet).
  basePath: to('basePath'),
  cacheHandler: warn(
    "is not supported: a Next.js cache handler module has another interface. Set cacheHandler in fresco.config.ts ('fs', 'memory', 'redis' with REDIS_URL, or a CacheHandler from @fresco/cache; docs/guide/configuration.md).",
  ),
  output: to('output', nextOutput),
  reactStrictMode: same((v) => v === false, STRICT_MODE),
  poweredByHeader: same((v) => v === false, 'true is not applied: Fresco never sends X-Powered-By.'),
  generateEtags: same(
    (v) => v === true,
    'false is not applied: Fresco always sends a strong ETag on cached pages and answers If-None-Match with 304.',
  ),
  typescript: same(
    (v) => isRecord(v) && v.ignoreBuildErrors === true && Object.keys(v).length === 1,
    'is not applied: `fresco build` does not type-check (as with ignoreBuildErrors: true). Run `tsc --noEmit` in CI.',
  ),
  eslint: same(
    (v) => isRecord(v) && v.ignoreDuringBuilds === true && Object.keys(v).length === 1,
    'is not applied: `fresco build` does not run ESLint (as with ignoreDuringBuilds: true). Run it in CI.',
  ),
  webpack: warn('is not applied: Fresco builds with Vite, not webpack.'),
  turbopack: warn('is not applied: Fresco builds with Vite, not Turbopack.'),
}

export interface MappedNextConfig {
  /** A partial fresco.config, in Fresco's key names and shapes (not validated yet). */
  config: Record<string, unknown>
  /** One line per key that has no effect or another effect than in Next.js. */
  warnings: string[]
}

/** next.config's object (after the phase function ran) → Fresco keys + warnings, through NEXT_KEYS. */
export function mapNextConfig(file: string, value: Record<string, unknown>): MappedNextConfig {
  const config: Record<string, unknown> = {}
  const warnings: string[] = []
  const warnKey = (key: string, text: string) => warnings.push(`${file}: ${key} ${text}`)
  const apply = (prefix: string, obj: Record<string, unknown>, rules: Record<string, Rule>) => {
    for (const [key, v] of Object.entries(obj)) {
      if (v === undefined) continue
      const rule = Object.hasOwn(rules, key) ? rules[key] : undefined
      const name = prefix + key
      if (!rule) warnKey(name, 'is not supported by Fresco and has no effect.')
      else if (rule.kind === 'to') config[rule.key] = rule.map ? rule.map(v, warnKey) : v
      else if (rule.kind === 'same') {
        if (!rule.when(v)) warnKey(name, rule.text)
      } else if (rule.kind === 'warn') warnKey(name, rule.text)
      else if (isRecord(v)) apply(`${name}.`, v, rule.rules)
      else warnKey(name, 'should be an object and has no effect.')
    }
  }
  apply('', value, NEXT_KEYS)
  return { config, warnings }
}

/** Next's `(phase, { defaultConfig }) => config`, sync or async, or the object itself. */
export async function settleNextConfig(
  value: unknown,
  phase: Phase,
  defaultConfig: Record<string, unknown>,
): Promise<unknown> {
  return typeof value === 'function' ? await value(PHASES[phase], { defaultConfig }) : await value
}

/** fresco.config wins key by key; nested objects (images, serverActions, …) merge one level down. */
export function mergeConfigs(fromNext: Record<string, unknown>, fresco: unknown): unknown {
  if (fresco === undefined || fresco === null) return fromNext
  if (!isRecord(fresco)) return fresco // resolveConfig names it
  const merged: Record<string, unknown> = { ...fromNext }
  for (const [k, v] of Object.entries(fresco))
    merged[k] = isRecord(v) && isRecord(fromNext[k]) ? { ...fromNext[k], ...v } : v
  return merged
}
