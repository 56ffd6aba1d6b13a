// Where Fresco reads and writes inside an app. One place, so the CLI, the build and the
// server bundle never disagree about the layout of `.fresco/` (see docs/design/contracts.md).
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export interface AppPaths {
  root: string
  appDir: string
  publicDir: string
  frescoDir: string
  distDir: string
  rscDir: string
  ssrDir: string
  clientDir: string
  cacheDir: string
  manifestFile: string
  buildIdFile: string
  serverEntry: string
}

export function appPaths(root: string): AppPaths {
  const frescoDir = path.join(root, '.fresco')
  const distDir = path.join(frescoDir, 'dist')
  return {
    root,
    appDir: path.join(root, 'app'),
    publicDir: path.join(root, 'public'),
    frescoDir,
    distDir,
    rscDir: path.join(distDir, 'rsc'),
    ssrDir: path.join(distDir, 'ssr'),
    clientDir: path.join(distDir, 'client'),
    cacheDir: path.join(frescoDir, 'cache'),
    manifestFile: path.join(frescoDir, 'manifest.json'),
    buildIdFile: path.join(frescoDir, 'build-id'),
    serverEntry: path.join(distDir, 'rsc', 'index.js'),
  }
}

/**
 * The framework's npm name (package.json "name"): what apps import (`@fresco/framework/cache`) and what
 * Vite must process itself (vite-config.ts). The command stays `fresco` (package.json "bin").
 */
export const FRESCO_PKG = '@fresco/framework'

/** A file shipped inside the fresco package (this file lives in dist/build/ after tsc). */
export function frescoFile(relativeToDist: string): string {
  return fileURLToPath(new URL(`../${relativeToDist}`, import.meta.url))
}
