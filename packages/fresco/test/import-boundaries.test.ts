// The folder rules of DESIGN.md invariant 1, checked on every import of every source file
// (docs/design/contracts.md, "Folder rules"). Relative paths make a lint rule awkward; the
// TypeScript parser reads each file's imports exactly, type-only ones included.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const SRC = fileURLToPath(new URL('../src/', import.meta.url))
const CACHE_SRC = fileURLToPath(new URL('../../cache/src/', import.meta.url))

interface Import {
  /** As written, e.g. '../../build/segment-config.js'. */
  spec: string
  /** Source-relative path ('runtime/data/x.ts'), 'pkg:<name>' for a package, 'node:<name>' for a builtin. */
  target: string
  /** Erased at build: `import type`, `export type`, `typeof import()`. */
  typeOnly: boolean
}

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts'))
    .map((f) => f.split(path.sep).join('/'))
    .sort()

const isTest = (file: string): boolean => /\.test\.tsx?$|-fixture\.ts$/.test(file)

function resolveTarget(file: string, spec: string): string {
  if (spec.startsWith('node:')) return spec
  if (!spec.startsWith('.'))
    return `pkg:${spec
      .split('/')
      .slice(0, spec.startsWith('@') ? 2 : 1)
      .join('/')}`
  const abs = path.resolve(SRC, path.dirname(file), spec)
  if (abs.startsWith(CACHE_SRC)) return 'pkg:@fresco/cache' // a relative path into the engine's sources
  return path.relative(SRC, abs).split(path.sep).join('/').replace(/\.js$/, '.ts')
}

const allTypes = (elements: readonly { isTypeOnly: boolean }[]): boolean =>
  elements.length > 0 && elements.every((e) => e.isTypeOnly)

function importsOf(file: string, text: string): Import[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TSX)
  const found: Import[] = []
  const add = (node: ts.Node | undefined, typeOnly: boolean) => {
    if (node && ts.isStringLiteral(node)) {
      found.push({ spec: node.text, target: resolveTarget(file, node.text), typeOnly })
    }
  }
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause
      const named = clause?.namedBindings
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined &&
            named !== undefined &&
            ts.isNamedImports(named) &&
            allTypes(named.elements)))
      add(node.moduleSpecifier, typeOnly)
    } else if (ts.isExportDeclaration(node)) {
      const clause = node.exportClause
      add(
        node.moduleSpecifier,
        node.isTypeOnly || (clause !== undefined && ts.isNamedExports(clause) && allTypes(clause.elements)),
      )
    } else if (ts.isImportTypeNode(node)) {
      const arg = node.argument
      if (ts.isLiteralTypeNode(arg)) add(arg.literal, true)
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node.arguments[0], false)
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

const files = sourceFiles(SRC)
const texts = new Map(files.map((f) => [f, readFileSync(path.join(SRC, f), 'utf8')]))
const graph = new Map(files.map((f) => [f, importsOf(f, texts.get(f) ?? '')]))

/** Every `file: import 'spec'` that breaks a rule, as one readable list. */
function violations(rule: (file: string, imp: Import) => boolean, only = (_file: string) => true): string[] {
  const out: string[] = []
  for (const [file, imports] of graph) {
    if (!only(file)) continue
    for (const imp of imports) if (rule(file, imp)) out.push(`${file}: import '${imp.spec}'`)
  }
  return out
}

/** Fails with one line per offending import, and what to do instead. */
function expectNone(bad: string[], fix: string): void {
  if (bad.length > 0) throw new Error(`${fix}:\n  ${bad.join('\n  ')}`)
}

const shipped = (file: string) => !isTest(file)
const under = (target: string, ...dirs: string[]) => dirs.some((d) => target.startsWith(`${d}/`))

// The modules that may use @fresco/cache's values (the rest use `import type` only): the route
// cache, the data layer and the cache set-up (DESIGN.md invariant 1; contracts.md says why each).
const CACHE_VALUE_IMPORTERS = [
  'runtime/server/route-cache.ts',
  'runtime/server/cache-setup.ts',
  'runtime/server/app-context.ts',
  'runtime/entries/rsc.tsx',
  'cli/serve.ts', // `fresco start` and server.js: the store the primary owns for its workers
  // `fresco cache`: the inspector over the configured store and the server's freshness rules.
  'cli/cache.ts',
  'cli/cache-view.ts',
  'cli/cache-data.ts',
  // The inspector page: the same listing and freshness verdicts, served by `fresco start`.
  'node/inspector/endpoint.ts',
  'node/inspector/page.ts',
]
const mayUseCacheValues = (file: string) =>
  CACHE_VALUE_IMPORTERS.includes(file) || file.startsWith('runtime/data/')

describe('folder rules (DESIGN.md invariant 1)', () => {
  it('reads the imports it checks (the parser sees value, type-only and dynamic imports)', () => {
    const seen = importsOf(
      'runtime/x.ts',
      `import type { A } from '../build/a.js'
       import { type B, c } from '../build/b.js'
       export type { D } from '@fresco/cache'
       type E = typeof import('../build/e.js')
       const f = () => import('node:fs')`,
    )
    expect(seen).toEqual([
      { spec: '../build/a.js', target: 'build/a.ts', typeOnly: true },
      { spec: '../build/b.js', target: 'build/b.ts', typeOnly: false },
      { spec: '@fresco/cache', target: 'pkg:@fresco/cache', typeOnly: true },
      { spec: '../build/e.js', target: 'build/e.ts', typeOnly: true },
      { spec: 'node:fs', target: 'node:fs', typeOnly: false },
    ])
    expect(graph.get('runtime/server/route-handler.ts')?.length).toBeGreaterThan(3)
  })

  it('runtime/ never imports build/, cli/ or node/ (the server bundle carries no build tooling)', () => {
    const bad = violations(
      (_f, imp) => under(imp.target, 'build', 'cli', 'node'),
      (f) => f.startsWith('runtime/'),
    )
    expectNone(bad, 'move what runtime/ needs into runtime/ and import it from there')
  })

  it('nothing outside exports/ imports exports/ (the public surface only re-exports runtime/)', () => {
    const bad = violations(
      (_f, imp) => under(imp.target, 'exports'),
      (f) => !f.startsWith('exports/'),
    )
    expectNone(bad, 'put the implementation under runtime/ and re-export it from exports/')
  })

  it('only the route cache, the data layer and the cache set-up use @fresco/cache values', () => {
    const bad = violations(
      (f, imp) => imp.target === 'pkg:@fresco/cache' && !imp.typeOnly && !mayUseCacheValues(f),
      shipped,
    )
    expectNone(bad, 'use `import type`, or go through the route cache / data layer')
  })

  it('the client graph (browser entry, "use client" modules) reaches no @fresco/cache and no node: builtin', () => {
    const roots = files.filter(
      (f) =>
        shipped(f) && (f === 'runtime/entries/browser.tsx' || /^['"]use client['"]/.test(texts.get(f) ?? '')),
    )
    const reached = new Set<string>()
    const walk = (file: string) => {
      if (reached.has(file)) return
      reached.add(file)
      for (const imp of graph.get(file) ?? []) if (!imp.typeOnly && graph.has(imp.target)) walk(imp.target)
    }
    roots.forEach(walk)
    expect(reached.size).toBeGreaterThan(roots.length)
    const bad = violations(
      (_f, imp) => !imp.typeOnly && (imp.target === 'pkg:@fresco/cache' || imp.target.startsWith('node:')),
      (f) => reached.has(f),
    )
    expectNone(bad, 'client code must stay free of the engine and of Node')
  })
})

describe('the standalone server (output: standalone) carries no build tooling', () => {
  it('standalone/server.ts reaches no Vite, no tracer and no config loader that needs them', () => {
    const reached = new Set<string>()
    const walk = (file: string) => {
      if (reached.has(file)) return
      reached.add(file)
      for (const imp of graph.get(file) ?? []) if (!imp.typeOnly && graph.has(imp.target)) walk(imp.target)
    }
    walk('standalone/server.ts')
    expect(reached.has('cli/serve.ts')).toBe(true)
    const bad = violations(
      (_f, imp) =>
        !imp.typeOnly &&
        (/^pkg:(vite|@vitejs\/|@vercel\/nft)/.test(imp.target) ||
          /^(build\/(?!manifest|paths)|config\/load)/.test(imp.target)),
      (f) => reached.has(f),
    )
    expectNone(
      bad,
      '.fresco/standalone ships only what server.js imports: keep the build and Vite out of its graph',
    )
  })
})

describe('@fresco/cache stays an engine (no React, no Vite, no HTTP, no framework)', () => {
  it('imports only its own files, node: builtins other than http, and the optional ioredis peer', () => {
    const allowed = (t: string) =>
      !t.startsWith('pkg:') ? !/^node:(https?|http2)$/.test(t) : t === 'pkg:ioredis'
    const bad: string[] = []
    for (const file of sourceFiles(CACHE_SRC).filter(shipped)) {
      const imports = importsOf(file, readFileSync(path.join(CACHE_SRC, file), 'utf8'))
      for (const imp of imports) {
        if (!imp.spec.startsWith('.') && !allowed(imp.target)) bad.push(`${file}: import '${imp.spec}'`)
      }
    }
    expectNone(bad, 'the engine has zero runtime dependencies (DESIGN.md §2)')
  })
})
