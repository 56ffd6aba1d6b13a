// next.config.* and fresco.config.* values (however they were imported) → one ResolvedConfig:
// next.config mapped onto Fresco's keys, fresco.config over it key by key, defaults for the rest.
// Kept apart from load.ts, which imports the files through Vite: a standalone server
// (config/load-built.ts) imports prebuilt modules with Node alone and must not pull Vite in.
import path from 'node:path'
import { configLoadError, invalidConfigValueError } from '../errors.js'
import { IMAGE_DEFAULTS } from './images.js'
import { mapNextConfig, mergeConfigs, type Phase, settleNextConfig } from './next-config.js'
import { settleHeaders } from './next-style.js'
import { type Env, resolveConfig } from './resolve.js'
import { settleRouting } from './routing.js'
import type { ResolvedConfig } from './types.js'

export interface LoadConfigOptions {
  env?: Env
  /** What a next.config function receives as its phase. Default 'start'. */
  phase?: Phase
  /** Where next.config's warnings go (one line each). Default stderr. */
  warn?: (line: string) => void
}

/** A config file's default export, not yet validated, and the name errors call it by. */
export interface ConfigValue {
  name: string
  value: unknown
}

/**
 * next.config.* mapped onto Fresco's keys (next-config.ts), validated on its own first so a bad
 * value is named in that file's terms.
 */
async function settleNext(next: ConfigValue, options: LoadConfigOptions): Promise<Record<string, unknown>> {
  const { name } = next
  const bad = (key: string, value: unknown, allowed: string) =>
    invalidConfigValueError(name, key, value, allowed)
  let value: unknown
  try {
    value = await settleNextConfig(next.value, options.phase ?? 'start', nextDefaultConfig())
  } catch (e) {
    throw configLoadError(name, e)
  }
  if (value === undefined || value === null) return {}
  if (typeof value !== 'object' || Array.isArray(value))
    throw bad(
      'export default',
      value,
      'Export an object, or a function (phase, { defaultConfig }) returning one.',
    )
  const mapped = mapNextConfig(name, value as Record<string, unknown>)
  const warn = options.warn ?? ((line: string) => process.stderr.write(`[fresco] Warning: ${line}\n`))
  for (const line of mapped.warnings) warn(line)
  const config = (await settleRouting(await settleHeaders(mapped.config, bad), bad)) as Record<
    string,
    unknown
  >
  resolveConfig(config, { file: name, env: {}, cores: 1 }) // throws naming next.config's value
  return config
}

/** What Next passes as `defaultConfig`: the defaults of the keys Fresco reads. */
function nextDefaultConfig(): Record<string, unknown> {
  const { path: _path, ...images } = IMAGE_DEFAULTS
  return {
    env: {},
    trailingSlash: false,
    compress: true,
    poweredByHeader: true,
    generateEtags: true,
    reactStrictMode: null,
    cacheMaxMemorySize: 50 * 1024 * 1024,
    images: { ...images, path: '/_next/image', loader: 'default', unoptimized: false },
    experimental: { staleTimes: { dynamic: 0, static: 300 } },
  }
}

/** Validate and default: fresco.config over next.config (key by key), defaults for what neither sets. */
export async function assembleConfig(
  root: string,
  files: { next: ConfigValue | null; fresco: ConfigValue | null },
  options: LoadConfigOptions = {},
): Promise<ResolvedConfig> {
  const fromNext = files.next ? await settleNext(files.next, options) : null
  const name = files.fresco?.name ?? 'fresco.config'
  const bad = (key: string, value: unknown, allowed: string) =>
    invalidConfigValueError(name, key, value, allowed)
  // headers(), redirects() and rewrites() are async: called here, at build and at start.
  const own = await settleRouting(await settleHeaders(files.fresco?.value, bad), bad)
  const config = resolveConfig(fromNext ? mergeConfigs(fromNext, own) : own, {
    file: name,
    ...(options.env ? { env: options.env } : {}),
  })
  return { ...config, cacheDir: path.resolve(root, config.cacheDir) }
}
