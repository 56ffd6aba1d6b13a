// A CommonJS next.config (`module.exports = …`, `require('next/constants')`): Vite's module runner
// evaluates ESM only, and Node's own require would not find `next` (the app has Fresco instead). So
// the file runs as Node runs a CommonJS module, with a `require` that answers next/constants from
// Fresco and everything else from the app's node_modules. nextConstantsPlugin does the same for ESM.
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import { compileFunction } from 'node:vm'
import type { Plugin } from 'vite'
import * as phases from './next-phases.js'

const NEXT_CONSTANTS = /^next\/constants(\.js)?$/
const VIRTUAL_CONSTANTS = '\0fresco:next-constants'

/**
 * For an ESM / TypeScript next.config run by Vite's module runner: `next/constants` is a module
 * built from next-phases.ts (the app has no `next` package). Other `next/*` imports are not
 * something a config needs; they fail with Vite's "cannot find" naming the import.
 */
export function nextConstantsPlugin(): Plugin {
  return {
    name: 'fresco:next-config-constants',
    enforce: 'pre',
    resolveId: (source) => (NEXT_CONSTANTS.test(source) ? VIRTUAL_CONSTANTS : undefined),
    load(id) {
      if (id !== VIRTUAL_CONSTANTS) return undefined
      return Object.entries(phases)
        .map(([name, value]) => `export const ${name} = ${JSON.stringify(value)}\n`)
        .join('')
    },
  }
}

export async function loadCommonJs(file: string): Promise<unknown> {
  const source = await readFile(file, 'utf8')
  const appRequire = createRequire(file)
  const require = Object.assign((id: string) => (NEXT_CONSTANTS.test(id) ? { ...phases } : appRequire(id)), {
    resolve: appRequire.resolve,
    cache: appRequire.cache,
    main: undefined,
  })
  const module = { exports: {} as unknown }
  const run = compileFunction(source, ['exports', 'require', 'module', '__filename', '__dirname'], {
    filename: file,
  })
  run(module.exports, require, module, file, path.dirname(file))
  return module.exports
}

/** Whether `file` is CommonJS for Node: `.cjs`, or `.js` without "type": "module" in package.json. */
export async function isCommonJs(file: string): Promise<boolean> {
  if (file.endsWith('.cjs')) return true
  if (!file.endsWith('.js')) return false
  try {
    const pkg = JSON.parse(await readFile(path.join(path.dirname(file), 'package.json'), 'utf8'))
    return pkg?.type !== 'module'
  } catch {
    return true // no package.json: Node's default is CommonJS
  }
}
