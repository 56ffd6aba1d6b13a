// next/font. `next/font/local`: each `localFont({...})` call is compiled at build, as Next's
// compiler does: its literal options are read from the source, an @font-face stylesheet is written
// to .fresco/fonts/<hash>.css and imported beside the call (Vite hashes and emits the font files
// it names; plugin-rsc links it from the HTML), and the call becomes `__localFont(result, urls)`
// (exports/font/local.ts), which preloads the files when a render reads the class names.
// `next/font/google` downloads fonts while building: Fresco never does, so it fails the build with
// one line saying what to do instead (no network access needed, so no hang).
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { type Plugin, parseAst } from 'vite'
import { fontFileMissingError, nextFontGoogleError } from '../errors.js'
import { fontCss } from './font-local/css.js'
import { type AstNode, literalValue, readFontOptions } from './font-local/options.js'

const LOCAL = new Set(['next/font/local', '@fresco/framework/font/local'])
const isGoogle = (s: string) => s === 'next/font/google' || s.startsWith('next/font/google/')

export function nextFontGooglePlugin(root: string): Plugin {
  return {
    name: 'fresco:next-font-google',
    enforce: 'pre',
    resolveId(source, importer) {
      if (isGoogle(source))
        throw nextFontGoogleError(importer ? path.relative(root, importer) : '(unknown file)')
      return undefined
    },
  }
}

/** `const x = localFont(...)` / `export const x = localFont(...)` at module level. */
function fontCalls(program: AstNode, localName: string): AstNode[] {
  const calls: AstNode[] = []
  for (const stmt of program.body as AstNode[]) {
    const decl = stmt.type === 'ExportNamedDeclaration' ? stmt.declaration : stmt
    if (decl?.type !== 'VariableDeclaration') continue
    for (const d of decl.declarations as AstNode[])
      if (
        d.init?.type === 'CallExpression' &&
        d.init.callee.type === 'Identifier' &&
        d.init.callee.name === localName
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

export function nextFontLocalPlugin(root: string): Plugin {
  const fontsDir = path.join(root, '.fresco', 'fonts')
  return {
    name: 'fresco:next-font-local',
    transform(code, id) {
      if (!code.includes('/font/local') || id.startsWith('\0') || id.includes('/node_modules/'))
        return undefined
      const file = id.split('?')[0] as string
      const program = parseAst(code) as unknown as AstNode
      const imports = (program.body as AstNode[]).filter(
        (s) => s.type === 'ImportDeclaration' && LOCAL.has(s.source.value),
      )
      const specifier = imports
        .flatMap((s) => s.specifiers as AstNode[])
        .find((s) => s.type === 'ImportDefaultSpecifier')
      if (!specifier) return undefined
      const source = imports[0]?.source.value as string
      const where = path.relative(root, file)
      const edits: { start: number; end: number; text: string }[] = []
      const added: string[] = [`import { __localFont as __frescoLocalFont } from ${JSON.stringify(source)};`]
      for (const call of fontCalls(program, specifier.local.name)) {
        const options = readFontOptions(
          call.arguments[0] ? literalValue(call.arguments[0], where) : undefined,
          where,
        )
        const files = options.src.map((s) => {
          const abs = path.resolve(path.dirname(file), s.path)
          if (!existsSync(abs)) throw fontFileMissingError(where, s.path)
          return abs
        })
        const hash = createHash('sha256')
          .update(JSON.stringify([where, options]))
          .digest('hex')
          .slice(0, 8)
        const cssFile = path.join(fontsDir, `${hash}.css`)
        const urls = files.map((f) => path.relative(fontsDir, f).split(path.sep).join('/'))
        const { css, result } = fontCss(options, hash, urls)
        writeIfChanged(cssFile, css)
        added.push(`import ${JSON.stringify(cssFile)};`)
        const names = files.map((f, i) => {
          const name = `__frescoFont_${hash}_${i}`
          added.push(`import ${name} from ${JSON.stringify(`${f}?url`)};`)
          return name
        })
        const preloads = options.preload ? names.join(', ') : ''
        edits.push({
          start: call.start,
          end: call.end,
          text: `__frescoLocalFont(${JSON.stringify(result)}, [${preloads}])`,
        })
      }
      if (edits.length === 0) return undefined
      let out = code
      for (const e of edits.sort((a, b) => b.start - a.start))
        out = out.slice(0, e.start) + e.text + out.slice(e.end)
      return { code: `${added.join('\n')}\n${out}`, map: null }
    },
  }
}
