// `fresco dev`: the Vite dev server with HMR, serving pages through the app (plugin-dev-server.ts).
import { createServer } from 'vite'
import { serializableConfig } from '../build/build.js'
import { writeEnvTypes } from '../build/env-types.js'
import { appPaths } from '../build/paths.js'
import { devServerPlugin } from '../build/plugin-dev-server.js'
import { scanProject } from '../build/scan-project.js'
import { createViteConfig, entryFiles } from '../build/vite-config.js'
import { loadConfig } from '../config/load.js'
import { listenError } from '../errors.js'
import { assertPortFree } from './port-check.js'
import { resolveServerOptions, type ServerFlags } from './server-options.js'

export async function runDev(root: string, flags: ServerFlags): Promise<void> {
  process.env.NODE_ENV ??= 'development'
  const paths = appPaths(root)
  const config = await loadConfig(root, { phase: 'dev' })
  const { port, hostname } = resolveServerOptions(flags)
  await assertPortFree(port, hostname)
  writeEnvTypes(root) // fresco-env.d.ts: next/* types for the user's tsc and editor
  const vite = createViteConfig({
    paths,
    mode: 'dev',
    scan: () => scanProject(paths.root, paths.appDir, paths.pagesDir),
    buildId: 'development',
    config: serializableConfig(config),
  })
  vite.plugins = [...(vite.plugins ?? []), devServerPlugin({ entry: entryFiles().rsc, config })]
  vite.server = { port, host: hostname, strictPort: true }
  const server = await createServer(vite)
  try {
    await server.listen()
  } catch (error) {
    // Vite's watchers would keep the process alive without a server: close them, say what to do.
    await server.close()
    const code = (error as NodeJS.ErrnoException).code
    throw listenError(
      code ?? (/already in use/.test(String(error)) ? 'EADDRINUSE' : undefined),
      hostname,
      port,
      error,
    )
  }
  server.printUrls()
  const stop = () => void server.close().then(() => process.exit(0))
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}
