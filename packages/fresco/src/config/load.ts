// Find and load fresco.config.{ts,mts,js,mjs} from the project root. TypeScript is evaluated
// through Vite's module runner (runnerImport), the way Vite loads its own config, so no extra
// compiler is needed and edits are picked up on the next load (no Node import cache).
import { existsSync } from 'node:fs'
import { access } from 'node:fs/promises'
import path from 'node:path'
import { configLoadError, multipleConfigFilesError } from '../errors.js'
import { assembleConfig, type LoadConfigOptions } from './assemble.js'
import { isCommonJs, loadCommonJs, nextConstantsPlugin } from './load-cjs.js'
import { NEXT_CONFIG_FILES } from './next-config.js'
import type { ResolvedConfig } from './types.js'

export type { LoadConfigOptions }

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

/**
 * Load, validate and default the project's config: fresco.config.* over next.config.* (key by key),
 * defaults for what neither sets.
 */
export async function loadConfig(root: string, options: LoadConfigOptions = {}): Promise<ResolvedConfig> {
  const nextFile = await findNextConfigFile(root)
  const file = await findConfigFile(root)
  const value = async (f: string, next: boolean) => ({
    name: path.basename(f),
    value: (await loadConfigFile(f, { next })).value,
  })
  return assembleConfig(
    root,
    {
      next: nextFile ? await value(nextFile, true) : null,
      fresco: file ? await value(file, false) : null,
    },
    options,
  )
}
