// Lets code written for Next.js run unchanged: `next/cache`, `next/navigation`, `next/headers`,
// `next/link`, `next/form`, `next/server`, `next/og` and the Pages Router's `next`, `next/router`, `next/head`,
// `next/document`, `next/app` become Fresco's own modules. Any other `next/*` import fails the
// build with a message naming it, instead of a confusing "cannot resolve" deep in Vite.
import path from 'node:path'
import type { Plugin } from 'vite'
import { unsupportedNextImportError } from '../errors.js'
import { frescoFile } from './paths.js'

/** `next/*` → the file under dist/ it becomes; also the list fresco-env.d.ts declares types for (env-types.ts). */
export const ALIASES: Record<string, string> = {
  next: 'exports/index.js',
  'next/cache': 'exports/cache.js',
  'next/navigation': 'exports/navigation.js',
  'next/headers': 'exports/headers.js',
  'next/link': 'exports/link.js',
  'next/form': 'exports/form.js',
  'next/server': 'exports/server.js',
  'next/script': 'exports/script.js',
  'next/constants': 'exports/constants.js',
  'next/dynamic': 'exports/dynamic.js',
  'next/image': 'exports/image.js',
  'next/og': 'exports/og.js',
  'next/font/local': 'exports/font/local.js',
  // The Pages Router (runtime/pages/); `next` itself is the first entry.
  'next/router': 'exports/router.js',
  'next/head': 'exports/head.js',
  'next/document': 'exports/document.js',
  'next/app': 'exports/app.js',
}

/** The importing file as the user knows it: relative to the project, without Vite's query. */
function shownImporter(root: string, importer: string | undefined): string {
  if (!importer) return 'a module'
  const file = importer.replace(/\?.*$/, '')
  return path.isAbsolute(file) ? path.relative(root, file) : file
}

export function nextCompatPlugin(root: string): Plugin {
  return {
    name: 'fresco:next-compat',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source !== 'next' && !source.startsWith('next/')) return undefined
      const target = ALIASES[source.replace(/\.js$/, '')]
      if (target) return frescoFile(target)
      // Reported alone by the build (build-failure.ts), not inside Vite's wrapper and stack.
      throw unsupportedNextImportError(source, shownImporter(root, importer), Object.keys(ALIASES).sort())
    },
  }
}
