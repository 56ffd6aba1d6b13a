// Resizing and re-encoding on sharp (libvips, what Next.js uses): auto-orient, shrink to the width
// (never enlarge), encode as the negotiated format or the source's own. Animated images and
// (when allowed) SVG are served as they are. Undecodable input is a 400, never a crash.
import sharp from 'sharp'
import type { ImageFormat } from '../../config/images.js'
import type { ImageRefusal } from './image-request.js'

export interface Transformed {
  body: Buffer
  contentType: string
}

/** SVG is text: recognised by its start, before sharp (which would rasterise it) sees it. */
export function isSvg(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 512).toString('utf8').trimStart().toLowerCase()
  return head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg'))
}

const KEPT: Record<string, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  avif: 'image/avif',
  heif: 'image/avif',
}

const notAnImage = (): ImageRefusal => ({
  ok: false,
  status: 400,
  message: '"url" parameter is not a valid image',
})

export async function transformImage(
  bytes: Buffer,
  opts: { width: number; quality: number; format: ImageFormat | null },
): Promise<Transformed | ImageRefusal> {
  let meta: sharp.Metadata
  try {
    meta = await sharp(bytes).metadata()
  } catch {
    return notAnImage()
  }
  const own = meta.format && KEPT[meta.format]
  if ((meta.pages ?? 1) > 1 && own) return { body: bytes, contentType: own } // animated: as it is
  const target = opts.format ?? own ?? 'image/jpeg'
  let pipeline = sharp(bytes, { failOn: 'error' })
    .rotate()
    .resize({ width: opts.width, withoutEnlargement: true })
  if (target === 'image/avif') pipeline = pipeline.avif({ quality: opts.quality, effort: 3 })
  else if (target === 'image/webp') pipeline = pipeline.webp({ quality: opts.quality })
  else if (target === 'image/png') pipeline = pipeline.png()
  else if (target === 'image/gif') pipeline = pipeline.gif()
  else pipeline = pipeline.jpeg({ quality: opts.quality, mozjpeg: true })
  try {
    return { body: await pipeline.toBuffer(), contentType: target }
  } catch {
    return notAnImage()
  }
}
