// Writes a new app into a folder: never into one that has files already (a half-merged project is
// worse than a clear refusal), and only the files templates.ts lists.
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { type Router, templateFiles } from './templates.js'

/** A refusal with a one-line message for the user (printed without a stack). */
export class CreateFrescoError extends Error {}

/** An npm package name from a folder name: lowercase, only `a-z 0-9 - . _ ~`, not starting with `.` or `_`. */
export function packageName(folder: string): string {
  const name = path
    .basename(path.resolve(folder))
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, '-')
    .replace(/^[._-]+/, '')
    .replace(/-+$/, '')
    .slice(0, 214)
  return name || 'fresco-app'
}

function refuseExisting(dir: string, shown: string): void {
  if (!existsSync(dir)) return
  if (!statSync(dir).isDirectory())
    throw new CreateFrescoError(`${shown} exists and is not a folder. Choose another name.`)
  const entries = readdirSync(dir)
  if (entries.length === 0) return
  const listed = entries.slice(0, 3).join(', ') + (entries.length > 3 ? ', …' : '')
  throw new CreateFrescoError(
    `${shown} is not empty (${listed}). Choose a new folder name, or empty this folder first; nothing was written.`,
  )
}

/** Creates `dir` (or uses it when empty) and writes the app; returns the files written, relative to `dir`. */
export function scaffold(dir: string, router: Router, frescoVersion: string, shown = dir): string[] {
  refuseExisting(dir, shown)
  const files = templateFiles(router, { name: packageName(dir), frescoVersion })
  for (const [file, text] of Object.entries(files)) {
    const target = path.join(dir, file)
    mkdirSync(path.dirname(target), { recursive: true })
    writeFileSync(target, text, { flag: 'wx' }) // never overwrite, even if a file appeared meanwhile
  }
  return Object.keys(files)
}
