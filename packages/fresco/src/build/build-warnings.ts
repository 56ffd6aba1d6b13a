// Bundler warnings a Fresco build never shows: nothing in them is the app's to act on.
import type { Rollup } from 'vite'

type RollupLog = Rollup.RollupLog

const SILENT = new Set([
  // 'use client' / 'use server' were already turned into references by plugin-rsc.
  'MODULE_LEVEL_DIRECTIVE',
  // Rolldown's "JavaScript callbacks ran for N s of the build" table: it times Fresco's own plugins
  // (vite:css with a PostCSS/Tailwind config, the RSC transforms), printed in the middle of every slow
  // build of a real app. BUNDLER_TIMINGS is the name newer Rolldown versions give it.
  'PLUGIN_TIMINGS',
  'BUNDLER_TIMINGS',
])

/** `build.rollupOptions.onwarn`: drops the warnings above, passes every other one on. */
export function onBuildWarning(warning: RollupLog, warn: (warning: RollupLog) => void): void {
  if (warning.code !== undefined && SILENT.has(warning.code)) return
  warn(warning)
}
