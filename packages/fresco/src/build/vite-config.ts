// The Vite config Fresco generates: the user has no vite.config. Three environments from
// @vitejs/plugin-rsc (rsc / ssr / client) whose entries live inside the fresco package, which is
// why `@fresco/framework` must be processed by Vite (noExternal) and kept out of dependency pre-bundling:
// its 'use client' modules have to become client references, and `import.meta.viteRsc` calls in
// the entries have to be rewritten.
import { randomBytes } from 'node:crypto'
import react from '@vitejs/plugin-react'
import rsc from '@vitejs/plugin-rsc'
import type { InlineConfig, Plugin } from 'vite'
import type { ResolvedConfig } from '../config/types.js'
import { clientImageConfig } from '../runtime/client/image-config.js'
import { STATIC_PREFIX } from '../runtime/render/payload.js'
import { onBuildWarning } from './build-warnings.js'
import { type AppPaths, FRESCO_PKG, frescoFile } from './paths.js'
import { instrumentationPlugin } from './plugin-instrumentation.js'
import { jsxInJsPlugin } from './plugin-jsx-in-js.js'
import { metadataFilesPlugin } from './plugin-metadata-files.js'
import { middlewarePlugin } from './plugin-middleware.js'
import { nextCompatPlugin } from './plugin-next-compat.js'
import { nextFontGooglePlugin, nextFontLocalPlugin } from './plugin-next-font.js'
import { pagesClientStripPlugin, pagesPlugin } from './plugin-pages.js'
import { routesPlugin } from './plugin-routes.js'
import { staticImagesPlugin } from './plugin-static-images.js'
import type { ProjectRoutes } from './scan-project.js'

export interface ViteConfigOptions {
  paths: AppPaths
  mode: 'build' | 'dev'
  scan: () => Promise<ProjectRoutes>
  buildId: string
  /** The resolved fresco config, baked into the server bundle as JSON. */
  config: unknown
}

export function entryFiles() {
  return {
    rsc: frescoFile('runtime/entries/rsc.js'),
    ssr: frescoFile('runtime/entries/ssr.js'),
    client: frescoFile('runtime/entries/browser.js'),
  }
}

/** plugin-rsc is our dependency, not the app's: pre-bundle its vendored runtime through us. */
function environmentsPlugin(): Plugin {
  return {
    name: 'fresco:environments',
    configEnvironment(_name, env) {
      if (env.optimizeDeps?.include) {
        env.optimizeDeps.include = env.optimizeDeps.include.map((dep) =>
          dep.startsWith('@vitejs/plugin-rsc') ? `${FRESCO_PKG} > ${dep}` : dep,
        )
      }
      return {
        resolve: { noExternal: [FRESCO_PKG] },
        optimizeDeps: { exclude: [FRESCO_PKG] },
      }
    },
  }
}

/**
 * Server bundles are always ESM named `.js`, whatever the app's package.json "type" says (npm's
 * default is CommonJS, where Vite would pick `.mjs`); build.ts marks dist/ as "type": "module".
 */
const serverOutput = { entryFileNames: '[name].js', chunkFileNames: 'assets/[name]-[hash].js' }

/**
 * next/image's share of the config (runtime/client/image-config.ts), compiled into every
 * environment. `fresco dev` serves images as they are: the endpoint reads the build's files, and
 * Vite serves the sources itself.
 */
function imagesDefine(config: unknown, dev: boolean): Record<string, string> {
  const images = (config as Partial<ResolvedConfig> | undefined)?.images
  if (!images) return {}
  return {
    __FRESCO_IMAGES__: JSON.stringify({
      ...clientImageConfig(images),
      unoptimized: images.unoptimized || dev,
    }),
  }
}

/**
 * next.config's `env` (config/next-style.ts), inlined as `process.env.NAME` into every environment
 * as Next inlines it, `trailingSlash` for <Link> hrefs (runtime/client/trailing-slash-href.ts) and
 * `basePath` for every URL the app makes (runtime/base-path.ts).
 */
function nextStyleDefine(config: unknown): Record<string, string> {
  const c = config as Partial<ResolvedConfig> | undefined
  const define: Record<string, string> = {
    __FRESCO_TRAILING_SLASH__: JSON.stringify(c?.trailingSlash ?? false),
    __FRESCO_BASE_PATH__: JSON.stringify(c?.basePath ?? ''),
  }
  for (const [name, value] of Object.entries(c?.env ?? {}))
    define[`process.env.${name}`] = JSON.stringify(value)
  return define
}

export function createViteConfig(opts: ViteConfigOptions): InlineConfig {
  const { paths } = opts
  const entries = entryFiles()
  const dev = opts.mode === 'dev'
  // Signs the draft-mode cookie: per build, shared by every instance of that build, never sent out.
  const draftSecret = randomBytes(32).toString('base64url')
  return {
    root: paths.root,
    configFile: false,
    appType: 'custom',
    publicDir: paths.publicDir,
    // Built asset URLs (scripts, stylesheets, static imports) under next.config's basePath.
    base: `${(opts.config as Partial<ResolvedConfig> | undefined)?.basePath ?? ''}/`,
    clearScreen: false,
    // The app's tsconfig.json / jsconfig.json "paths" (Next apps use "@/*" → "./src/*"), as Next resolves them.
    resolve: { tsconfigPaths: true },
    logLevel: dev ? 'info' : 'warn',
    // Oxc compiles JSX with the automatic runtime (react/jsx-runtime). In dev, @vitejs/plugin-react adds
    // React Fast Refresh to client modules (plugin-rsc's browser entry installs its preamble).
    oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
    define: {
      'process.env.NODE_ENV': JSON.stringify(dev ? 'development' : 'production'),
      ...imagesDefine(opts.config, dev),
      ...nextStyleDefine(opts.config),
    },
    plugins: [
      nextFontGooglePlugin(paths.root),
      nextCompatPlugin(paths.root),
      staticImagesPlugin(),
      nextFontLocalPlugin(paths.root),
      jsxInJsPlugin(paths.root),
      rsc({ entries, serverHandler: false }),
      metadataFilesPlugin(),
      // Client component edits re-render in place, keeping state (server ones re-fetch: browser.tsx).
      dev && react(),
      routesPlugin({
        scan: async () => (await opts.scan()).app,
        buildInfo: () => ({ buildId: opts.buildId, config: opts.config, dev, draftSecret }),
      }),
      pagesPlugin(async () => (await opts.scan()).pages),
      middlewarePlugin(paths.root),
      instrumentationPlugin(paths.root),
      pagesClientStripPlugin(async () => (await opts.scan()).pages),
      environmentsPlugin(),
    ],
    build: {
      // Hashed output under a prefix of Fresco's own, so no public/ file is ever served immutable.
      assetsDir: STATIC_PREFIX.slice(1),
      rollupOptions: { onwarn: onBuildWarning },
    },
    environments: {
      client: {
        build: { outDir: paths.clientDir, emptyOutDir: true },
        // Dev compiles JSX to jsx-dev-runtime; pre-bundle it up front instead of reloading the page.
        optimizeDeps: { include: ['react/jsx-dev-runtime'] },
      },
      ssr: { build: { outDir: paths.ssrDir, emptyOutDir: true, rollupOptions: { output: serverOutput } } },
      rsc: { build: { outDir: paths.rscDir, emptyOutDir: true, rollupOptions: { output: serverOutput } } },
    },
  }
}
