// The app's instrumentation.ts (Next's name and place: beside app/ or pages/, so the project root or
// src/) compiled as its own server entry, `.fresco/dist/rsc/instrumentation.js`, which `fresco start`
// imports and whose `register()` it awaits before it loads the app (node/instrumentation.ts). Its own
// entry, not part of the app's bundle: the SDK it registers must be in place before any app module
// runs, and packages it imports (@opentelemetry/sdk-*) stay external like every dependency.
import { existsSync } from 'node:fs'
import path from 'node:path'
import type { Plugin } from 'vite'
import { INSTRUMENTATION_ENTRY } from './paths.js'
import { sourceDir } from './plugin-middleware.js'

const EXTENSIONS = ['ts', 'mts', 'js', 'mjs'] as const

/** The app's instrumentation file (absolute), or undefined. */
export function findInstrumentationFile(root: string): string | undefined {
  const dir = sourceDir(root)
  for (const ext of EXTENSIONS) {
    const file = path.join(dir, `instrumentation.${ext}`)
    if (existsSync(file)) return file
  }
  return undefined
}

export function instrumentationPlugin(root: string): Plugin {
  return {
    name: 'fresco:instrumentation',
    apply: 'build',
    applyToEnvironment: (env) => env.name === 'rsc',
    buildStart() {
      const file = findInstrumentationFile(root)
      if (file) this.emitFile({ type: 'chunk', id: file, fileName: INSTRUMENTATION_ENTRY })
    },
  }
}
