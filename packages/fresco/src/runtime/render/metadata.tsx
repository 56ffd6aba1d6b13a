// `metadata` / `generateMetadata()` of every layout and the page → <title>/<meta>/<link>.
// React 19 hoists these elements into <head> wherever they render, during SSR and on the client.
// generateMetadata runs inside the page's request store, so its fetches are memoised with the page's.
// Resolution follows Next.js's resolve-metadata.ts: keys merge shallowly (a deeper `openGraph`
// replaces the parent's), a title template applies to the segments *below* the layout that
// defines it, and openGraph / twitter inherit title and description at the end.
import type { ReactNode } from 'react'
import type { AnyModule } from './route-modules.js'

type Title = string | { default?: string; template?: string | null; absolute?: string }
type Robots = {
  index?: boolean
  follow?: boolean
  noarchive?: boolean
  nosnippet?: boolean
  noimageindex?: boolean
  nocache?: boolean
  notranslate?: boolean
  'max-snippet'?: number
  'max-image-preview'?: string
  'max-video-preview'?: number | string
}
type Image = string | { url: string; alt?: string }
export interface Metadata {
  /** Base for relative URLs in openGraph / twitter images, og:url and the canonical link. */
  metadataBase?: string | URL | null
  title?: Title | null
  description?: string | null
  keywords?: string | string[] | null
  robots?: string | Robots | null
  alternates?: { canonical?: string | null } | null
  openGraph?: {
    title?: string
    description?: string
    url?: string
    siteName?: string
    type?: string
    locale?: string
    images?: Image | Image[]
  } | null
  twitter?: {
    card?: 'summary' | 'summary_large_image' | 'app' | 'player'
    title?: string
    description?: string
    site?: string
    creator?: string
    images?: Image | Image[]
  } | null
}

interface Layer {
  mod: AnyModule
  props: Record<string, unknown>
  /** The page, or the layout of the page's own folder: its title template does not apply below. */
  leaf?: boolean
}

interface ResolvedTitle {
  absolute: string
  template: string | null
}

async function readLayer({ mod, props }: Layer, parent: Promise<Metadata>): Promise<Metadata | undefined> {
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

/** Deeper layers win key by key; a layout's `title.template` applies to the titles below it. */
export async function resolveMetadata(layers: Layer[]): Promise<{ meta: Metadata; title?: string }> {
  let meta: Metadata = {}
  let title: ResolvedTitle | undefined
  let template: string | null = null
  for (const layer of layers) {
    // As Next's ResolvingMetadata: the parent's title is resolved ({ absolute, template }).
    const next = await readLayer(layer, Promise.resolve({ ...meta, title }))
    if (next) {
      if (next.title !== undefined) title = resolveTitle(next.title, template)
      meta = { ...meta, ...next }
    }
    // Next.js: the templates of the leaf layout and the page never apply (nothing is below them).
    if (!layer.leaf) template = title?.template ?? null
  }
  return { meta: inherit(meta, title?.absolute), title: title?.absolute || undefined }
}

/** Next's postProcessMetadata: twitter falls back to openGraph, both to the page's title/description. */
function inherit(meta: Metadata, title: string | undefined): Metadata {
  const og = meta.openGraph ? { ...meta.openGraph } : undefined
  let tw = meta.twitter ? { ...meta.twitter } : undefined
  if (og) {
    tw = {
      ...tw,
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

const ROBOT_FLAGS = ['noarchive', 'nosnippet', 'noimageindex', 'nocache', 'notranslate'] as const
const ROBOT_VALUES = ['max-snippet', 'max-image-preview', 'max-video-preview'] as const

function robotsContent(robots: Metadata['robots']): string | undefined {
  if (!robots) return undefined
  if (typeof robots === 'string') return robots
  const values: string[] = []
  if (robots.index !== undefined) values.push(robots.index ? 'index' : 'noindex')
  if (robots.follow !== undefined) values.push(robots.follow ? 'follow' : 'nofollow')
  for (const key of ROBOT_FLAGS) if (robots[key]) values.push(key)
  for (const key of ROBOT_VALUES) if (robots[key] !== undefined) values.push(`${key}:${robots[key]}`)
  return values.length > 0 ? values.join(', ') : undefined
}

/** Relative URLs stay relative without a metadataBase (Next.js would guess http://localhost:PORT). */
function absolute(url: string, base: Metadata['metadataBase']): string {
  if (!base) return url
  try {
    return new URL(url, base).toString()
  } catch {
    return url
  }
}

function imagesOf(images: Image | Image[] | undefined, base: Metadata['metadataBase']) {
  const list = images === undefined ? [] : Array.isArray(images) ? images : [images]
  return list.map((img) => absolute(typeof img === 'string' ? img : img.url, base))
}

export async function MetadataTags({ layers }: { layers: Layer[] }): Promise<ReactNode> {
  const { meta, title } = await resolveMetadata(layers)
  const robots = robotsContent(meta.robots)
  const keywords = Array.isArray(meta.keywords) ? meta.keywords.join(',') : meta.keywords
  const og = meta.openGraph
  const tw = meta.twitter
  const base = meta.metadataBase
  const twImages = imagesOf(tw?.images, base)
  const card = tw && (tw.card ?? (twImages.length > 0 ? 'summary_large_image' : 'summary'))
  return (
    <>
      {/* Next.js's defaults (createDefaultViewport); `viewport` exports are not supported. */}
      <meta charSet="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      {title !== undefined && <title>{title}</title>}
      {meta.description && <meta name="description" content={meta.description} />}
      {keywords && <meta name="keywords" content={keywords} />}
      {robots && <meta name="robots" content={robots} />}
      {meta.alternates?.canonical && (
        <link rel="canonical" href={absolute(meta.alternates.canonical, base)} />
      )}
      {og?.title && <meta property="og:title" content={og.title} />}
      {og?.description && <meta property="og:description" content={og.description} />}
      {og?.url && <meta property="og:url" content={absolute(og.url, base)} />}
      {og?.siteName && <meta property="og:site_name" content={og.siteName} />}
      {og?.locale && <meta property="og:locale" content={og.locale} />}
      {imagesOf(og?.images, base).map((url) => (
        <meta key={url} property="og:image" content={url} />
      ))}
      {og?.type && <meta property="og:type" content={og.type} />}
      {card && <meta name="twitter:card" content={card} />}
      {tw?.site && <meta name="twitter:site" content={tw.site} />}
      {tw?.creator && <meta name="twitter:creator" content={tw.creator} />}
      {tw?.title && <meta name="twitter:title" content={tw.title} />}
      {tw?.description && <meta name="twitter:description" content={tw.description} />}
      {twImages.map((url) => (
        <meta key={url} name="twitter:image" content={url} />
      ))}
    </>
  )
}
