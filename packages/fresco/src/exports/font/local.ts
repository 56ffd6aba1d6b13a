// @fresco/framework/font/local (next/font/local). `localFont({...})` is compiled away at build
// (build/plugin-next-font.ts): the call becomes `__localFont(result, fontUrls)` and the @font-face
// CSS is imported beside it. Reading className / variable / style during a render preloads the
// font files (a <link rel="preload" as="font"> in the HTML head), as Next's font loader does.
import { preload } from 'react-dom'

export interface LocalFontSource {
  path: string
  weight?: string
  style?: string
}

export interface LocalFontOptions {
  src: string | LocalFontSource[]
  display?: 'auto' | 'block' | 'swap' | 'fallback' | 'optional'
  weight?: string
  style?: string
  variable?: string
  fallback?: string[]
  preload?: boolean
  declarations?: { prop: string; value: string }[]
  adjustFontFallback?: 'Arial' | 'Times New Roman' | false
}

export interface NextFont {
  className: string
  style: { fontFamily: string; fontWeight?: number | string; fontStyle?: string }
}
export interface NextFontWithVariable extends NextFont {
  variable: string
}

const TYPES: Record<string, string> = {
  woff2: 'font/woff2',
  woff: 'font/woff',
  ttf: 'font/ttf',
  otf: 'font/otf',
}

/** What a compiled localFont() call evaluates to. */
export function __localFont(
  result: NextFont & { variable?: string },
  preloads: string[],
): NextFont & { variable?: string } {
  const hint = () => {
    for (const href of preloads)
      preload(href, { as: 'font', type: TYPES[href.split('.').pop() ?? ''], crossOrigin: 'anonymous' })
  }
  const font = {} as NextFont & { variable?: string }
  for (const key of Object.keys(result) as (keyof typeof result)[])
    Object.defineProperty(font, key, {
      enumerable: true,
      get() {
        hint() // a no-op outside a render; React dedupes the rest
        return result[key]
      },
    })
  return font
}

export default function localFont<T extends LocalFontOptions>(
  _options: T,
): T['variable'] extends string ? NextFontWithVariable : NextFont {
  throw new Error(
    '[fresco] localFont() ran without being compiled: call it at module level as `const font = localFont({ … })` with literal options, in a file under the app (Fresco compiles it at build, as Next does).',
  )
}
