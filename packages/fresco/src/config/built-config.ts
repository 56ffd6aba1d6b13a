// The app's config files, prebuilt for a standalone server (build/standalone.ts): each one bundled
// into an ES module under .fresco/config/, so a server without Vite imports it with Node alone.
// They are evaluated at start, not frozen at build: `process.env.REDIS_URL` or a secret read in
// the config comes from the machine the server runs on, never from the build machine.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { configLoadError } from '../errors.js'
import { assembleConfig, type ConfigValue, type LoadConfigOptions } from './assemble.js'
import type { ResolvedConfig } from './types.js'

/** .fresco/config/files.json: for each kind, the file the app has and the module built from it. */
export interface BuiltConfigFiles {
  next: { name: string; module: string } | null
  fresco: { name: string; module: string } | null
}

export const BUILT_CONFIG_DIR = path.join('.fresco', 'config')
export const BUILT_CONFIG_INDEX = 'files.json'

async function importBuilt(dir: string, file: { name: string; module: string }): Promise<ConfigValue> {
  try {
    const mod = (await import(pathToFileURL(path.join(dir, file.module)).href)) as { default?: unknown }
    if (!('default' in mod)) throw new Error('it has no default export')
    return { name: file.name, value: mod.default }
  } catch (e) {
    throw configLoadError(file.name, e)
  }
}

/** The config of a standalone server in `root`, from the modules its build wrote. */
export async function loadBuiltConfig(
  root: string,
  options: LoadConfigOptions = {},
): Promise<ResolvedConfig> {
  const dir = path.join(root, BUILT_CONFIG_DIR)
  const index = JSON.parse(await readFile(path.join(dir, BUILT_CONFIG_INDEX), 'utf8')) as BuiltConfigFiles
  return assembleConfig(
    root,
    {
      next: index.next ? await importBuilt(dir, index.next) : null,
      fresco: index.fresco ? await importBuilt(dir, index.fresco) : null,
    },
    options,
  )
}
