// pages/ → PagesTree: the Pages Router's file routes as plain data, like scan.ts for app/. Names
// only, never module contents. A file is a route (`index` stands for its folder); a folder or file
// name in brackets is a parameter with the same rules as app/ (scan-segment.ts); `pages/api/**`
// are API routes; `_app`, `_document`, `404`, `500` and `_error` at the root are special. The cross-route rules
// (one route per URL, one parameter name per position, catch-alls last) run on app/ and pages/
// together (validateAllRoutes), so a URL claimed by both routers is an error naming both files.
import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { unsupportedFileError } from '../errors.js'
import { isDirectory, type RouteDef, type SegmentDef } from './scan.js'
import { EXTENSIONS, parseSegmentName } from './scan-segment.js'
import { compareRoutePaths, validateRoutes } from './scan-validate.js'

export interface PagesRouteDef {
  /** `pages:` + the URL pattern: never equal to an app/ route id. */
  id: string
  /** URL pattern, e.g. '/blog/[id]'. */
  path: string
  /** `api` for pages/api/**. */
  kind: 'page' | 'api'
  /** Absolute path of the module. */
  file: string
  /** Parameter names, in URL order. */
  params: string[]
  /** The URL segments (root first), in scan.ts's shape, for the shared cross-route checks. */
  segments: SegmentDef[]
}

export interface PagesTree {
  pagesDir: string
  /** Most specific first (the order the matcher tries them). */
  routes: PagesRouteDef[]
  app?: string
  document?: string
  /** pages/404.tsx: the not-found page, prerendered at build. */
  notFound?: string
  /** pages/500.tsx: the page a failing request answers (static, rendered once). */
  serverError?: string
  /** pages/_error.tsx: 500 without pages/500, 404 without pages/404 (gets statusCode). */
  error?: string
}

export const PAGES_ID_PREFIX = 'pages:'

const SPECIAL: Record<string, 'app' | 'document' | 'notFound' | 'serverError' | 'error'> = {
  _app: 'app',
  _document: 'document',
  '404': 'notFound',
  '500': 'serverError',
  _error: 'error',
}

const UNSUPPORTED_SPECIAL: Record<string, string> = {
  _middleware: 'pages/_middleware',
}

/** `blog.tsx` → 'blog'; null for files that are not modules (styles, tests' .d.ts, …). */
function moduleName(fileName: string): string | null {
  if (fileName.endsWith('.d.ts')) return null
  const ext = EXTENSIONS.find((e) => fileName.endsWith(e))
  return ext ? fileName.slice(0, -ext.length) : null
}

/** A name in pages/ is literal unless it has brackets: `(x)`, `@x` and `_x` mean nothing here. */
function segmentOf(name: string, dir: string, rel: string): SegmentDef {
  if (!/[[\]]/.test(name)) return { name, kind: 'static', dir, files: {} }
  const parsed = parseSegmentName(name, rel)
  if (parsed === 'private' || parsed.kind === 'group') return { name, kind: 'static', dir, files: {} }
  const segment: SegmentDef = { name, kind: parsed.kind, dir, files: {} }
  if (parsed.param !== undefined) segment.param = parsed.param
  return segment
}

function toRoute(chain: SegmentDef[], file: string, api: boolean): PagesRouteDef {
  const parts = chain.map((s) =>
    s.kind === 'dynamic'
      ? `[${s.param}]`
      : s.kind === 'catchall'
        ? `[...${s.param}]`
        : s.kind === 'optional-catchall'
          ? `[[...${s.param}]]`
          : s.name,
  )
  const urlPath = `/${parts.join('/')}`
  const params = chain.flatMap((s) => (s.param === undefined ? [] : [s.param]))
  const root: SegmentDef = { name: '', kind: 'root', dir: path.dirname(file), files: {} }
  return {
    id: PAGES_ID_PREFIX + urlPath,
    path: urlPath,
    kind: api ? 'api' : 'page',
    file,
    params,
    segments: [root, ...chain],
  }
}

export async function scanPages(pagesDir: string): Promise<PagesTree> {
  const root = path.resolve(pagesDir)
  const rel = (p: string) => path.relative(path.dirname(root), p).split(path.sep).join('/')
  const tree: PagesTree = { pagesDir: root, routes: [] }

  async function walk(dir: string, chain: SegmentDef[], api: boolean): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true })
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const entry of entries) {
      const full = path.join(dir, entry.name)
      if (await isDirectory(entry, full)) {
        const isApi = chain.length === 0 && entry.name === 'api'
        await walk(full, [...chain, segmentOf(entry.name, full, rel(full))], api || isApi)
        continue
      }
      const name = moduleName(entry.name)
      if (name === null) continue
      if (chain.length === 0) {
        const special = SPECIAL[name]
        if (special) {
          tree[special] = full
          continue
        }
        const unsupported = UNSUPPORTED_SPECIAL[name]
        if (unsupported)
          throw unsupportedFileError(
            rel(full),
            unsupported,
            'Remove it: Fresco does not run middleware (see docs/guide/differences-from-nextjs.md).',
          )
      }
      const here = name === 'index' ? chain : [...chain, segmentOf(name, full, rel(full))]
      tree.routes.push(toRoute(here, full, api || (chain.length === 0 && name === 'api')))
    }
  }

  await walk(root, [], false)
  tree.routes.sort((a, b) => compareRoutePaths(a.path, b.path) || (a.file < b.file ? -1 : 1))
  return tree
}

/** pages/ routes in scan.ts's shape, so validateRoutes checks both routers in one URL space. */
function asRouteDef(route: PagesRouteDef): RouteDef {
  return {
    id: route.id,
    path: route.path,
    kind: route.kind === 'api' ? 'route' : 'page',
    file: route.file,
    segments: route.segments,
    params: route.params,
  }
}

/**
 * The cross-route rules over app/ and pages/ together: `app/about/page.tsx` + `pages/about.tsx`,
 * `pages/blog.tsx` + `pages/blog/index.tsx`, `[id]` beside `[slug]`, … are errors naming both files.
 */
export function validateAllRoutes(appRoutes: RouteDef[], pages: PagesTree | undefined, root: string): void {
  if (!pages) return
  const rel = (p: string) => path.relative(root, p).split(path.sep).join('/')
  validateRoutes([...appRoutes, ...pages.routes.map(asRouteDef)], rel)
}
