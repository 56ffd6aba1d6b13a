// Where Fresco reads and writes inside an app. One place, so the CLI, the build and the
// server bundle never disagree about the layout of `.fresco/` (see docs/design/contracts.md).
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export interface AppPaths {
  root: string
  /** app/, or src/app when there is no app/ at the root (Next's findDir). May not exist. */
  appDir: string
  /** pages/, or src/pages when there is no pages/ at the root. May not exist. */
  pagesDir: string
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
  /** The app's instrumentation.ts, built (build/plugin-instrumentation.ts); absent without one. */
  instrumentationEntry: string
}

export function appPaths(root: string): AppPaths {
  const frescoDir = path.join(root, '.fresco')
  const distDir = path.join(frescoDir, 'dist')
  return {
    root,
    appDir: routesDir(root, 'app'),
    pagesDir: routesDir(root, 'pages'),
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
    instrumentationEntry: path.join(distDir, 'rsc', INSTRUMENTATION_ENTRY),
  }
}

/**
 * The framework's npm name (package.json "name"): what apps import (`@fresco/framework/cache`) and what
 * Vite must process itself (vite-config.ts). The command stays `fresco` (package.json "bin").
 */
/** instrumentation.ts's own entry in the rsc output folder. */
export const INSTRUMENTATION_ENTRY = 'instrumentation.js'

export const FRESCO_PKG = '@fresco/framework'

/**
 * Where a router's folder is, as Next.js finds it (find-pages-dir.ts): `<root>/<name>` when it
 * exists, else `<root>/src/<name>` when that exists, else `<root>/<name>` (then absent). Each name
 * is looked up on its own; project-checks.ts rejects app/ and pages/ under different parents.
 */
export function routesDir(root: string, name: 'app' | 'pages'): string {
  const top = path.join(root, name)
  if (existsSync(top)) return top
  const src = path.join(root, 'src', name)
  return existsSync(src) ? src : top
}

/** A file shipped inside the fresco package (this file lives in dist/build/ after tsc). */
export function frescoFile(relativeToDist: string): string {
  return fileURLToPath(new URL(`../${relativeToDist}`, import.meta.url))
}
