// `fresco start`: the app's config (fresco.config / next.config, through Vite's loader), then the
// build in .fresco/ served by cli/serve.ts.
import { existsSync } from 'node:fs'
import { appPaths } from '../build/paths.js'
import { loadConfig } from '../config/load.js'
import { buildOutputMissingError } from '../errors.js'
import { serveBuild } from './serve.js'
import { resolveServerOptions, type ServerFlags } from './server-options.js'

export async function runStart(root: string, flags: ServerFlags): Promise<void> {
  process.env.NODE_ENV = 'production'
  const paths = appPaths(root)
  if (!existsSync(paths.serverEntry)) throw buildOutputMissingError(paths.serverEntry)
  const { port, hostname } = resolveServerOptions(flags)
  // next.config's warnings were printed by the build; every worker loads the config again.
  const config = await loadConfig(root, { phase: 'start', warn: () => {} })
  return serveBuild(root, config, { port, hostname, workers: flags.workers })
}
