// `metadata` / `generateMetadata()` of every layout and the page → <title>/<meta>/<link>.
// React 19 hoists these elements into <head> wherever they render, during SSR and on the client.
// generateMetadata runs inside the page's request store, so its fetches are memoised with the page's.
import type { ReactNode } from 'react'
import type { AnyModule } from './route-modules.js'

type Title = string | { default?: string; template?: string; absolute?: string }
export interface Metadata {
  title?: Title | null
  description?: string | null
  keywords?: string | string[] | null
  robots?: string | { index?: boolean; follow?: boolean } | null
  alternates?: { canonical?: string | null } | null
  openGraph?: {
    title?: string
    description?: string
    url?: string
    siteName?: string
    type?: string
    images?: string | { url: string; alt?: string } | Array<string | { url: string; alt?: string }>
  } | null
}

interface Layer {
  mod: AnyModule
  props: Record<string, unknown>
}

async function readLayer({ mod, props }: Layer, parent: Promise<Metadata>): Promise<Metadata | undefined> {
  if (typeof mod.generateMetadata === 'function')
    return (await mod.generateMetadata(props, parent)) as Metadata
  return mod.metadata as Metadata | undefined
}

/** Deeper layers win key by key; a layout's `title.template` applies to the titles below it. */
export async function resolveMetadata(layers: Layer[]): Promise<{ meta: Metadata; title?: string }> {
  let meta: Metadata = {}
  let title: string | undefined
  let template: string | undefined
  for (const layer of layers) {
    const next = await readLayer(layer, Promise.resolve(meta))
    if (!next) continue
    if (next.title != null) {
      const t = next.title
      if (typeof t === 'string') title = template ? template.replace('%s', t) : t
      else {
        title = t.absolute ?? (t.default !== undefined ? t.default : title)
        if (t.template) template = t.template
      }
    }
    meta = { ...meta, ...next }
  }
  return { meta, title }
}

function ogImages(images: NonNullable<Metadata['openGraph']>['images']) {
  const list = images === undefined ? [] : Array.isArray(images) ? images : [images]
  return list.map((img) => (typeof img === 'string' ? { url: img } : img))
}

export async function MetadataTags({ layers }: { layers: Layer[] }): Promise<ReactNode> {
  const { meta, title } = await resolveMetadata(layers)
  const robots =
    typeof meta.robots === 'string'
      ? meta.robots
      : meta.robots
        ? `${meta.robots.index === false ? 'noindex' : 'index'}, ${meta.robots.follow === false ? 'nofollow' : 'follow'}`
        : undefined
  const keywords = Array.isArray(meta.keywords) ? meta.keywords.join(', ') : meta.keywords
  const og = meta.openGraph
  return (
    <>
      {title !== undefined && <title>{title}</title>}
      {meta.description && <meta name="description" content={meta.description} />}
      {keywords && <meta name="keywords" content={keywords} />}
      {robots && <meta name="robots" content={robots} />}
      {meta.alternates?.canonical && <link rel="canonical" href={meta.alternates.canonical} />}
      {og?.title && <meta property="og:title" content={og.title} />}
      {og?.description && <meta property="og:description" content={og.description} />}
      {og?.url && <meta property="og:url" content={og.url} />}
      {og?.siteName && <meta property="og:site_name" content={og.siteName} />}
      {og?.type && <meta property="og:type" content={og.type} />}
      {ogImages(og?.images).map((img) => (
        <meta key={img.url} property="og:image" content={img.url} />
      ))}
    </>
  )
}
