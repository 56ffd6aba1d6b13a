// Helpers shared by the example's launch scripts (start.mjs, cluster.mjs).
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

/** The installed fresco CLI (workspace link or tarball install), searched upwards from `fromDir`. */
export function frescoBin(fromDir, label) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const pkgFile = join(dir, 'node_modules', '@fresco', 'framework', 'package.json')
    if (existsSync(pkgFile)) {
      const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'))
      return join(dirname(pkgFile), typeof pkg.bin === 'string' ? pkg.bin : pkg.bin?.fresco)
    }
    if (dirname(dir) === dir)
      throw new Error(`[${label}] the @fresco/framework package is not installed: run \`npm install\``)
  }
}

/** Resolves once `url` answers at all (any status), or throws after `ms`. */
export async function waitFor(url, ms, label) {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    try {
      await (await fetch(url)).arrayBuffer()
      return
    } catch {
      await new Promise((r) => setTimeout(r, 200))
    }
  }
  throw new Error(`[${label}] ${url} did not answer within ${ms / 1000}s`)
}
