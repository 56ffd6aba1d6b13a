// next/font/google without the network: Next downloads the family's CSS and files from Google at
// build; Fresco takes them from the Fontsource package of the family in the app's node_modules
// (@fontsource/<family-kebab> for static weights, @fontsource-variable/<family-kebab> for the
// variable font), which holds the same Google files, one per subset, weight and style, with the
// subsets' unicode ranges (unicode.json) and what the family offers (metadata.json). The result
// is the options of a local font (one file per @font-face), so next/font/local's CSS, class names
// and preloads serve both. Nothing is fetched: what is missing fails the build naming what to install.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { FrescoError, fontNotInPackageError, fontOptionError, fontPackageMissingError } from '../../errors.js'
import type { FontFamilyNames } from '../font-local/css.js'
import type { FontSource, LocalFontOptions } from '../font-local/options.js'
import { fontMetrics } from '../font-metrics/metrics.js'
import { fallbackOverrides } from './fallback-metrics.js'
import type { GoogleFontOptions } from './options.js'

/** The parts of a Fontsource package's metadata.json read here. */
interface FontsourceMetadata {
  id: string
  family: string
  subsets: string[]
  weights: number[]
  styles: string[]
  category?: string
  variable?: false | Record<string, { min: string; max: string }>
}

export interface FontsourcePackage {
  name: string
  version: string
  dir: string
  metadata: FontsourceMetadata
  /** Subset → unicode-range, in Google's CSS order (unicode.json). */
  unicode: Record<string, string>
}

export interface ResolvedGoogleFont {
  /** The @font-face files (absolute paths), as localFont() options. */
  options: LocalFontOptions
  /** Per file: preloaded (its subset is one of `subsets`, and preload is on), as Next chooses. */
  preload: boolean[]
  names: FontFamilyNames
  /** `@fontsource/inter@5.3.0`: what the CSS came from, part of its hash. */
  pkg: string
}

/** 'Roboto Mono' → 'roboto-mono': how Fontsource names a family's package and files. */
export const fontsourceId = (family: string) => family.toLowerCase().replace(/\s+/g, '-')

/** Axes in Fontsource's "standard" variable files; any other axis is only in its "full" files. */
const STANDARD_AXES = new Set(['wght', 'wdth', 'slnt', 'opsz', 'ital'])

function readJson<T>(file: string, pkg: string): T {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T
  } catch {
    throw new FrescoError(
      'FONT_PACKAGE_INVALID',
      `${pkg} has no readable ${path.basename(file)}: it is not a Fontsource package of version 5 or later (npm install ${pkg}@latest).`,
    )
  }
}

/** The package as Node would find it from `fromDir`: node_modules folders up to the file system root. */
export function findFontsource(name: string, fromDir: string): FontsourcePackage | undefined {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const pkgDir = path.join(dir, 'node_modules', name)
    if (existsSync(path.join(pkgDir, 'package.json'))) {
      const { version } = readJson<{ version: string }>(path.join(pkgDir, 'package.json'), name)
      return {
        name,
        version,
        dir: pkgDir,
        metadata: readJson<FontsourceMetadata>(path.join(pkgDir, 'metadata.json'), name),
        unicode: readJson<Record<string, string>>(path.join(pkgDir, 'unicode.json'), name),
      }
    }
    if (path.dirname(dir) === dir) return undefined
  }
}

/** The families of the Fontsource packages Node finds from `fromDir` (static or variable), sorted, for the types. */
export function installedFamilies(fromDir: string): string[] {
  const families = new Set<string>()
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    for (const scope of ['@fontsource', '@fontsource-variable']) {
      const scopeDir = path.join(dir, 'node_modules', scope)
      const ids = existsSync(scopeDir) ? readdirSync(scopeDir) : []
      for (const id of ids) {
        try {
          const { family } = JSON.parse(readFileSync(path.join(scopeDir, id, 'metadata.json'), 'utf8'))
          // A name that is not an identifier once spaces become '_' cannot be imported by name.
          if (typeof family === 'string' && /^[A-Za-z][\w ]*$/.test(family)) families.add(family)
        } catch {} // not a Fontsource package of version 5: nothing to declare
      }
    }
    if (path.dirname(dir) === dir) return [...families].sort()
  }
}

/** Which package serves a call: the variable one when no weight is given, else the static one. */
function packageFor(font: GoogleFontOptions, fromDir: string, where: string): FontsourcePackage {
  const id = fontsourceId(font.family)
  const staticName = `@fontsource/${id}`
  const variableName = `@fontsource-variable/${id}`
  if (font.weights.length > 0) {
    const fixed = findFontsource(staticName, fromDir)
    if (!fixed)
      throw fontPackageMissingError(where, font.family, `weight ${font.weights.join(', ')}`, staticName)
    return fixed
  }
  const variable = findFontsource(variableName, fromDir)
  if (variable) return variable
  const fixed = findFontsource(staticName, fromDir)
  if (fixed && !fixed.metadata.variable)
    // Next's own error for a family without a variable font: the weight is required.
    throw fontOptionError(
      where,
      'weight',
      `one of ${fixed.metadata.weights.join(', ')}: ${font.family} has no variable font, so a weight is required`,
      font.family.replace(/ /g, '_'),
    )
  throw fontPackageMissingError(
    where,
    font.family,
    'no weight: the variable font',
    `${variableName} (or give weight: ['400', …] and npm install ${staticName})`,
  )
}

/**
 * Next's `'<Family> Fallback'` face: Arial (Times New Roman for serif families) scaled to the family's
 * regular latin font, as Next's precomputed metrics are the regular style's (fallback-metrics.ts).
 */
function fallbackFace(
  pkg: FontsourcePackage,
  src: FontSource[],
): NonNullable<FontFamilyNames['fallbackFace']> {
  const { id, category } = pkg.metadata
  const local = category === 'serif' ? 'Times New Roman' : 'Arial'
  const regular = ['400-normal', 'wght-normal']
    .map((v) => path.join(pkg.dir, 'files', `${id}-latin-${v}.woff2`))
    .find((f) => existsSync(f))
  const file = regular ?? src[0]?.path
  const metrics = file ? fontMetrics(readFileSync(file)) : undefined
  return {
    local,
    ...(metrics ? { overrides: fallbackOverrides(metrics, local) } : {}),
  }
}

/** The files, unicode ranges, preloads and names of one next/font/google call, from its Fontsource package. */
export function resolveGoogleFont(
  font: GoogleFontOptions,
  fromDir: string,
  where: string,
): ResolvedGoogleFont {
  const pkg = packageFor(font, fromDir, where)
  const { metadata } = pkg
  const label = `${pkg.name}@${pkg.version}`
  const fn = font.family.replace(/ /g, '_')
  const missing = (what: string, available: (string | number)[]) =>
    fontNotInPackageError(where, fn, what, label, available.map(String))
  const variableAxes = metadata.variable || undefined
  const isVariable = font.weights.length === 0
  if (isVariable && !variableAxes) throw missing('the variable font', [])
  for (const w of font.weights)
    if (!metadata.weights.map(String).includes(w)) throw missing(`weight '${w}'`, metadata.weights)
  const styles =
    font.styles.length > 0 ? font.styles : [metadata.styles.length === 1 ? metadata.styles[0] : 'normal']
  for (const s of styles)
    if (!metadata.styles.includes(s as string)) throw missing(`style '${s}'`, metadata.styles)
  // As Next: the subsets only choose what is preloaded, and are required while preloading.
  const preload = font.preload && metadata.subsets.length > 0
  if (preload && font.subsets.length === 0)
    throw fontOptionError(
      where,
      'subsets',
      `the subsets to preload, such as ['latin'] (available: ${metadata.subsets.join(', ')}), or preload: false`,
      fn,
    )
  if (preload)
    for (const s of font.subsets)
      if (!metadata.subsets.includes(s)) throw missing(`subset '${s}'`, metadata.subsets)
  const definable = Object.keys(variableAxes ?? {}).filter((a) => a !== 'wght' && a !== 'ital')
  for (const a of font.axes) if (!definable.includes(a)) throw missing(`axis '${a}'`, definable)

  // Variable: the file with the weight axis alone unless more axes are asked for.
  const axisFile =
    font.axes.length === 0 ? 'wght' : font.axes.every((a) => STANDARD_AXES.has(a)) ? 'standard' : 'full'
  const wght = variableAxes?.wght
  const weights = isVariable ? [wght ? `${wght.min} ${wght.max}` : undefined] : font.weights
  const src: FontSource[] = []
  const preloads: boolean[] = []
  for (const style of styles as string[])
    for (const weight of weights)
      for (const [key, range] of Object.entries(pkg.unicode)) {
        const subset = key.replace(/^\[(\d+)\]$/, '$1') // numbered slices of large (CJK) families
        const file = path.join(
          pkg.dir,
          'files',
          `${metadata.id}-${subset}-${isVariable ? axisFile : weight}-${style}.woff2`,
        )
        if (!existsSync(file)) {
          if (preload && font.subsets.includes(subset))
            throw missing(`file ${path.relative(pkg.dir, file)}`, [])
          continue
        }
        src.push({ path: file, ...(weight ? { weight } : {}), style, unicodeRange: range })
        preloads.push(preload && font.subsets.includes(subset))
      }
  if (src.length === 0)
    throw missing(`any file for ${weights.join(', ') || 'the variable font'} ${styles.join(', ')}`, [])
  return {
    options: {
      src,
      display: font.display,
      ...(isVariable ? {} : font.weights.length === 1 ? { weight: font.weights[0] } : {}),
      ...(styles.length === 1 ? { style: styles[0] } : {}),
      ...(font.variable ? { variable: font.variable } : {}),
      fallback: font.fallback,
      preload,
      declarations: [],
    },
    preload: preloads,
    names: {
      family: metadata.family,
      ...(font.adjustFontFallback ? { fallbackFace: fallbackFace(pkg, src) } : {}),
    },
    pkg: label,
  }
}
