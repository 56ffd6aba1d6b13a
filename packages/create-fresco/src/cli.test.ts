import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_FOLDER, run } from './cli.js'
import { packageName } from './scaffold.js'

let cwd: string
let out: string
let err: string
const io = {
  out: (t: string) => {
    out += t
  },
  err: (t: string) => {
    err += t
  },
}

beforeEach(() => {
  cwd = mkdtempSync(path.join(tmpdir(), 'create-fresco-'))
  out = ''
  err = ''
})
afterEach(() => rmSync(cwd, { recursive: true, force: true }))

const files = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort()
const pkgOf = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'))

describe('create-fresco', () => {
  it('writes an App Router app by default, with the framework as its dependencies and fresco scripts', () => {
    expect(run(['my-app'], cwd, io)).toBe(0)
    const dir = path.join(cwd, 'my-app')
    expect(files(dir)).toEqual([
      '.gitignore',
      'app/isr/page.tsx',
      'app/layout.tsx',
      'app/page.tsx',
      'components/counter.tsx',
      'package.json',
      'tsconfig.json',
    ])
    const pkg = pkgOf(dir)
    expect(pkg.name).toBe('my-app')
    expect(Object.keys(pkg.dependencies).sort()).toEqual([
      '@fresco/cache',
      '@fresco/framework',
      'react',
      'react-dom',
    ])
    expect(pkg.dependencies['@fresco/framework']).toBe('^0.1.0')
    expect(pkg.scripts).toEqual({ dev: 'fresco dev', build: 'fresco build', start: 'fresco start' })
    expect(readFileSync(path.join(dir, 'app/isr/page.tsx'), 'utf8')).toMatch(
      /^export const revalidate = 10$/m,
    )
    expect(readFileSync(path.join(dir, '.gitignore'), 'utf8')).toMatch(/^\.fresco\/$/m)
    expect(err).toBe('')
    expect(out).toContain('Next steps:\n  cd my-app\n  npm install\n  npm run dev')
  })

  it('writes a Pages Router app with --pages, and no app/ folder', () => {
    expect(run(['site', '--pages'], cwd, io)).toBe(0)
    const dir = path.join(cwd, 'site')
    expect(files(dir)).toEqual([
      '.gitignore',
      'components/counter.tsx',
      'package.json',
      'pages/index.tsx',
      'pages/isr.tsx',
      'tsconfig.json',
    ])
    expect(readFileSync(path.join(dir, 'pages/isr.tsx'), 'utf8')).toContain('revalidate: 10,')
    expect(out).toContain('(Pages Router)')
  })

  it('refuses a folder that has files, names it, and writes nothing', () => {
    const dir = path.join(cwd, 'taken')
    mkdirSync(dir)
    writeFileSync(path.join(dir, 'notes.txt'), 'mine')
    expect(run(['taken'], cwd, io)).toBe(1)
    expect(err).toBe(
      '[create-fresco] taken is not empty (notes.txt). Choose a new folder name, or empty this folder first; nothing was written.\n',
    )
    expect(files(dir)).toEqual(['notes.txt'])
    expect(out).toBe('')
  })

  it('refuses a name that is a file', () => {
    writeFileSync(path.join(cwd, 'file'), '')
    expect(run(['file'], cwd, io)).toBe(1)
    expect(err).toContain('file exists and is not a folder')
  })

  it('uses an empty current folder (no cd in the next steps) and the default folder name otherwise', () => {
    const empty = path.join(cwd, 'Empty Dir')
    mkdirSync(empty)
    expect(run(['.'], empty, io)).toBe(0)
    expect(pkgOf(empty).name).toBe('empty-dir')
    expect(out).not.toContain('  cd ')
    out = ''
    expect(run([], cwd, io)).toBe(0)
    expect(existsSync(path.join(cwd, DEFAULT_FOLDER, 'app/page.tsx'))).toBe(true)
    expect(out).toContain(`  cd ${DEFAULT_FOLDER}\n`)
  })

  it('rejects --app with --pages, unknown options and two folders, with the usage', () => {
    for (const argv of [
      ['a', '--app', '--pages'],
      ['a', '--template', 'x'],
      ['a', 'b'],
    ]) {
      err = ''
      expect(run(argv, cwd, io), argv.join(' ')).toBe(1)
      expect(err).toMatch(/^\[create-fresco\] .+\n\nUsage: npm create fresco/)
    }
    expect(readdirSync(cwd)).toEqual([])
  })

  it('makes a valid npm name from any folder name', () => {
    expect(packageName('/x/My Cool App!')).toBe('my-cool-app')
    expect(packageName('.hidden')).toBe('hidden')
    expect(packageName('__')).toBe('fresco-app')
    expect(packageName('a.b_c~d')).toBe('a.b_c~d')
  })
})
