// A metadata file's route module as a GET route handler, like Next.js's next-metadata-route-loader:
// a static file (icon.png, robots.txt) answers its bytes and is force-static; sitemap.ts /
// robots.ts / manifest.ts answer their default export's data as XML / text / JSON, and
// opengraph-image.tsx & co. their default export's Response; all keep their own segment config
// (`revalidate`, `dynamic`). Each with Next's Cache-Control (an ImageResponse sets its own); the route
// cache stores them like any cacheable handler (route-handler.ts isCacheableHandler).

import { metadataDefaultExportError } from '../../errors.js'
import { METADATA_ID_PARAM, type MetadataRouteInfo } from './metadata-files.js'
import { imageRouteModule } from './metadata-image.js'
import type { Robots, Sitemap } from './metadata-route-types.js'
import type { AnyModule } from './route-modules.js'

/** What `next start` sends for every metadata route, static or generated. */
export const METADATA_CACHE_CONTROL = 'public, max-age=0, must-revalidate'
/** `next dev` sends this for static files, so an edited icon is never taken from the browser's cache. */
const DEV_STATIC_CACHE_CONTROL = 'no-cache, no-store'

/** opengraph-image.tsx & co.: the default export answers a Response of its own (metadata-image.ts). */
const IMAGE_TYPES = new Set<MetadataRouteInfo['type']>(['icon', 'apple', 'openGraph', 'twitter'])

interface MetadataRoute {
  file: string
  metadata?: MetadataRouteInfo
}

export function metadataRouteModule(route: MetadataRoute, mod: AnyModule): AnyModule {
  const info = route.metadata!
  const headers = { 'content-type': info.contentType, 'cache-control': METADATA_CACHE_CONTROL }
  if (info.static) {
    if (process.env.NODE_ENV === 'development') headers['cache-control'] = DEV_STATIC_CACHE_CONTROL
    // virtual:fresco/metadata-file: the file's bytes, base64 in the server bundle.
    const bytes = Buffer.from(mod.default as string, 'base64')
    return { dynamic: 'force-static', GET: () => new Response(bytes, { headers }) }
  }
  const generate = mod.default
  if (typeof generate !== 'function') throw metadataDefaultExportError(`app/${route.file}`)
  if (IMAGE_TYPES.has(info.type))
    return imageRouteModule(mod, generate as Parameters<typeof imageRouteModule>[1], info.multiple === true)
  if (info.multiple) return sitemapsModule(mod, generate as GenerateSitemap, headers)
  return {
    ...mod, // revalidate, dynamic…: read as the route's segment config
    async GET() {
      const data = await generate()
      return new Response(serialize(info.type, data), { headers })
    },
  }
}

type Ids = () => Promise<{ id?: unknown }[]>
type GenerateSitemap = (props: { id: Promise<string> }) => unknown

/** Next's ids: every entry needs one; it is matched as a string. */
async function sitemapIds(generateSitemaps: Ids): Promise<string[]> {
  const list = await generateSitemaps()
  if (!Array.isArray(list)) throw new TypeError('generateSitemaps() must return an array of { id }')
  return list.map((item) => {
    if (item?.id == null)
      throw new TypeError('id property is required for every item returned from generateSitemaps')
    return String(item.id)
  })
}

/**
 * sitemap.ts with generateSitemaps (Next's getDynamicSitemapRouteCode): `sitemap/<id>.xml` for each
 * id, prerendered through generateStaticParams; any other `<id>` answers 404 (never stored).
 */
function sitemapsModule(mod: AnyModule, generate: GenerateSitemap, headers: HeadersInit): AnyModule {
  const { generateSitemaps, ...config } = mod
  const ids = () => sitemapIds(generateSitemaps as Ids)
  return {
    ...config,
    async generateStaticParams() {
      return (await ids()).map((id) => ({ [METADATA_ID_PARAM]: `${id}.xml` }))
    },
    async GET(_request: Request, context: { params: Promise<Record<string, unknown>> }) {
      const param = (await context.params)[METADATA_ID_PARAM]
      const id = typeof param === 'string' && param.endsWith('.xml') ? param.slice(0, -4) : undefined
      if (id === undefined || !(await ids()).includes(id)) return new Response('Not Found', { status: 404 })
      return new Response(sitemapXml(((await generate({ id: Promise.resolve(id) })) ?? []) as Sitemap), {
        headers,
      })
    },
  }
}

function serialize(type: MetadataRouteInfo['type'], data: unknown): string {
  if (type === 'sitemap') return sitemapXml((data ?? []) as Sitemap)
  if (type === 'robots') return robotsTxt((data ?? {}) as Robots)
  return JSON.stringify(data)
}

const list = <T>(value: T | T[] | undefined | null): T[] =>
  value == null ? [] : Array.isArray(value) ? value : [value]

/** Next's resolveRobots (resolve-route-data.ts), byte for byte. */
export function robotsTxt(data: Robots): string {
  let content = ''
  for (const rule of list(data.rules)) {
    for (const agent of list(rule.userAgent ?? '*')) content += `User-Agent: ${agent}\n`
    for (const item of list(rule.allow)) content += `Allow: ${item}\n`
    for (const item of list(rule.disallow)) content += `Disallow: ${item}\n`
    if (rule.crawlDelay) content += `Crawl-delay: ${rule.crawlDelay}\n`
    for (const [key, value] of Object.entries(rule.other ?? {}))
      for (const v of list(value)) content += `${key}: ${v}\n`
    content += '\n'
  }
  if (data.host) content += `Host: ${data.host}\n`
  for (const item of list(data.sitemap)) content += `Sitemap: ${item}\n`
  return content
}

/**
 * XML text: `<` and `>` escaped, and a bare `&` (Next writes values as given, so `?a=1&b=2` makes
 * invalid XML). An `&` that already starts an entity (`&amp;`) is kept, so values escaped by hand
 * for Next come out the same.
 */
const xml = (value: unknown): string =>
  String(value)
    .replace(/&(?![a-zA-Z]+;|#\d+;|#x[0-9a-fA-F]+;)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')

/** Next's resolveSitemap (resolve-route-data.ts): the same elements, order and line breaks. */
export function sitemapXml(data: Sitemap): string {
  const hasAlternates = data.some((item) => Object.keys(item.alternates?.languages ?? {}).length > 0)
  const hasImages = data.some((item) => Boolean(item.images?.length))
  const hasVideos = data.some((item) => Boolean(item.videos?.length))
  let content = '<?xml version="1.0" encoding="UTF-8"?>\n'
  content += '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
  if (hasImages) content += ' xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"'
  if (hasVideos) content += ' xmlns:video="http://www.google.com/schemas/sitemap-video/1.1"'
  content += hasAlternates ? ' xmlns:xhtml="http://www.w3.org/1999/xhtml">\n' : '>\n'
  for (const item of data) {
    content += `<url>\n<loc>${xml(item.url)}</loc>\n`
    for (const [lang, href] of Object.entries(item.alternates?.languages ?? {}))
      content += `<xhtml:link rel="alternate" hreflang="${xml(lang)}" href="${xml(href)}" />\n`
    for (const image of item.images ?? [])
      content += `<image:image>\n<image:loc>${xml(image)}</image:loc>\n</image:image>\n`
    for (const video of item.videos ?? []) content += videoXml(video)
    if (item.lastModified) {
      const date = item.lastModified instanceof Date ? item.lastModified.toISOString() : item.lastModified
      content += `<lastmod>${xml(date)}</lastmod>\n`
    }
    if (item.changeFrequency) content += `<changefreq>${xml(item.changeFrequency)}</changefreq>\n`
    if (typeof item.priority === 'number') content += `<priority>${item.priority}</priority>\n`
    content += '</url>\n'
  }
  return `${content}</urlset>\n`
}

type Video = NonNullable<Sitemap[number]['videos']>[number]

const VIDEO_FIELDS = [
  'content_loc',
  'player_loc',
  'duration',
  'view_count',
  'tag',
  'rating',
  'expiration_date',
  'publication_date',
  'family_friendly',
  'requires_subscription',
  'live',
] as const

function videoXml(video: Video): string {
  const tag = (name: string, value: unknown) => `<video:${name}>${xml(value)}</video:${name}>`
  const fields = [
    '<video:video>',
    tag('title', video.title),
    tag('thumbnail_loc', video.thumbnail_loc),
    tag('description', video.description),
  ]
  for (const name of VIDEO_FIELDS) if (video[name]) fields.push(tag(name, video[name]))
  for (const name of ['restriction', 'platform'] as const) {
    const v = video[name]
    if (v)
      fields.push(`<video:${name} relationship="${xml(v.relationship)}">${xml(v.content)}</video:${name}>`)
  }
  if (video.uploader) {
    const info = video.uploader.info ? ` info="${xml(video.uploader.info)}"` : ''
    fields.push(`<video:uploader${info}>${xml(video.uploader.content)}</video:uploader>`)
  }
  fields.push('</video:video>\n')
  return fields.join('\n')
}
