// Resolved metadata → the <meta>/<link> elements Next.js renders for it, in Next's order
// (metadata-elements.js: basic, alternates, verification, openGraph, twitter, icons), so a page
// written for Next.js gets the same <head>.
import { createElement, Fragment, isValidElement, type ReactNode } from 'react'
import type { Icon, Image, Metadata, Robots } from './metadata.js'
import { iconGroups } from './metadata-files.js'

type Base = Metadata['metadataBase']

const list = <T,>(v: T | T[] | null | undefined): T[] => (v == null ? [] : Array.isArray(v) ? v : [v])

/** Relative URLs stay relative without a metadataBase (Next.js would guess http://localhost:PORT). */
function absolute(url: string | URL, base: Base): string {
  if (!base) return String(url)
  try {
    return new URL(url, base).toString()
  } catch {
    return String(url)
  }
}

const ROBOT_FLAGS = [
  'noarchive',
  'nosnippet',
  'noimageindex',
  'nocache',
  'notranslate',
  'indexifembedded',
  'nositelinkssearchbox',
] as const
const ROBOT_VALUES = ['unavailable_after', 'max-video-preview', 'max-image-preview', 'max-snippet'] as const

/** Next's resolveRobotsValue: index/follow only when given as booleans, then the other directives. */
function robotsContent(robots: string | Robots | undefined): string | undefined {
  if (!robots) return undefined
  if (typeof robots === 'string') return robots
  const values: string[] = []
  if (robots.index !== undefined) values.push(robots.index ? 'index' : 'noindex')
  if (robots.follow !== undefined) values.push(robots.follow ? 'follow' : 'nofollow')
  for (const key of ROBOT_FLAGS) if (robots[key]) values.push(key)
  for (const key of ROBOT_VALUES) if (robots[key] !== undefined) values.push(`${key}:${robots[key]}`)
  return values.length > 0 ? values.join(', ') : undefined
}

interface ImageTags {
  url: string
  alt?: string
  type?: string
  width?: number | string
  height?: number | string
}

function imagesOf(images: Image | Image[] | undefined, base: Base): ImageTags[] {
  return list(images).map((img) =>
    typeof img === 'string' || img instanceof URL
      ? { url: absolute(img, base) }
      : { ...img, url: absolute(img.url, base) },
  )
}

function iconLinks(rel: string, icons: Icon | Icon[] | undefined): ReactNode[] {
  return list(icons).map((icon) => {
    const { url, ...attrs } = typeof icon === 'string' || icon instanceof URL ? { url: icon } : icon
    return <link key={`${rel}:${String(url)}`} rel={rel} href={String(url)} {...attrs} />
  })
}

function namedMetas(prefix: string, values: Record<string, unknown> | null | undefined): ReactNode[] {
  return Object.entries(values ?? {}).flatMap(([name, value]) =>
    list(value as string | string[]).map((content) => (
      <meta key={`${prefix}${name}:${content}`} name={name} content={String(content)} />
    )),
  )
}

function basic(meta: Metadata, title: string | undefined): ReactNode {
  const robots = typeof meta.robots === 'object' && meta.robots !== null ? meta.robots : undefined
  const keywords = Array.isArray(meta.keywords) ? meta.keywords.join(',') : meta.keywords
  const manifest = meta.manifest ? String(meta.manifest) : undefined
  return (
    <>
      {/* Next.js's defaults (createDefaultViewport); `viewport` exports are not supported. */}
      <meta charSet="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      {title !== undefined && <title>{title}</title>}
      {meta.description && <meta name="description" content={meta.description} />}
      {meta.applicationName && <meta name="application-name" content={meta.applicationName} />}
      {list(meta.authors).map((author, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: authors have no identity of their own.
        <AuthorTags key={i} name={author.name} url={author.url} />
      ))}
      {manifest && <link rel="manifest" href={manifest} />}
      {meta.generator && <meta name="generator" content={meta.generator} />}
      {keywords && <meta name="keywords" content={keywords} />}
      {meta.referrer && <meta name="referrer" content={meta.referrer} />}
      {meta.creator && <meta name="creator" content={meta.creator} />}
      {meta.publisher && <meta name="publisher" content={meta.publisher} />}
      {robotsTag('robots', typeof meta.robots === 'string' ? meta.robots : robots)}
      {robotsTag('googlebot', robots?.googleBot)}
      {meta.abstract && <meta name="abstract" content={meta.abstract} />}
      {meta.category && <meta name="category" content={meta.category} />}
      {meta.classification && <meta name="classification" content={meta.classification} />}
      {namedMetas('other:', meta.other)}
    </>
  )
}

function robotsTag(name: string, robots: string | Robots | undefined): ReactNode {
  const content = robotsContent(robots)
  return content ? <meta name={name} content={content} /> : null
}

function AuthorTags({ name, url }: { name?: string; url?: string | URL }): ReactNode {
  return (
    <>
      {url && <link rel="author" href={String(url)} />}
      {name && <meta name="author" content={name} />}
    </>
  )
}

function alternates(meta: Metadata, base: Base): ReactNode {
  const alt = meta.alternates
  if (!alt) return null
  return (
    <>
      {alt.canonical && <link rel="canonical" href={absolute(alt.canonical, base)} />}
      {Object.entries(alt.languages ?? {}).map(([lang, href]) =>
        href ? <link key={lang} rel="alternate" hrefLang={lang} href={absolute(href, base)} /> : null,
      )}
    </>
  )
}

function verification(meta: Metadata): ReactNode {
  const v = meta.verification
  if (!v) return null
  return namedMetas('verification:', {
    'google-site-verification': v.google,
    y_key: v.yahoo,
    'yandex-verification': v.yandex,
    me: v.me,
    ...v.other,
  })
}

function imageMetas(kind: 'og' | 'twitter', images: ImageTags[]): ReactNode[] {
  const attr = (name: string, content: unknown) =>
    content === undefined ? null : kind === 'og' ? (
      <meta key={name} property={`og:${name}`} content={String(content)} />
    ) : (
      <meta key={name} name={`twitter:${name}`} content={String(content)} />
    )
  // Next's order: og:image, type, width, height, alt; twitter:image, alt, type, width, height.
  return images.map((img) => (
    <Fragment key={img.url}>
      {attr('image', img.url)}
      {kind === 'twitter' && attr('image:alt', img.alt)}
      {attr('image:type', img.type)}
      {attr('image:width', img.width)}
      {attr('image:height', img.height)}
      {kind === 'og' && attr('image:alt', img.alt)}
    </Fragment>
  ))
}

const empty = (node: ReactNode) =>
  node === null || node === undefined || typeof node === 'boolean' || node === ''

/**
 * The elements of a tree written with `cond && <meta …/>`, without the empty slots and unkeyed
 * fragments: each slot would cost the RSC payload a `"$undefined"` or `[]` (stored with every page
 * and inlined in its HTML) and renders nothing. A list (`.map()`, keyed) stays one list, so its
 * keys never meet another list's.
 */
function present(node: ReactNode): ReactNode[] {
  if (empty(node)) return []
  if (Array.isArray(node)) {
    const items = node.filter((item) => !empty(item))
    return items.length === 0 ? [] : [items]
  }
  if (isValidElement<{ children?: ReactNode }>(node) && node.type === Fragment && node.key === null) {
    // A fragment's own children (JSX siblings) are spliced in; a list among them stays a list.
    const children = node.props.children
    return Array.isArray(children) ? children.flatMap(present) : present(children)
  }
  return [node]
}

export function metadataElements(meta: Metadata, title: string | undefined): ReactNode {
  // Spread as arguments: static children, so React asks no keys of them.
  return createElement(Fragment, null, ...present(allElements(meta, title)))
}

function allElements(meta: Metadata, title: string | undefined): ReactNode {
  const base = meta.metadataBase
  const og = meta.openGraph
  const tw = meta.twitter
  const twImages = imagesOf(tw?.images, base)
  const card = tw && (tw.card ?? (twImages.length > 0 ? 'summary_large_image' : 'summary'))
  const icons = iconGroups(meta.icons)
  return (
    <>
      {basic(meta, title)}
      {alternates(meta, base)}
      {verification(meta)}
      {og?.title && <meta property="og:title" content={og.title} />}
      {og?.description && <meta property="og:description" content={og.description} />}
      {og?.url && <meta property="og:url" content={absolute(og.url, base)} />}
      {og?.siteName && <meta property="og:site_name" content={og.siteName} />}
      {og?.locale && <meta property="og:locale" content={og.locale} />}
      {imageMetas('og', imagesOf(og?.images, base))}
      {og?.type && <meta property="og:type" content={og.type} />}
      {card && <meta name="twitter:card" content={card} />}
      {tw?.site && <meta name="twitter:site" content={tw.site} />}
      {tw?.creator && <meta name="twitter:creator" content={tw.creator} />}
      {tw?.title && <meta name="twitter:title" content={tw.title} />}
      {tw?.description && <meta name="twitter:description" content={tw.description} />}
      {imageMetas('twitter', twImages)}
      {iconLinks('shortcut icon', icons.shortcut)}
      {iconLinks('icon', icons.icon)}
      {iconLinks('apple-touch-icon', icons.apple)}
    </>
  )
}
