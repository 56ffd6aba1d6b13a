// `metadata` / `generateMetadata()` of every layout and the page → <title>/<meta>/<link>.
// React 19 hoists these elements into <head> wherever they render, during SSR and on the client.
// generateMetadata runs inside the page's request store, so its fetches are memoised with the page's.
// Resolution follows Next.js's resolve-metadata.ts: keys merge shallowly (a deeper `openGraph`
// replaces the parent's), a title template applies to the segments *below* the layout that
// defines it, and openGraph / twitter inherit title and description at the end.
import type { ReactNode } from 'react'
import { metadataElements } from './metadata-elements.js'
import { type FileIcons, finishIcons, mergeFiles, type StaticMetadata } from './metadata-files.js'
import { withGeneratedImages } from './metadata-image.js'
import type { Params } from './payload.js'
import type { AnyModule } from './route-modules.js'

type Title = string | { default?: string; template?: string | null; absolute?: string }
type Url = string | URL
export type Robots = {
  index?: boolean
  follow?: boolean
  noarchive?: boolean
  nosnippet?: boolean
  noimageindex?: boolean
  nocache?: boolean
  notranslate?: boolean
  indexifembedded?: boolean
  nositelinkssearchbox?: boolean
  unavailable_after?: string
  'max-snippet'?: number
  'max-image-preview'?: string
  'max-video-preview'?: number | string
}
export type Image =
  | Url
  | { url: Url; alt?: string; type?: string; width?: number | string; height?: number | string }
export type Icon = Url | { url: Url; type?: string; sizes?: string; rel?: string; media?: string }
type OneOrMany<T> = T | T[]
export interface Metadata {
  /** Base for relative URLs in openGraph / twitter images, og:url and the canonical link. */
  metadataBase?: Url | null
  title?: Title | null
  description?: string | null
  applicationName?: string | null
  authors?: OneOrMany<{ name?: string; url?: Url }> | null
  generator?: string | null
  keywords?: string | string[] | null
  referrer?: string | null
  creator?: string | null
  publisher?: string | null
  robots?: string | (Robots & { googleBot?: string | Robots }) | null
  category?: string | null
  classification?: string | null
  abstract?: string | null
  manifest?: Url | null
  alternates?: {
    canonical?: Url | null
    languages?: Record<string, Url | null | undefined>
  } | null
  verification?: {
    google?: OneOrMany<string | number>
    yahoo?: OneOrMany<string | number>
    yandex?: OneOrMany<string | number>
    me?: OneOrMany<string | number>
    other?: Record<string, OneOrMany<string | number>>
  } | null
  icons?:
    | OneOrMany<Icon>
    | { icon?: OneOrMany<Icon>; shortcut?: OneOrMany<Icon>; apple?: OneOrMany<Icon> }
    | null
  other?: Record<string, OneOrMany<string | number>> | null
  openGraph?: {
    title?: string
    description?: string
    url?: Url
    siteName?: string
    type?: string
    locale?: string
    images?: OneOrMany<Image>
  } | null
  twitter?: {
    card?: 'summary' | 'summary_large_image' | 'app' | 'player'
    title?: string
    description?: string
    site?: string
    creator?: string
    images?: OneOrMany<Image>
  } | null
}

interface Layer {
  /** A layout or the page; none for a folder that only has metadata files. */
  mod?: AnyModule
  props: Record<string, unknown>
  /** The metadata files of the layer's folder (icon.png, opengraph-image.jpg…). */
  files?: StaticMetadata
  /** The page, or the layout of the page's own folder: its title template does not apply below. */
  leaf?: boolean
}

interface ResolvedTitle {
  absolute: string
  template: string | null
}

async function readLayer({ mod, props }: Layer, parent: Promise<Metadata>): Promise<Metadata | undefined> {
  if (!mod) return undefined
  if (typeof mod.generateMetadata === 'function')
    return (await mod.generateMetadata(props, parent)) as Metadata
  return mod.metadata as Metadata | undefined
}

const applyTemplate = (template: string | null, title: string) =>
  template ? template.replace(/%s/g, title) : title

/** Next's resolveTitle: `default` is templated by the parent's template too; `absolute` never. */
function resolveTitle(title: Title | null, parentTemplate: string | null): ResolvedTitle {
  if (title === null || typeof title === 'string') {
    return { absolute: title === null ? '' : applyTemplate(parentTemplate, title), template: null }
  }
  let absolute = ''
  if ('default' in title && title.default !== undefined)
    absolute = applyTemplate(parentTemplate, title.default)
  if (title.absolute) absolute = title.absolute
  return { absolute, template: title.template ?? null }
}

const imageList = (images: OneOrMany<Image> | undefined) =>
  images === undefined
    ? undefined
    : (Array.isArray(images) ? images : [images]).map((img) =>
        typeof img === 'string' || img instanceof URL ? { url: img } : img,
      )

/**
 * What generateMetadata's `parent` resolves to, shaped like Next's ResolvingMetadata: the title
 * as `{ absolute, template }` and images as arrays of `{ url }`, so the documented
 * `[...(await parent).openGraph?.images ?? []]` extends the parent's list.
 */
function resolvingView(meta: Metadata, title: ResolvedTitle | undefined): Metadata {
  const view: Metadata = { ...meta, title }
  if (meta.openGraph) view.openGraph = { ...meta.openGraph, images: imageList(meta.openGraph.images) }
  if (meta.twitter) view.twitter = { ...meta.twitter, images: imageList(meta.twitter.images) }
  return view
}

/** Deeper layers win key by key; a layout's `title.template` applies to the titles below it. */
export async function resolveMetadata(layers: Layer[]): Promise<{ meta: Metadata; title?: string }> {
  let meta: Metadata = {}
  let title: ResolvedTitle | undefined
  let template: string | null = null
  const icons: FileIcons = {}
  for (const layer of layers) {
    const next = await readLayer(layer, Promise.resolve(resolvingView(meta, title)))
    if (next) {
      if (next.title !== undefined) title = resolveTitle(next.title, template)
      meta = { ...meta, ...next }
    }
    const files = await withGeneratedImages(layer.files, (await layer.props.params) as Params)
    meta = mergeFiles(meta, next, files, icons)
    // Next.js: the templates of the leaf layout and the page never apply (nothing is below them).
    if (!layer.leaf) template = title?.template ?? null
  }
  meta = finishIcons(meta, icons)
  return { meta: inherit(meta, title?.absolute), title: title?.absolute || undefined }
}

/** Next's postProcessMetadata: twitter falls back to openGraph, both to the page's title/description. */
function inherit(meta: Metadata, title: string | undefined): Metadata {
  const og = meta.openGraph ? { ...meta.openGraph } : undefined
  let tw = meta.twitter ? { ...meta.twitter } : undefined
  if (og) {
    // A twitter object of the app's own got its card when it was merged, before inheriting images.
    const own = meta.twitter
    const ownImages = own?.images !== undefined && (!Array.isArray(own.images) || own.images.length > 0)
    tw = {
      ...tw,
      card: own ? (own.card ?? (ownImages ? 'summary_large_image' : 'summary')) : undefined,
      title: tw?.title ?? (og.title || title || undefined),
      description: tw?.description ?? (og.description || meta.description || undefined),
      images: tw?.images ?? og.images,
    }
  }
  for (const target of [og, tw]) {
    if (!target) continue
    if (!target.title && title) target.title = title
    if (!target.description && meta.description) target.description = meta.description
  }
  return { ...meta, openGraph: og, twitter: tw }
}

export async function MetadataTags({ layers }: { layers: Layer[] }): Promise<ReactNode> {
  const { meta, title } = await resolveMetadata(layers)
  return metadataElements(meta, title)
}
