// `fresco dev`: the Vite dev server with HMR, serving pages through the app (plugin-dev-server.ts).
import { createServer } from 'vite'
import { serializableConfig } from '../build/build.js'
import { appPaths } from '../build/paths.js'
import { devServerPlugin } from '../build/plugin-dev-server.js'
import { scanProject } from '../build/scan-project.js'
import { createViteConfig, entryFiles } from '../build/vite-config.js'
import { loadConfig } from '../config/load.js'
import { resolveServerOptions, type ServerFlags } from './server-options.js'

export async function runDev(root: string, flags: ServerFlags): Promise<void> {
  process.env.NODE_ENV ??= 'development'
  const paths = appPaths(root)
  const config = await loadConfig(root)
  const { port, hostname } = resolveServerOptions(flags)
  const vite = createViteConfig({
    paths,
    mode: 'dev',
    scan: () => scanProject(paths.root, paths.appDir),
    buildId: 'development',
    config: serializableConfig(config),
  })
  vite.plugins = [...(vite.plugins ?? []), devServerPlugin({ entry: entryFiles().rsc, config })]
  vite.server = { port, host: hostname, strictPort: true }
  const server = await createServer(vite)
  await server.listen()
  server.printUrls()
  const stop = () => void server.close().then(() => process.exit(0))
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}
