// Images generated from code (opengraph-image.tsx, twitter-image.tsx, icon.tsx, apple-icon.tsx whose
// default export returns an ImageResponse), as Next.js's next-metadata-image-loader and
// next-metadata-route-loader make them:
// - the <head> tags read the module's `size`, `alt` and `contentType` exports (or one entry per
//   `generateImageMetadata({ params })` item) when a page renders, and point at the route with the
//   page's params filled in and the source's hash as the query (`/blog/a/opengraph-image?<hash>`);
// - the route calls the default export with `{ params }` (and `{ id }` at `<name>/<id>` with
//   generateImageMetadata, 404 for an id it does not list) and answers its Response as it is.
// Both sides take params and id as promises, as Next 16 passes them.
import { fillPath } from '../server/match.js'
import { METADATA_ID_PARAM, type MetadataImage, type StaticMetadata } from './metadata-files.js'
import type { Params } from './payload.js'
import type { AnyModule } from './route-modules.js'

/** One generated image of a folder, as the build found it (build/metadata-files.ts). */
export interface GeneratedImage {
  type: 'icon' | 'apple' | 'openGraph' | 'twitter'
  /** The route's path pattern, `/blog/[slug]/opengraph-image` (the id segment not included). */
  path: string
  /** `?<hash>` of the source, so a browser fetches a changed image again. */
  query: string
  /** Loads the image module (the routes module writes it as a lazy import). */
  module: () => Promise<AnyModule>
}

interface ImageExports {
  id?: unknown
  size?: { width?: number; height?: number }
  alt?: string
  contentType?: string
}

type GenerateImageMetadata = (props: { params: Params }) => unknown

/** Next's getImageMetadata: `type` defaults to PNG; width/height for social images, `sizes` for icons. */
function imageTags(image: GeneratedImage, data: ImageExports, url: string): MetadataImage {
  const tags: MetadataImage = { url: url + image.query, type: data.contentType || 'image/png' }
  if (data.alt !== undefined) tags.alt = data.alt
  const size = data.size
  if (size) {
    if (image.type === 'openGraph' || image.type === 'twitter')
      Object.assign(tags, { width: size.width, height: size.height })
    else tags.sizes = `${size.width}x${size.height}`
  }
  return tags
}

/** Next's rule: every item needs an id, compared as a string. */
async function imageIds(generate: GenerateImageMetadata, params: Params): Promise<ImageExports[]> {
  const list = await generate({ params })
  if (!Array.isArray(list)) throw new TypeError('generateImageMetadata() must return an array')
  for (const item of list as ImageExports[])
    if (item?.id == null)
      throw new TypeError('id property is required for every item returned from generateImageMetadata')
  return list as ImageExports[]
}

async function tagsOf(image: GeneratedImage, params: Params): Promise<MetadataImage[]> {
  const mod = await image.module()
  const url = fillPath(image.path, params)
  if (typeof mod.generateImageMetadata !== 'function') return [imageTags(image, mod as ImageExports, url)]
  const items = await imageIds(mod.generateImageMetadata as GenerateImageMetadata, params)
  return items.map((item) => imageTags(image, item, `${url}/${String(item.id)}`))
}

/** A folder's files with its generated images turned into tags for these params (a layer's). */
export async function withGeneratedImages(
  files: StaticMetadata | undefined,
  params: Params,
): Promise<StaticMetadata | undefined> {
  if (!files?.generated?.length) return files
  const resolved: StaticMetadata = {
    ...files,
    icon: [...files.icon],
    apple: [...files.apple],
    openGraph: [...files.openGraph],
    twitter: [...files.twitter],
  }
  for (const image of files.generated) resolved[image.type].push(...(await tagsOf(image, params)))
  return resolved
}

type ImageHandler = (props: { params: Promise<Params>; id?: Promise<string> }) => unknown

/**
 * The GET handler of a generated image's route, keeping the module's segment config (`revalidate`,
 * `dynamic`): static by default, prerendered at build, every id of generateImageMetadata too.
 */
export function imageRouteModule(mod: AnyModule, handler: ImageHandler, multiple: boolean): AnyModule {
  // The build saw no generateImageMetadata in the text (no id segment): an export it missed stays in
  // the config, where readSegmentConfig names it and how to declare it.
  if (!multiple) {
    return {
      ...mod,
      GET: (_request: Request, context: { params: Promise<Params> }) => handler({ params: context.params }),
    }
  }
  const { generateImageMetadata, ...config } = mod
  const generate = generateImageMetadata as GenerateImageMetadata
  return {
    ...config,
    async generateStaticParams({ params }: { params: Params }) {
      return (await imageIds(generate, params)).map((item) => ({ [METADATA_ID_PARAM]: String(item.id) }))
    },
    async GET(_request: Request, context: { params: Promise<Params> }) {
      const { [METADATA_ID_PARAM]: id, ...params } = await context.params
      const items = await imageIds(generate, params)
      if (typeof id !== 'string' || !items.some((item) => String(item.id) === id))
        return new Response('Not Found', { status: 404 })
      return handler({ params: Promise.resolve(params), id: Promise.resolve(id) })
    },
  }
}
