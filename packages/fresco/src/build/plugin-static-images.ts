// `import photo from './photo.jpg'` gives next/image's StaticImageData, as in Next.js: the hashed
// URL of the file (Vite's own `?url` asset, the same in the three environments), its intrinsic
// size, and for raster formats an 8-pixel blurDataURL for placeholder="blur". Computed with sharp
// at build (and on first import in dev). App files only; `?url` / `?raw` imports stay Vite's.
import sharp from 'sharp'
import type { Plugin } from 'vite'

/** The files an import turns into StaticImageData (fresco-env.d.ts declares them too). */
export const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'gif', 'webp', 'avif', 'svg'] as const
const IMAGE = new RegExp(`\\.(${IMAGE_EXTENSIONS.join('|')})$`, 'i')
const BLURRED = new Set(['jpeg', 'png', 'webp', 'avif'])
/** The longest side of the blur image: tiny, inlined into the HTML as base64. */
const BLUR_SIZE = 8

export interface StaticImageModule {
  width: number
  height: number
  blurDataURL?: string
  blurWidth?: number
  blurHeight?: number
}

export async function staticImageData(file: string): Promise<StaticImageModule> {
  const meta = await sharp(file).metadata()
  // EXIF orientations 5-8 swap the sides the browser shows.
  const swapped = (meta.orientation ?? 1) >= 5
  const width = (swapped ? meta.height : meta.width) ?? 0
  const height = (swapped ? meta.width : meta.height) ?? 0
  if (!meta.format || !BLURRED.has(meta.format) || !width || !height) return { width, height }
  const scale = BLUR_SIZE / Math.max(width, height)
  const blurWidth = Math.max(1, Math.round(width * scale))
  const blurHeight = Math.max(1, Math.round(height * scale))
  const blur = await sharp(file).rotate().resize(blurWidth, blurHeight).webp({ quality: 70 }).toBuffer()
  return {
    width,
    height,
    blurDataURL: `data:image/webp;base64,${blur.toString('base64')}`,
    blurWidth,
    blurHeight,
  }
}

export function staticImagesPlugin(): Plugin {
  return {
    name: 'fresco:static-images',
    enforce: 'pre',
    async load(id) {
      if (!IMAGE.test(id) || id.startsWith('\0') || id.includes('/node_modules/')) return undefined
      this.addWatchFile(id)
      const data = await staticImageData(id)
      return `import src from ${JSON.stringify(`${id}?url`)}\nexport default { src, ...${JSON.stringify(data)} }\n`
    },
  }
}
