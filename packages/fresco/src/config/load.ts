// Find and load fresco.config.{ts,mts,js,mjs} from the project root. TypeScript is evaluated
// through Vite's module runner (runnerImport), the way Vite loads its own config, so no extra
// compiler is needed and edits are picked up on the next load (no Node import cache).
import { access } from 'node:fs/promises'
import path from 'node:path'
import { configLoadError, invalidConfigValueError, multipleConfigFilesError } from '../errors.js'
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

export async function loadConfigFile(file: string): Promise<LoadedConfigFile> {
  try {
    const { runnerImport } = await import('vite')
    const { module, dependencies } = await runnerImport<{ default?: unknown }>(file, {
      root: path.dirname(file),
      logLevel: 'error',
    })
    if (!('default' in module)) throw new Error('it has no default export')
    return { file, value: module.default, dependencies }
  } catch (e) {
    throw configLoadError(path.basename(file), e)
  }
}

/** Load, validate and default the project's config (defaults only when there is no file). */
export async function loadConfig(root: string, options: { env?: Env } = {}): Promise<ResolvedConfig> {
  const file = await findConfigFile(root)
  const loaded = file ? await loadConfigFile(file) : null
  const name = file ? path.basename(file) : 'fresco.config'
  // redirects() and rewrites() are async: called here, at build and at start (config/routing.ts).
  const bad = (key: string, value: unknown, allowed: string) =>
    invalidConfigValueError(name, key, value, allowed)
  const config = resolveConfig(await settleRouting(loaded?.value, bad), {
    file: name,
    ...(options.env ? { env: options.env } : {}),
  })
  return { ...config, cacheDir: path.resolve(root, config.cacheDir) }
}
