// What the metadata files of app/ (icon.png, opengraph-image.jpg, manifest.ts…) add to the <head>,
// merged into a page's resolved `metadata` as Next.js's resolve-metadata.ts does:
// - opengraph / twitter images of a folder replace the inherited ones, unless the same level's
//   `metadata` export sets `openGraph.images` / `twitter.images` itself (config wins at its level);
// - icons and apple icons come from the deepest folder that has some, and only when no `metadata`
//   sets `icons` at all (config wins);
// - app/favicon.ico is always the first icon; a root manifest file replaces `metadata.manifest`.
// The data (URLs, sizes, alt text) is read by the build (build/metadata-files.ts); that of images
// generated from code when a page renders (metadata-image.ts).
import { addBasePath, basePath } from '../base-path.js'
import type { Icon, Metadata } from './metadata.js'
import type { GeneratedImage } from './metadata-image.js'

export type MetadataType =
  | 'favicon'
  | 'icon'
  | 'apple'
  | 'openGraph'
  | 'twitter'
  | 'sitemap'
  | 'robots'
  | 'manifest'

/**
 * Next's name for the id param of `sitemap/[__metadata_id__]` (generateSitemaps: `<id>.xml`) and of
 * `opengraph-image/[__metadata_id__]` & co. (generateImageMetadata: `<id>`).
 */
export const METADATA_ID_PARAM = '__metadata_id__'

/** A route serving one metadata file (build/metadata-files.ts → the routes module). */
export interface MetadataRouteInfo {
  type: MetadataType
  /** The file's own bytes (icon.png, robots.txt), or the default export's result (sitemap.ts). */
  static: boolean
  contentType: string
  /**
   * sitemap.ts with generateSitemaps: served at sitemap/<id>.xml, one per id; an image module with
   * generateImageMetadata: at opengraph-image/<id>.
   */
  multiple?: boolean
}

/** One image file as its tags describe it; url carries the content hash query. */
export interface MetadataImage {
  url: string
  type: string
  /** Icons: "32x32", or "any" for SVG. */
  sizes?: string
  /** opengraph / twitter images. */
  width?: number
  height?: number
  /** The <name>.alt.txt beside an opengraph / twitter image, as written. */
  alt?: string
}

/** The metadata files of one folder. */
export interface StaticMetadata {
  icon: MetadataImage[]
  apple: MetadataImage[]
  openGraph: MetadataImage[]
  twitter: MetadataImage[]
  /** app/favicon.ico only. */
  favicon?: MetadataImage
  /** /manifest.webmanifest or /manifest.json (app/ only). */
  manifest?: string
  /** opengraph-image.tsx & co.: their tags come from the module when a page renders (metadata-image.ts). */
  generated?: GeneratedImage[]
}

/** Carried across the layers of one resolution. */
export interface FileIcons {
  icon?: MetadataImage[]
  apple?: MetadataImage[]
  favicon?: MetadataImage
}

const setsImages = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && Object.hasOwn(value, 'images')

/** The file's URL under next.config's basePath, where the server answers it. */
const based = (image: MetadataImage): MetadataImage =>
  basePath === '' ? image : { ...image, url: addBasePath(image.url) }

/**
 * The icon's attributes in the image's own order, as Next spreads them into the tag: `sizes` first
 * for a file, `type` first (and `alt` if the module exports one) for a generated icon.
 */
const iconOf = ({ width: _w, height: _h, ...icon }: MetadataImage): Icon => icon

/** One layer's files, after that layer's own `metadata` (`own`) was merged into `meta`. */
export function mergeFiles(
  meta: Metadata,
  own: Metadata | undefined,
  files: StaticMetadata | undefined,
  icons: FileIcons,
): Metadata {
  if (!files) return meta
  if (files.favicon) icons.favicon = based(files.favicon)
  if (files.icon.length > 0) icons.icon = files.icon.map(based)
  if (files.apple.length > 0) icons.apple = files.apple.map(based)
  const merged = { ...meta }
  if (files.twitter.length > 0 && !setsImages(own?.twitter))
    merged.twitter = { ...meta.twitter, images: files.twitter.map(based) }
  if (files.openGraph.length > 0 && !setsImages(own?.openGraph))
    merged.openGraph = { ...meta.openGraph, images: files.openGraph.map(based) }
  if (files.manifest) merged.manifest = addBasePath(files.manifest)
  return merged
}

type IconGroups = { shortcut?: Icon | Icon[]; icon?: Icon | Icon[]; apple?: Icon | Icon[] }

/** `icons` in any of its accepted shapes as { shortcut, icon, apple }. */
export function iconGroups(icons: Metadata['icons']): IconGroups {
  if (!icons) return {}
  if (typeof icons === 'object' && !Array.isArray(icons) && !(icons instanceof URL) && !('url' in icons))
    return icons
  return { icon: icons }
}

const asList = (v: Icon | Icon[] | undefined): Icon[] => (v === undefined ? [] : Array.isArray(v) ? v : [v])

/** The files' icons when no `metadata` set `icons`, and the favicon first in any case. */
export function finishIcons(meta: Metadata, icons: FileIcons): Metadata {
  let groups: IconGroups | undefined
  if (meta.icons) groups = iconGroups(meta.icons)
  else if (icons.icon || icons.apple)
    groups = { icon: (icons.icon ?? []).map(iconOf), apple: (icons.apple ?? []).map(iconOf) }
  if (icons.favicon) groups = { ...groups, icon: [iconOf(icons.favicon), ...asList(groups?.icon)] }
  return groups ? { ...meta, icons: groups } : meta
}
