// next/font. Each font call at module level is compiled at build, as Next's compiler does
// (font-calls.ts): `next/font/local` (`localFont({ src })`) names its files; `next/font/google`
// (`Inter({ … })`) takes them from the family's Fontsource package in node_modules
// (font-google/fontsource.ts), never from the network, so a build without a route to Google
// neither hangs nor fails for that. The stylesheet is imported beside the call (Vite hashes and
// emits the font files it names) and plugin-rsc links it from the HTML of a server component that
// imports CSS. A font definitions file (`app/fonts.ts`, as Next's docs suggest) has no component,
// so each app module importing one imports its stylesheets too: the layout or page that uses the
// fonts then links them.
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { type Plugin, parseAst } from 'vite'
import { nextFontGoogleError } from '../errors.js'
import { compileFontCalls, GOOGLE } from './font-calls.js'
import type { AstNode } from './font-local/options.js'

const isGoogle = (s: string) => s === GOOGLE || s.startsWith(`${GOOGLE}/`)
const SCRIPT = /\.(js|jsx|mjs|ts|tsx|mts)$/
/** A module that may call a font: it names a next/font module. */
const FONT_MODULE = /['"](?:next|@fresco\/framework)\/font\/(?:local|google)['"]/

/**
 * A next/font/google import left in the code once the calls are compiled: one the transform does
 * not reach (a file in node_modules, a family not called at module level), refused with one line.
 */
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

const appFile = (id: string) => !id.startsWith('\0') && !id.includes('/node_modules/') && SCRIPT.test(id)

/** The stylesheets of the font calls in an app file, compiled from its source on disk (TypeScript included). */
function stylesheetsOf(file: string, root: string, warn: (message: string) => void): string[] {
  const source = existsSync(file) ? readFileSync(file, 'utf8') : ''
  if (!FONT_MODULE.test(source)) return []
  const lang = file.endsWith('x') ? (/\.tsx$/.test(file) ? 'tsx' : 'jsx') : /\.m?ts$/.test(file) ? 'ts' : 'js'
  const program = parseAst(source, { lang }) as unknown as AstNode
  return compileFontCalls(program, file, root, warn)?.cssFiles ?? []
}

/**
 * `warn` prints a font call's build warning (to stderr, as the build's other warnings); each module
 * is compiled once per environment and again for each importer of a font definitions file, so a
 * message is printed once per build.
 */
export function nextFontLocalPlugin(
  root: string,
  warn: (message: string) => void = (message) => process.stderr.write(`[fresco] Warning: ${message}\n`),
): Plugin {
  const warned = new Set<string>()
  const warnOnce = (message: string) => {
    if (warned.has(message)) return
    warned.add(message)
    warn(message)
  }
  return {
    name: 'fresco:next-font',
    async transform(code, id) {
      const file = id.split('?')[0] as string
      if (!appFile(file)) return undefined
      const callsFonts = FONT_MODULE.test(code)
      let program: AstNode
      try {
        program = parseAst(code) as unknown as AstNode
      } catch (error) {
        if (callsFonts) throw error
        return undefined // not JavaScript yet: left to the plugin that handles it, as before this scan
      }
      const compiled = callsFonts ? compileFontCalls(program, file, root, warnOnce) : undefined
      const edits = compiled?.edits ?? []
      const added = edits.length > 0 ? [...(compiled?.added ?? [])] : []
      // The stylesheets of the font definitions files this module imports, so its components link them.
      for (const s of program.body as AstNode[]) {
        if (s.type !== 'ImportDeclaration') continue
        // Vite resolves (and reports) every import afterwards: one that fails here is left to it.
        const resolved = await this.resolve(s.source.value as string, file).catch(() => null)
        const target = resolved?.id.split('?')[0]
        if (!target || !appFile(target) || target === file) continue
        for (const css of stylesheetsOf(target, root, warnOnce)) added.push(`import ${JSON.stringify(css)};`)
      }
      if (added.length === 0) return undefined
      let out = code
      for (const e of edits.sort((a, b) => b.start - a.start))
        out = out.slice(0, e.start) + e.text + out.slice(e.end)
      return { code: `${added.join('\n')}\n${out}`, map: null }
    },
  }
}
