// Route segment config: the `export const revalidate / dynamic / dynamicParams / fetchCache`
// of layouts, pages and route handlers. Validated one module at a time, then merged root → leaf
// with Next.js's semantics (docs/design/router.md). Pure: the renderer also calls it at runtime.
import {
  invalidSegmentConfigError,
  segmentConfigConflictError,
  unsupportedSegmentExportError,
} from '../../errors.js'

export const DYNAMIC_MODES = ['auto', 'force-dynamic', 'force-static', 'error'] as const
export const FETCH_CACHE_MODES = [
  'auto',
  'default-cache',
  'only-cache',
  'force-cache',
  'default-no-store',
  'only-no-store',
  'force-no-store',
] as const
export type DynamicMode = (typeof DYNAMIC_MODES)[number]
export type FetchCacheMode = (typeof FETCH_CACHE_MODES)[number]

export interface SegmentConfig {
  dynamic: DynamicMode
  /** Seconds; `false` = never stale by age; `0` = render on every request. */
  revalidate: number | false
  dynamicParams: boolean
  fetchCache: FetchCacheMode
}

export const DEFAULT_SEGMENT_CONFIG: Readonly<SegmentConfig> = Object.freeze({
  dynamic: 'auto',
  revalidate: false,
  dynamicParams: true,
  fetchCache: 'auto',
})

// Exports Next.js gives meaning to and Fresco does not: an error, never silently ignored.
const UNSUPPORTED: Record<string, string> = {
  preferredRegion: 'Fresco runs wherever you start it: remove the export.',
  maxDuration: 'Remove it: regenerations are bounded by regenerationTimeout in fresco.config.',
  experimental_ppr: 'Partial prerendering is not available: remove the export.',
  unstable_instant: 'Instant navigation config is not available: remove the export.',
  viewport: 'Render <meta name="viewport"> in the root layout instead.',
  generateViewport: 'Render <meta name="viewport"> in the root layout instead.',
  // Both reached only when the build did not see the export in the file's text (an image module or
  // sitemap.ts declares it as Next's docs do), or in a file where it means nothing.
  generateImageMetadata:
    'Declare it in opengraph-image, twitter-image, icon or apple-icon (.tsx, .ts, .jsx, .js) as `export function generateImageMetadata()` (or `export const generateImageMetadata =`).',
  generateSitemaps:
    'Declare it in sitemap.ts as `export async function generateSitemaps()` (or `export const generateSitemaps =`).',
}

const quoteList = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ')

// In the rsc environment a 'use client' module is a set of client references: its exports are
// not values, and Next.js ignores segment config there too.
const isClientReference = (v: unknown) =>
  (typeof v === 'function' || (typeof v === 'object' && v !== null)) &&
  (v as { $$typeof?: unknown }).$$typeof === Symbol.for('react.client.reference')

/** Validate the segment config exports of one module; `file` names it in errors. */
export function readSegmentConfig(file: string, mod: Record<string, unknown>): Partial<SegmentConfig> {
  if (isClientReference(mod.default)) return {}
  const config: Partial<SegmentConfig> = {}
  for (const key of Object.keys(UNSUPPORTED)) {
    if (mod[key] !== undefined) {
      throw unsupportedSegmentExportError(file, `export ${key}`, UNSUPPORTED[key]!)
    }
  }
  const { revalidate, dynamic, dynamicParams, fetchCache, runtime, generateStaticParams } = mod
  // 'edge' runs on Node like every route: the build warns once, naming the routes (edge-runtime.ts).
  if (runtime !== undefined && runtime !== 'nodejs' && runtime !== 'edge') {
    throw invalidSegmentConfigError(file, 'runtime', runtime, "Use 'nodejs' or 'edge' (both run on Node).")
  }
  if (revalidate !== undefined) config.revalidate = readRevalidate(file, revalidate)
  if (dynamic !== undefined) {
    if (!DYNAMIC_MODES.includes(dynamic as DynamicMode)) {
      throw invalidSegmentConfigError(file, 'dynamic', dynamic, `Use one of ${quoteList(DYNAMIC_MODES)}.`)
    }
    config.dynamic = dynamic as DynamicMode
  }
  if (dynamicParams !== undefined) {
    if (typeof dynamicParams !== 'boolean') {
      throw invalidSegmentConfigError(file, 'dynamicParams', dynamicParams, 'Use true or false.')
    }
    config.dynamicParams = dynamicParams
  }
  if (fetchCache !== undefined) {
    if (!FETCH_CACHE_MODES.includes(fetchCache as FetchCacheMode)) {
      throw invalidSegmentConfigError(
        file,
        'fetchCache',
        fetchCache,
        `Use one of ${quoteList(FETCH_CACHE_MODES)}.`,
      )
    }
    config.fetchCache = fetchCache as FetchCacheMode
  }
  if (generateStaticParams !== undefined && typeof generateStaticParams !== 'function') {
    throw invalidSegmentConfigError(
      file,
      'generateStaticParams',
      generateStaticParams,
      'Export an (async) function returning an array of params objects.',
    )
  }
  return config
}

function readRevalidate(file: string, value: unknown): number | false {
  if (value === false || value === Number.POSITIVE_INFINITY) return false // Infinity: never stale, like false
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value
  throw invalidSegmentConfigError(
    file,
    'revalidate',
    value,
    'Use false, 0 or a positive whole number of seconds.',
  )
}

/**
 * Merge the layers of one route, root layout first and the page / route handler last.
 * - revalidate: the minimum over all layers (false = forever).
 * - dynamic: 'force-dynamic' anywhere wins; otherwise the deepest 'auto' / 'force-static' / 'error'
 *   wins, except that a 'force-static' above an 'error' still serves empty dynamic APIs
 *   (Next's create-component-tree flags: forceDynamic is sticky, 'error' does not clear forceStatic).
 * - dynamicParams: false if any layer says false (Next's buildAppStaticPaths).
 * - fetchCache: a 'force-*' anywhere wins over the route; otherwise the deepest layer wins.
 */
export function mergeSegmentConfig(
  layers: readonly Partial<SegmentConfig>[],
  route = 'This route',
): SegmentConfig {
  let revalidate: number | false = false
  let forceDynamic = false
  let forceStatic = false
  let shouldError = false
  let dynamicParams = true
  let fetchCache: FetchCacheMode = 'auto'
  const fetchModes = new Set<FetchCacheMode>()
  for (const layer of layers) {
    if (typeof layer.revalidate === 'number' && (revalidate === false || layer.revalidate < revalidate)) {
      revalidate = layer.revalidate
    }
    if (layer.dynamic === 'force-dynamic') forceDynamic = true
    else if (layer.dynamic === 'error') shouldError = true
    else if (layer.dynamic !== undefined) {
      shouldError = false
      forceStatic = layer.dynamic === 'force-static'
    }
    if (layer.dynamicParams === false) dynamicParams = false
    if (layer.fetchCache !== undefined) {
      fetchModes.add(layer.fetchCache)
      fetchCache = layer.fetchCache
    }
  }
  if (fetchModes.has('force-cache') && fetchModes.has('force-no-store')) {
    throw segmentConfigConflictError(route, 'fetchCache', 'force-cache', 'force-no-store')
  }
  if (fetchModes.has('only-cache') && fetchModes.has('only-no-store')) {
    throw segmentConfigConflictError(route, 'fetchCache', 'only-cache', 'only-no-store')
  }
  if (fetchModes.has('force-cache')) fetchCache = 'force-cache'
  if (fetchModes.has('force-no-store')) fetchCache = 'force-no-store'
  const dynamic: DynamicMode = forceDynamic
    ? 'force-dynamic'
    : forceStatic
      ? 'force-static'
      : shouldError
        ? 'error'
        : 'auto'
  return { dynamic, revalidate, dynamicParams, fetchCache }
}
