import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import pkg from '../../package.json' with { type: 'json' }
import {
  ENV_TYPES_FILE,
  envTypesSource,
  hasDefaultExport,
  publicSpecifier,
  writeEnvTypes,
} from './env-types.js'
import { installedFamilies } from './font-google/fontsource.js'
import { ALIASES } from './plugin-next-compat.js'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'fresco-env-types-'))
  dirs.push(dir)
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text)
  return dir
}

/** The declarations tsc wrote to dist/ (`npm run build` runs before the unit tests). */
const shipped = (target: string) =>
  readFileSync(path.join(import.meta.dirname, '../../dist', target.replace(/\.js$/, '.d.ts')), 'utf8')

const read = (dir: string) => readFileSync(path.join(dir, ENV_TYPES_FILE), 'utf8')

describe('the next/* modules fresco-env.d.ts declares', () => {
  it('each points at a public fresco subpath that package.json exports with types', () => {
    const exportsMap = pkg.exports as Record<string, unknown>
    for (const target of Object.values(ALIASES)) {
      const key = publicSpecifier(target).replace(/^@fresco\/framework/, '.')
      expect(exportsMap[key], `${target} → ${key}`).toMatchObject({
        types: expect.stringMatching(/\.d\.ts$/),
      })
    }
  })

  it('re-exports a default exactly where the module has one at run time', async () => {
    for (const target of Object.values(ALIASES)) {
      const file = path.join(import.meta.dirname, '..', target.replace(/\.js$/, ''))
      const mod = await import(file)
      const declared = envTypesSource({ 'next/x': target }, shipped).includes(
        "export { default } from '@fresco/framework",
      )
      expect(declared, target).toBe('default' in mod)
    }
  })

  it('recognises the default export forms tsc writes', () => {
    expect(hasDefaultExport('export default function Link(p: P): JSX.Element;')).toBe(true)
    expect(hasDefaultExport('export { Script as default, type ScriptProps };')).toBe(true)
    expect(hasDefaultExport("export { default } from './x.js';")).toBe(true)
    expect(hasDefaultExport('export { defaultLocale };\nexport declare const x: 1;')).toBe(false)
  })

  it('maps next itself to the types-only fresco entry', () => {
    expect(publicSpecifier('exports/index.js')).toBe('@fresco/framework')
    expect(publicSpecifier('exports/link.js')).toBe('@fresco/framework/link')
  })
})

describe('writeEnvTypes', () => {
  const source = envTypesSource(
    { 'next/link': 'exports/link.js' },
    () => 'export default function L(): null;',
  )

  it('writes nothing in a project without tsconfig.json or jsconfig.json', () => {
    const dir = project({})
    expect(writeEnvTypes(dir, source)).toBe('no-tsconfig')
    expect(() => read(dir)).toThrow()
  })

  it('writes the file once, then leaves an up-to-date one alone', () => {
    const dir = project({ 'tsconfig.json': '{}' })
    expect(writeEnvTypes(dir, source)).toBe('written')
    expect(read(dir)).toBe(source)
    expect(read(dir)).toContain(
      "declare module 'next/link' {\n  export * from '@fresco/framework/link'\n  export { default }",
    )
    expect(writeEnvTypes(dir, source)).toBe('current')
  })

  it('rewrites an outdated file it wrote (a module added by an upgrade)', () => {
    const dir = project({ 'jsconfig.json': '{}' })
    writeEnvTypes(dir, source)
    const newer = envTypesSource({ 'next/link': 'exports/link.js', 'next/cache': 'exports/cache.js' }, (t) =>
      t.includes('link') ? 'export default function L(): null;' : 'export declare const x: 1;',
    )
    expect(writeEnvTypes(dir, newer)).toBe('written')
    expect(read(dir)).toContain("declare module 'next/cache' {\n  export * from '@fresco/framework/cache'\n}")
  })

  it("never overwrites the user's own file", () => {
    const own = "declare module 'next/link' { export { default } from 'my-link' }\n"
    const dir = project({ 'tsconfig.json': '{}', [ENV_TYPES_FILE]: own })
    expect(writeEnvTypes(dir, source)).toBe('users-own')
    expect(read(dir)).toBe(own)
  })

  it('declares next/font/google with one function per installed Fontsource family', () => {
    const dir = project({ 'tsconfig.json': '{}' })
    const pkg = (scope: string, id: string, family: string) => {
      mkdirSync(path.join(dir, 'node_modules', scope, id), { recursive: true })
      writeFileSync(path.join(dir, 'node_modules', scope, id, 'metadata.json'), JSON.stringify({ family }))
    }
    pkg('@fontsource', 'roboto-mono', 'Roboto Mono')
    pkg('@fontsource-variable', 'roboto-mono', 'Roboto Mono')
    pkg('@fontsource-variable', 'inter', 'Inter')
    mkdirSync(path.join(dir, 'node_modules/@fontsource/not-a-font'), { recursive: true })
    expect(writeEnvTypes(dir, envTypesSource({}, shipped, installedFamilies(dir)))).toBe('written')
    expect(read(dir)).toContain(
      "declare module 'next/font/google' {\n  import type { GoogleFont } from '@fresco/framework/font/google'\n  export * from '@fresco/framework/font/google'\n  export const Inter: GoogleFont\n  export const Roboto_Mono: GoogleFont\n}",
    )
  })
})
