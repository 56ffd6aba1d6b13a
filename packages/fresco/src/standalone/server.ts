// The standalone server (`node server.js` in .fresco/standalone, written by build/standalone.ts):
// the config from the modules the build prebuilt (config/built-config.ts, no Vite), then the build
// served like `fresco start` does (cli/serve.ts). PORT, HOSTNAME and KEEP_ALIVE_TIMEOUT are read as
// Next's standalone server.js reads them; the rest (workers, Redis by REDIS_URL, …) is the app's config.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { serveBuild } from '../cli/serve.js'
import { BUILT_CONFIG_DIR, BUILT_CONFIG_INDEX, loadBuiltConfig } from '../config/built-config.js'
import { readKeepAliveTimeout, readPort } from '../config/env.js'
import { standaloneMissingError } from '../errors.js'

export async function runStandalone(dir: string): Promise<void> {
  process.env.NODE_ENV = 'production'
  try {
    if (!existsSync(path.join(dir, BUILT_CONFIG_DIR, BUILT_CONFIG_INDEX))) throw standaloneMissingError(dir)
    const port = readPort(process.env.PORT, 3000)
    // Next's server.js reads HOSTNAME too; a container sets it to its own name, so the Dockerfile
    // sets HOSTNAME=0.0.0.0 (docs/guide/operations.md).
    const hostname = process.env.HOSTNAME || '0.0.0.0'
    // Behind a load balancer, above its idle timeout (else it may reuse a socket node is closing: a 502).
    const keepAliveTimeout = readKeepAliveTimeout(process.env.KEEP_ALIVE_TIMEOUT)
    const config = await loadBuiltConfig(dir, { phase: 'start', warn: () => {} })
    await serveBuild(dir, config, { port, hostname, keepAliveTimeout })
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    process.stderr.write(
      `${message.startsWith('[fresco]') ? message : ((error as Error).stack ?? message)}\n`,
    )
    process.exit(1)
  }
}
