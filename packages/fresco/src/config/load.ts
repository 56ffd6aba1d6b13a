// Find and load fresco.config.{ts,mts,js,mjs} from the project root. TypeScript is evaluated
// through Vite's module runner (runnerImport), the way Vite loads its own config, so no extra
// compiler is needed and edits are picked up on the next load (no Node import cache).
import { existsSync } from 'node:fs'
import { access } from 'node:fs/promises'
import path from 'node:path'
import { configLoadError, invalidConfigValueError, multipleConfigFilesError } from '../errors.js'
import { IMAGE_DEFAULTS } from './images.js'
import { isCommonJs, loadCommonJs, nextConstantsPlugin } from './load-cjs.js'
import {
  mapNextConfig,
  mergeConfigs,
  NEXT_CONFIG_FILES,
  type Phase,
  settleNextConfig,
} from './next-config.js'
import { settleHeaders } from './next-style.js'
import { type Env, resolveConfig } from './resolve.js'
import { settleRouting } from './routing.js'
import type { ResolvedConfig } from './types.js'

export const CONFIG_FILES = [
  'fresco.config.ts',
  'fresco.config.mts',
  'fresco.config.js',
  'fresco.config.mjs',
] as const

export interface LoadedConfigFile {
  /** Absolute path of the config file. */
  file: string
  /** Its default export, not yet validated. */
  value: unknown
  /** Files the config imports (for a dev server to watch). */
  dependencies: string[]
}

/** The config file of a project, or null when there is none (then defaults apply). */
export async function findConfigFile(root: string): Promise<string | null> {
  const found: string[] = []
  for (const name of CONFIG_FILES) {
    const file = path.join(root, name)
    if (
      await access(file).then(
        () => true,
        () => false,
      )
    )
      found.push(file)
  }
  if (found.length > 1) throw multipleConfigFilesError(found.map((f) => path.basename(f)))
  return found[0] ?? null
}

export async function loadConfigFile(
  file: string,
  options: { next?: boolean } = {},
): Promise<LoadedConfigFile> {
  try {
    // next.config.js is often CommonJS (module.exports); fresco.config is ESM or TypeScript.
    if (options.next && (await isCommonJs(file)))
      return { file, value: await loadCommonJs(file), dependencies: [] }
    const { runnerImport } = await import('vite')
    const { module, dependencies } = await runnerImport<{ default?: unknown }>(file, {
      root: path.dirname(file),
      logLevel: 'error',
      configFile: false,
      // `import { PHASE_PRODUCTION_BUILD } from 'next/constants'` in a next.config.
      plugins: [nextConstantsPlugin()],
    })
    if (!('default' in module)) throw new Error('it has no default export')
    return { file, value: module.default, dependencies }
  } catch (e) {
    throw configLoadError(path.basename(file), e)
  }
}

/** next.config.* of the project, or null. Two of them is the same error as two fresco.config files. */
export async function findNextConfigFile(root: string): Promise<string | null> {
  const found = NEXT_CONFIG_FILES.map((n) => path.join(root, n)).filter((f) => existsSync(f))
  if (found.length > 1) throw multipleConfigFilesError(found.map((f) => path.basename(f)))
  return found[0] ?? null
}

export interface LoadConfigOptions {
  env?: Env
  /** What a next.config function receives as its phase. Default 'start'. */
  phase?: Phase
  /** Where next.config's warnings go (one line each). Default stderr. */
  warn?: (line: string) => void
}

/**
 * next.config.* mapped onto Fresco's keys (next-config.ts), validated on its own first so a bad
 * value is named in that file's terms, or null when the project has none.
 */
async function loadNextConfig(
  root: string,
  options: LoadConfigOptions,
): Promise<Record<string, unknown> | null> {
  const file = await findNextConfigFile(root)
  if (!file) return null
  const name = path.basename(file)
  const bad = (key: string, value: unknown, allowed: string) =>
    invalidConfigValueError(name, key, value, allowed)
  const loaded = await loadConfigFile(file, { next: true })
  let value: unknown
  try {
    value = await settleNextConfig(loaded.value, options.phase ?? 'start', nextDefaultConfig())
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

/**
 * Load, validate and default the project's config: fresco.config.* over next.config.* (key by key),
 * defaults for what neither sets.
 */
export async function loadConfig(root: string, options: LoadConfigOptions = {}): Promise<ResolvedConfig> {
  const fromNext = await loadNextConfig(root, options)
  const file = await findConfigFile(root)
  const loaded = file ? await loadConfigFile(file) : null
  const name = file ? path.basename(file) : 'fresco.config'
  const bad = (key: string, value: unknown, allowed: string) =>
    invalidConfigValueError(name, key, value, allowed)
  // headers(), redirects() and rewrites() are async: called here, at build and at start.
  const own = await settleRouting(await settleHeaders(loaded?.value, bad), bad)
  const config = resolveConfig(fromNext ? mergeConfigs(fromNext, own) : own, {
    file: name,
    ...(options.env ? { env: options.env } : {}),
  })
  return { ...config, cacheDir: path.resolve(root, config.cacheDir) }
}
