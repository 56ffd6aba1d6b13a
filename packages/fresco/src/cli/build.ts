// `fresco build`
import { build } from '../build/build.js'

export async function runBuild(root: string): Promise<void> {
  const started = Date.now()
  const manifest = await build(root)
  process.stdout.write(
    `\n✓ Built ${manifest.routes.length} routes in ${((Date.now() - started) / 1000).toFixed(1)}s (build ${manifest.buildId})\n`,
  )
  // Vite and the prerender's cache handler may hold timers; the build is done.
  process.exit(0)
}
