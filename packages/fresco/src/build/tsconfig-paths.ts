// The app's tsconfig.json / jsconfig.json is read by Vite for every file (paths such as `@/*`,
// compiler options). One that `extends` a file that is not there (an app copied out of a monorepo,
// whose tsconfig extends ../../tsconfig.base.json) fails every module with a bundler stack trace;
// this check stops the build first with one line that names the file and what to do.
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { tsconfigExtendsMissingError } from '../errors.js'

const CONFIGS = ['tsconfig.json', 'jsconfig.json']

/** The `extends` entries of a tsconfig text (JSON with comments): only the relative ones matter here. */
function extendsOf(text: string): string[] {
  const m = /"extends"\s*:\s*("(?:[^"\\]|\\.)*"|\[[^\]]*\])/.exec(text)
  if (!m?.[1]) return []
  return [...m[1].matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((x) => x[1] ?? '')
}

/** A relative `extends` that resolves to no file (`.json` may be left off, as tsc allows). */
function missingBase(dir: string, spec: string): boolean {
  if (!spec.startsWith('.')) return false // a package (`@tsconfig/node20`): Vite resolves it
  const file = path.resolve(dir, spec)
  return !existsSync(file) && !existsSync(`${file}.json`)
}

/** Throws the one-line error when the app's tsconfig.json / jsconfig.json extends a missing file. */
export function checkTsconfigExtends(root: string): void {
  for (const name of CONFIGS) {
    const file = path.join(root, name)
    if (!existsSync(file)) continue
    const missing = extendsOf(readFileSync(file, 'utf8')).find((spec) => missingBase(root, spec))
    if (missing !== undefined) throw tsconfigExtendsMissingError(name, missing)
  }
}
