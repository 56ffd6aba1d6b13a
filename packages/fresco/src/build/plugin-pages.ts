// The Pages Router's virtual modules (docs/design/pages-router.md):
// - `virtual:fresco/pages-routes` (rsc env): the route table as plain data, no module imports;
// - `virtual:fresco/pages` (ssr env, where pages render with react-dom/server): lazy loaders of
//   every page / API module and of _app, _document, 404;
// - `virtual:fresco/pages-client` (client env): lazy loaders of the pages and _app, for hydration
//   and client transitions. The client copies of page modules lose their data functions
//   (strip-data-functions.ts), so server-only imports never reach the browser.
import path from 'node:path'
import type { Plugin, Rolldown } from 'vite'

type OutputBundle = Rolldown.OutputBundle
type OutputChunk = Rolldown.OutputChunk

import type { PagesTree } from './scan-pages.js'
import { stripDataFunctions } from './strip-data-functions.js'

export const PAGES_ROUTES_ID = 'virtual:fresco/pages-routes'
export const PAGES_SERVER_ID = 'virtual:fresco/pages'
export const PAGES_CLIENT_ID = 'virtual:fresco/pages-client'

const lazy = (file: string | undefined) => (file ? `() => import(${JSON.stringify(file)})` : 'null')

export function pagesRoutesCode(tree: PagesTree | undefined): string {
  const routes = (tree?.routes ?? []).map((r) => ({
    id: r.id,
    path: r.path,
    kind: r.kind,
    params: r.params,
    file: `pages/${r.file
      .slice((tree?.pagesDir.length ?? 0) + 1)
      .split('\\')
      .join('/')}`,
  }))
  return [
    `export const pagesRoutes = ${JSON.stringify(routes)}`,
    `export const hasNotFoundPage = ${tree?.notFound !== undefined}`,
    `export const hasErrorPages = ${tree?.serverError !== undefined || tree?.error !== undefined}`,
  ].join('\n')
}

function loadersCode(
  tree: PagesTree | undefined,
  kinds: ReadonlySet<string>,
  css: ReadonlyMap<string, string[]> = new Map(),
): string {
  const routes = (tree?.routes ?? []).filter((r) => kinds.has(r.kind))
  const modules = routes.map((r) => `  ${JSON.stringify(r.id)}: ${lazy(r.file)}`)
  // The stylesheets each page needs in the browser, for <link> tags in its document (no flash of
  // unstyled content): the client build ran before the ssr build (plugin-rsc's order).
  const styles: Record<string, string[]> = {}
  for (const [key, file] of [
    ...routes.map((r) => [r.id, r.file] as const),
    ['_app', tree?.app] as const,
    [NOT_FOUND_ID, tree?.notFound] as const,
    [SERVER_ERROR_ID, tree?.serverError] as const,
    [ERROR_ID, tree?.error] as const,
  ]) {
    const files = file ? css.get(file) : undefined
    if (files?.length) styles[key] = files
  }
  return [
    `export const modules = {\n${modules.join(',\n')}\n}`,
    `export const css = ${JSON.stringify(styles)}`,
    `export const app = ${lazy(tree?.app)}`,
    `export const document = ${lazy(tree?.document)}`,
    `export const notFound = ${lazy(tree?.notFound)}`,
    `export const serverError = ${lazy(tree?.serverError)}`,
    `export const error = ${lazy(tree?.error)}`,
  ].join('\n')
}

// The special pages' ids (runtime/pages/special-ids.ts has the same; build/ cannot import runtime/).
const NOT_FOUND_ID = 'pages:/404'
const SERVER_ERROR_ID = 'pages:/500'
const ERROR_ID = 'pages:/_error'

/** Page file → the CSS files its client chunk and the chunks it statically imports load. */
function cssOfChunks(bundle: OutputBundle, base: string): Map<string, string[]> {
  const chunks = new Map<string, OutputChunk>()
  for (const out of Object.values(bundle)) if (out.type === 'chunk') chunks.set(out.fileName, out)
  const found = new Map<string, string[]>()
  for (const chunk of chunks.values()) {
    if (!chunk.facadeModuleId) continue
    const css = new Set<string>()
    const seen = new Set<string>()
    const walk = (c: OutputChunk | undefined) => {
      if (!c || seen.has(c.fileName)) return
      seen.add(c.fileName)
      for (const file of c.viteMetadata?.importedCss ?? []) css.add(base + file)
      for (const imported of c.imports) walk(chunks.get(imported))
    }
    walk(chunk)
    if (css.size > 0) found.set(chunk.facadeModuleId, [...css])
  }
  return found
}

export function pagesPlugin(scan: () => Promise<PagesTree | undefined>): Plugin {
  let tree: Promise<PagesTree | undefined> | undefined
  let css = new Map<string, string[]>()
  const ids = new Set([PAGES_ROUTES_ID, PAGES_SERVER_ID, PAGES_CLIENT_ID])
  return {
    name: 'fresco:pages',
    generateBundle(_options, bundle) {
      if (this.environment.name === 'client') css = cssOfChunks(bundle, this.environment.config.base)
    },
    resolveId(id) {
      return ids.has(id) ? `\0${id}` : undefined
    },
    configureServer(server) {
      // A page added or removed in `fresco dev` changes the route tables, not just one module.
      const onChange = (file: string) => {
        if (!file.includes(`${path.sep}pages${path.sep}`)) return
        tree = undefined
        for (const env of Object.values(server.environments))
          for (const id of ids) {
            const mod = env.moduleGraph.getModuleById(`\0${id}`)
            if (mod) env.moduleGraph.invalidateModule(mod)
          }
      }
      server.watcher.on('add', onChange)
      server.watcher.on('unlink', onChange)
    },
    async load(id) {
      if (!id.startsWith('\0virtual:fresco/pages')) return undefined
      tree ??= scan()
      const t = await tree
      if (id === `\0${PAGES_ROUTES_ID}`) return pagesRoutesCode(t)
      if (id === `\0${PAGES_SERVER_ID}`) return loadersCode(t, new Set(['page', 'api']), css)
      if (id === `\0${PAGES_CLIENT_ID}`) return `${loadersCode(t, new Set(['page']))}\n${pagesRoutesCode(t)}`
      return undefined
    },
  }
}

/**
 * Client copies of page modules without getStaticProps / getStaticPaths / getServerSideProps; runs
 * after Oxc compiled TypeScript and JSX (enforce: 'post').
 */
export function pagesClientStripPlugin(scan: () => Promise<PagesTree | undefined>): Plugin {
  let files: Promise<Set<string>> | undefined
  return {
    name: 'fresco:pages-strip',
    enforce: 'post',
    applyToEnvironment: (env) => env.name === 'client',
    configureServer(server) {
      const reset = (file: string) => {
        if (file.includes(`${path.sep}pages${path.sep}`)) files = undefined
      }
      server.watcher.on('add', reset)
      server.watcher.on('unlink', reset)
    },
    async transform(code, id) {
      files ??= scan().then(
        (t) => new Set((t?.routes ?? []).filter((r) => r.kind === 'page').map((r) => r.file)),
      )
      if (!(await files).has(id.split('?')[0] ?? id)) return undefined
      return stripDataFunctions(code)
    },
  }
}
