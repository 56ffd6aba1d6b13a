import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { checkTsconfigExtends } from './tsconfig-paths.js'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})
const app = (files: Record<string, string>) => {
  const root = mkdtempSync(path.join(tmpdir(), 'fresco-tsconfig-'))
  dirs.push(root)
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true })
    writeFileSync(path.join(root, name), text)
  }
  return root
}

describe('the app tsconfig checked before the build', () => {
  it('passes with no config, or when its extends resolve (".json" optional, packages left to Vite)', () => {
    expect(() => checkTsconfigExtends(app({}))).not.toThrow()
    expect(() =>
      checkTsconfigExtends(
        app({
          'tsconfig.json':
            '// comment\n{ "extends": ["./base", "@tsconfig/node20/tsconfig.json"], "compilerOptions": {} }',
          'base.json': '{}',
        }),
      ),
    ).not.toThrow()
  })

  it('names a relative extends that is missing (an app copied out of a monorepo) in one line', () => {
    const root = app({ 'tsconfig.json': '{ "extends": "../../tsconfig.app.json", "include": ["app"] }' })
    expect(() => checkTsconfigExtends(root)).toThrow(
      `[fresco] tsconfig.json extends '../../tsconfig.app.json', which does not exist (Vite reads it for every module). Point "extends" at an existing file, or remove it.`,
    )
  })
})
