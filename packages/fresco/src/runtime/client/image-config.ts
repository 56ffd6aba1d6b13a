// What <Image> needs of the `images` config, in every environment: the build replaces
// __FRESCO_IMAGES__ (build/vite-config.ts) with the app's resolved values; Next's defaults otherwise.
import { IMAGE_DEFAULTS } from '../../config/images.js'

export interface ClientImageConfig {
  path: string
  deviceSizes: number[]
  imageSizes: number[]
  qualities: number[]
  unoptimized: boolean
  dangerouslyAllowSVG: boolean
}

declare const __FRESCO_IMAGES__: ClientImageConfig | undefined

export function clientImageConfig(images: ClientImageConfig): ClientImageConfig {
  const { path, deviceSizes, imageSizes, qualities, unoptimized, dangerouslyAllowSVG } = images
  return { path, deviceSizes, imageSizes, qualities, unoptimized, dangerouslyAllowSVG }
}

export const imageConfig: ClientImageConfig =
  typeof __FRESCO_IMAGES__ === 'undefined' ? clientImageConfig(IMAGE_DEFAULTS) : __FRESCO_IMAGES__
