// @fresco/framework/font/google: the types of next/font/google. There is no run-time code: each
// call (`const inter = Inter({ subsets: ['latin'] })`) is compiled at build from the family's
// Fontsource package (build/font-google/fontsource.ts) into what next/font/local's calls become.
// The family functions themselves are declared in fresco-env.d.ts, one per Fontsource package
// installed in the app (build/env-types.ts), so the editor offers the families a build can resolve.
import type { NextFont, NextFontWithVariable } from './local.js'

export type { NextFont, NextFontWithVariable }

type Display = 'auto' | 'block' | 'swap' | 'fallback' | 'optional'

export interface GoogleFontOptions {
  /** A weight ('400'), several (['400', '700']), or none / 'variable' for the variable font. */
  weight?: string | string[]
  style?: 'normal' | 'italic' | ('normal' | 'italic')[]
  /** The subsets whose files are preloaded; required while `preload` is on. */
  subsets?: string[]
  display?: Display
  preload?: boolean
  /** Variable axes beyond the weight, such as ['opsz']. */
  axes?: string[]
  fallback?: string[]
  adjustFontFallback?: boolean
  variable?: string
}

/** One family of next/font/google, e.g. `Inter`. */
export type GoogleFont = <T extends GoogleFontOptions>(
  options?: T,
) => T['variable'] extends string ? NextFontWithVariable : NextFont
