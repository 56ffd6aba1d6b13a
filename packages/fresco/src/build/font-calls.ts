// The font calls of one module compiled (plugin-next-font.ts): each module-level
// `const x = localFont({ … })` / `const x = Inter({ … })` becomes `__localFont(result, urls)`,
// its @font-face stylesheet is written to .fresco/fonts/<hash>.css and imported beside it, and
// the preloaded files are imported as URLs. The hash covers the options, so the same call gives
// the same stylesheet however often (and from whichever module) it is compiled.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fontFileMissingError } from '../errors.js'
import { resolveGoogleFont } from './font-google/fontsource.js'
import { readGoogleFontOptions } from './font-google/options.js'
import { type FontFamilyNames, fontCss } from './font-local/css.js'
import { localFallbackFace } from './font-local/fallback-face.js'
import { type AstNode, type LocalFontOptions, literalValue, readFontOptions } from './font-local/options.js'
import { frescoFile } from './paths.js'

export const LOCAL = new Set(['next/font/local', '@fresco/framework/font/local'])
export const GOOGLE = 'next/font/google'

/** `const x = font(...)` / `export const x = font(...)` at module level, for each callee name given. */
function fontCalls(program: AstNode, names: Set<string>): AstNode[] {
  const calls: AstNode[] = []
  for (const stmt of program.body as AstNode[]) {
    const decl = stmt.type === 'ExportNamedDeclaration' ? stmt.declaration : stmt
    if (decl?.type !== 'VariableDeclaration') continue
    for (const d of decl.declarations as AstNode[])
      if (
        d.init?.type === 'CallExpression' &&
        d.init.callee.type === 'Identifier' &&
        names.has(d.init.callee.name)
      )
        calls.push(d.init)
  }
  return calls
}

function writeIfChanged(file: string, text: string): void {
  if (existsSync(file) && readFileSync(file, 'utf8') === text) return
  mkdirSync(path.dirname(file), { recursive: true })
  writeFileSync(file, text)
}

/** One call made into files: its options (absolute paths), which files to preload, names, and what its hash covers. */
interface CompiledFont {
  options: LocalFontOptions
  preload: boolean[]
  names?: FontFamilyNames
  hashOf: unknown
}

/** The font calls of one module, by callee name: `localFont` → local, `Inter` → Google's Inter. */
function fontCallees(program: AstNode): {
  local?: { name: string; source: string }
  google: Map<string, string>
} {
  let local: { name: string; source: string } | undefined
  const google = new Map<string, string>()
  for (const s of program.body as AstNode[]) {
    if (s.type !== 'ImportDeclaration') continue
    for (const spec of s.specifiers as AstNode[]) {
      if (LOCAL.has(s.source.value) && spec.type === 'ImportDefaultSpecifier')
        local ??= { name: spec.local.name, source: s.source.value }
      if (s.source.value === GOOGLE && spec.type === 'ImportSpecifier')
        google.set(spec.local.name, spec.imported.name ?? spec.imported.value)
    }
  }
  return { local, google }
}

/** Whether one of `names` is referenced outside the import declarations and the `ranges` (the compiled calls). */
function identifiersOutside(program: AstNode, names: Set<string>, ranges: number[][]): boolean {
  if (names.size === 0) return false
  const visit = (node: unknown, skip = false): boolean => {
    if (Array.isArray(node)) return node.some((n) => visit(n))
    if (!node || typeof node !== 'object') return false
    const n = node as AstNode
    if (n.type === 'ImportDeclaration') return false
    if (ranges.some(([a, b]) => n.start >= (a as number) && n.end <= (b as number))) return false
    if (n.type === 'Identifier' && !skip && names.has(n.name)) return true
    return Object.entries(n).some(([key, child]) =>
      // `x.Inter` and `{ Inter: 1 }` name a property, not the import.
      visit(
        child,
        (n.type === 'MemberExpression' && key === 'property' && !n.computed) ||
          (n.type === 'Property' && key === 'key' && !n.computed && !n.shorthand),
      ),
    )
  }
  return visit(program.body)
}

export interface CompiledFonts {
  /** Source ranges to replace (the calls, and the next/font/google import once unused). */
  edits: { start: number; end: number; text: string }[]
  /** Import lines to put first: the runtime, each stylesheet, each preloaded file as a URL. */
  added: string[]
  /** The stylesheets written, one per call (absolute paths under .fresco/fonts). */
  cssFiles: string[]
}

/**
 * Compiles the font calls of the module `file` (its parsed `program`); nothing when it has none.
 * `warn` gets what the build should say but not fail for (a font file whose metrics cannot be read).
 */
export function compileFontCalls(
  program: AstNode,
  file: string,
  root: string,
  warn: (message: string) => void,
): CompiledFonts | undefined {
  const fontsDir = path.join(root, '.fresco', 'fonts')
  const { local, google } = fontCallees(program)
  if (!local && google.size === 0) return undefined
  const where = path.relative(root, file)
  const compile = (call: AstNode): CompiledFont => {
    const callee = call.callee.name as string
    const fn = google.get(callee)
    const arg = call.arguments[0] as AstNode | undefined
    if (fn) {
      const font = readGoogleFontOptions(fn, arg ? literalValue(arg, where, fn) : undefined, where)
      const resolved = resolveGoogleFont(font, path.dirname(file), where)
      return { ...resolved, hashOf: [font, resolved.pkg] }
    }
    const options = readFontOptions(arg ? literalValue(arg, where) : undefined, where)
    const src = options.src.map((s) => {
      const abs = path.resolve(path.dirname(file), s.path)
      if (!existsSync(abs)) throw fontFileMissingError(where, s.path)
      return { ...s, path: abs }
    })
    const fallbackFace = localFallbackFace(src, options.adjustFontFallback, { root, where, warn })
    return {
      options: { ...options, src },
      preload: src.map(() => options.preload),
      ...(fallbackFace ? { names: { fallbackFace } } : {}),
      hashOf: [where, options],
    }
  }
  const runtime = local?.source ?? frescoFile('exports/font/local.js')
  const edits: { start: number; end: number; text: string }[] = []
  const cssFiles: string[] = []
  const added: string[] = [`import { __localFont as __frescoLocalFont } from ${JSON.stringify(runtime)};`]
  const callees = new Set([...(local ? [local.name] : []), ...google.keys()])
  for (const call of fontCalls(program, callees)) {
    const font = compile(call)
    const hash = createHash('sha256').update(JSON.stringify(font.hashOf)).digest('hex').slice(0, 8)
    const cssFile = path.join(fontsDir, `${hash}.css`)
    const urls = font.options.src.map((s) => path.relative(fontsDir, s.path).split(path.sep).join('/'))
    const { css, result } = fontCss(font.options, hash, urls, font.names)
    writeIfChanged(cssFile, css)
    cssFiles.push(cssFile)
    added.push(`import ${JSON.stringify(cssFile)};`)
    const preloads: string[] = []
    font.options.src.forEach((s, i) => {
      if (!font.preload[i]) return
      const name = `__frescoFont_${hash}_${i}`
      added.push(`import ${name} from ${JSON.stringify(`${s.path}?url`)};`)
      preloads.push(name)
    })
    edits.push({
      start: call.start,
      end: call.end,
      text: `__frescoLocalFont(${JSON.stringify(result)}, [${preloads.join(', ')}])`,
    })
  }
  // The next/font/google import goes once its calls are compiled (nothing to resolve at run time);
  // a family used any other way keeps it, and resolving it then fails the build with one line.
  const compiled = edits.map((e) => [e.start, e.end])
  const usedElsewhere = identifiersOutside(program, new Set(google.keys()), compiled)
  for (const s of program.body as AstNode[])
    if (
      s.type === 'ImportDeclaration' &&
      s.source.value === GOOGLE &&
      !usedElsewhere &&
      (s.specifiers as AstNode[]).every((spec) => spec.type === 'ImportSpecifier')
    )
      edits.push({ start: s.start, end: s.end, text: '' })
  return { edits, added, cssFiles }
}
