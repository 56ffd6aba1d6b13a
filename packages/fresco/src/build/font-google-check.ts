// next/font/google before bundling: found by reading the sources, so the build stops with one line
// (nextFontGoogleError) before Vite starts, instead of a bundler error wrapped around it. The
// plugin (plugin-next-font.ts) still refuses it in files this scan does not reach.
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { nextFontGoogleError } from '../errors.js'

const SOURCE = /\.(js|jsx|mjs|ts|tsx|mts)$/
const SKIP = new Set(['node_modules', 'public', 'dist', 'build', 'out'])
const GOOGLE = /(?:from|import)\s*\(?\s*['"]next\/font\/google(?:\/[^'"]*)?['"]/

export async function rejectGoogleFonts(root: string): Promise<void> {
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => [])
    for (const e of entries) {
      if (e.name.startsWith('.') || SKIP.has(e.name)) continue
      const file = path.join(dir, e.name)
      if (e.isDirectory()) await walk(file)
      else if (SOURCE.test(e.name) && GOOGLE.test(await readFile(file, 'utf8')))
        throw nextFontGoogleError(path.relative(root, file))
    }
  }
  await walk(root)
}
