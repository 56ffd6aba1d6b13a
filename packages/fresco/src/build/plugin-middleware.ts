// `virtual:fresco/middleware` (rsc environment): the app's middleware.ts or proxy.ts (Next 16's
// name for it) bundled into the server, or `null` when the app has none. Found where Next looks:
// beside app/ or pages/, so at the project root, or in src/ when the app lives in src/
// (findMiddlewareFile). Both names at once is an error naming both: Next would pick neither.
import { existsSync } from 'node:fs'
import path from 'node:path'
import type { Plugin } from 'vite'
import { middlewareConflictError } from '../errors.js'

export const MIDDLEWARE_ID = 'virtual:fresco/middleware'
const NAMES = ['middleware', 'proxy'] as const
const EXTENSIONS = ['ts', 'tsx', 'mts', 'js', 'jsx', 'mjs'] as const

/** The folder holding app/ or pages/ (the root, or src/ when only src/ has them). */
export function sourceDir(root: string): string {
  const at = (dir: string) => existsSync(path.join(dir, 'app')) || existsSync(path.join(dir, 'pages'))
  const src = path.join(root, 'src')
  return !at(root) && at(src) ? src : root
}

/** The app's middleware file (absolute), or undefined. */
export function findMiddlewareFile(root: string): string | undefined {
  const dir = sourceDir(root)
  const found: string[] = []
  for (const name of NAMES)
    for (const ext of EXTENSIONS) {
      const file = path.join(dir, `${name}.${ext}`)
      if (existsSync(file)) found.push(file)
    }
  if (found.length > 1) throw middlewareConflictError(found.map((f) => path.relative(root, f)))
  return found[0]
}

export function middlewareModuleCode(file: string | undefined): string {
  if (file === undefined) return 'export const middleware = null\nexport const middlewareFile = null\n'
  return [
    `import * as mod from ${JSON.stringify(file)}`,
    'export const middleware = mod',
    `export const middlewareFile = ${JSON.stringify(path.basename(file))}`,
    '',
  ].join('\n')
}

export function middlewarePlugin(root: string): Plugin {
  return {
    name: 'fresco:middleware',
    resolveId(id) {
      return id === MIDDLEWARE_ID ? `\0${MIDDLEWARE_ID}` : undefined
    },
    load(id) {
      if (id !== `\0${MIDDLEWARE_ID}`) return undefined
      const file = findMiddlewareFile(root)
      if (file) this.addWatchFile(file)
      return middlewareModuleCode(file)
    },
  }
}
