// app/ → RouteTree: plain, JSON-serializable data in a deterministic order. The walk reads
// folder and file names only (never module contents); segment config is read later, by the
// build, from the loaded modules (see segment-config.ts).
import type { Dirent } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import {
  appDirMissingError,
  duplicateConventionError,
  invalidSegmentError,
  missingRootLayoutError,
  pageAndRouteError,
  slotWithoutLayoutError,
} from '../errors.js'
import type { MetadataRouteInfo } from '../runtime/render/metadata-files.js'
import {
  classifyMetadataFile,
  type FolderMetadata,
  type MetadataFolder,
  metadataRoutes,
} from './metadata-files.js'
import {
  type ConventionKey,
  classifyFile,
  type InterceptMarker,
  parseSegmentName,
  type SegmentKind,
} from './scan-segment.js'
import { slotOnlyRoutes } from './scan-slot-only.js'
import { interceptOf, toRoute, toSlotRoute, urlParts } from './scan-slots.js'
import { sortRoutes, validateRoutes } from './scan-validate.js'

export type { InterceptMarker, SegmentKind } from './scan-segment.js'

export interface RouteTree {
  appDir: string
  routes: RouteDef[]
  /** app/not-found.tsx: rendered for URLs no route matches. */
  rootNotFound?: string
  /**
   * Intercepting routes outside slots (`app/feed/(..)photo/[id]/page.tsx`): never a URL of their
   * own; each renders in place of the page on a client navigation its `intercepts` rule covers.
   */
  intercepting?: RouteDef[]
}

/** Absolute file paths of the conventions present in one folder. */
export type SegmentFiles = Partial<Record<ConventionKey, string>>

export interface SegmentDef {
  /** The folder name ('' for the app directory itself). */
  name: string
  kind: SegmentKind
  param?: string
  dir: string
  files: SegmentFiles
  /** The folder's metadata files (icon.png, opengraph-image.jpg…) as its <head> tags say them. */
  metadata?: FolderMetadata
  /** `(.)photos`: this folder intercepts (in a slot, or in `children`: see RouteTree.intercepting). */
  intercept?: InterceptMarker
  /** The `@name` folders beside this segment's layout, by name (without `@`). */
  slots?: Record<string, SlotDef>
}

/** A parallel route: an `@name` folder, passed to the layout beside it as the prop `name`. */
export interface SlotDef {
  /** The `@name` folder itself (kind 'slot'): its layout, loading, error, not-found, default. */
  segment: SegmentDef
  /** Pages inside the slot; their `path` is relative to the layout's URL ('/' = @name/page.tsx). */
  routes: SlotRouteDef[]
}

export interface SlotRouteDef extends Omit<RouteDef, 'kind'> {
  kind: 'page'
  /** Segments from the slot folder down (the slot segment first). */
  segments: SegmentDef[]
  /** An intercepting route: rendered on client navigation from `from` (or below) to `path`. */
  intercepts?: { path: string; from: string }
}

export interface RouteDef {
  /** Route pattern with groups, e.g. '/(shop)/blog/[id]'. */
  id: string
  /** URL pattern without groups, e.g. '/blog/[id]'. */
  path: string
  kind: 'page' | 'route'
  /** Absolute path of page.tsx / route.ts. */
  file: string
  /** Root first. */
  segments: SegmentDef[]
  /** Parameter names, in URL order. */
  params: string[]
  /** The route of a metadata file (icon.png, sitemap.ts…): see metadata-files.ts. */
  metadata?: MetadataRouteInfo
  /**
   * A URL only a slot has a page for (scan-slot-only.ts): `segments` end at the slot's layout,
   * `file` is the slot's page, `below` the URL pattern below that layout ('/login'), `segments`
   * the slot page's own (the slot folder first; checked with the other routes, not rendered).
   */
  slotOnly?: { below: string; segments: SegmentDef[] }
  /** An intercepting route in `children` (RouteTree.intercepting): the URL pattern it intercepts, from where. */
  intercepts?: { path: string; from: string }
}

interface SlotWalk {
  routes: SlotRouteDef[]
  /** URL pattern parts of the layout the slot belongs to (its parent's chain). */
  base: string[]
}

export async function scanApp(appDir: string): Promise<RouteTree> {
  const root = path.resolve(appDir)
  const info = await stat(root).catch(() => null)
  if (!info?.isDirectory()) throw appDirMissingError(root)
  const rel = (p: string) => path.relative(path.dirname(root), p).split(path.sep).join('/')

  const routes: RouteDef[] = []
  const intercepting: RouteDef[] = []
  const metadataFolders: MetadataFolder[] = []
  /** The chains of `children` segments with slots (their slot-only URLs are added after the walk). */
  const slotHolders: SegmentDef[][] = []
  const rootSegment: SegmentDef = { name: '', kind: 'root', dir: root, files: {} }

  /** One folder: its files, its route (if any), its child folders; `slot` when inside an @name folder. */
  async function walk(segment: SegmentDef, chain: SegmentDef[], slot?: SlotWalk): Promise<void> {
    const entries = await readdir(segment.dir, { withFileTypes: true })
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    const folders: string[] = []
    const here = [...chain, segment]
    const metadataFiles: MetadataFolder['files'] = []
    for (const entry of entries) {
      const full = path.join(segment.dir, entry.name)
      if (await isDirectory(entry, full)) {
        folders.push(entry.name)
        continue
      }
      const key = classifyFile(entry.name, rel(full))
      if (!key) {
        const meta = classifyMetadataFile(entry.name, segment.kind === 'root')
        if (meta) metadataFiles.push(meta)
        continue
      }
      const existing = segment.files[key]
      if (existing) throw duplicateConventionError(rel(existing), rel(full))
      segment.files[key] = full
    }
    const { page, route } = segment.files
    if (page && route) throw pageAndRouteError(rel(page), rel(route))
    // Below an intercepting folder in `children`: pages intercept, nothing is a URL of its own.
    const intercepts = slot ? undefined : interceptOf(here, [], rel)
    // Metadata files count in URL folders; a slot has no URL of its own for them (as in Next).
    if (metadataFiles.length > 0 && !slot && !intercepts)
      metadataFolders.push({ chain: here, files: metadataFiles })
    if (intercepts) {
      if (route)
        throw invalidSegmentError(rel(segment.dir), 'An intercepting folder holds pages, not route handlers.')
      if (page) intercepting.push({ ...toRoute(here, 'page', page), path: intercepts.path, intercepts })
    } else if (slot) {
      if (route)
        throw invalidSegmentError(rel(segment.dir), 'A slot (@name folder) holds pages, not route handlers.')
      if (page) slot.routes.push(toSlotRoute(here, page, slot.base, rel))
    } else {
      const file = page ?? route
      if (file) routes.push(toRoute(here, page ? 'page' : 'route', file))
    }

    for (const name of folders) {
      const dir = path.join(segment.dir, name)
      const parsed = parseSegmentName(name, rel(dir))
      if (parsed === 'private') continue
      const child: SegmentDef = { name, kind: parsed.kind, dir, files: {} }
      if (parsed.param !== undefined) child.param = parsed.param
      if (parsed.intercept) child.intercept = parsed.intercept
      if (parsed.kind === 'slot') {
        // A slot's pages match the URL below the layout beside it: `base` is that layout's URL.
        const sub: SlotWalk = { routes: [], base: [...(slot?.base ?? []), ...urlParts(here)] }
        await walk(child, [], sub)
        if (!segment.files.layout)
          throw slotWithoutLayoutError(rel(dir), `${rel(segment.dir)}/layout.tsx`, name.slice(1))
        if (!slot && !intercepts && !segment.slots) slotHolders.push(here)
        segment.slots ??= {}
        segment.slots[name.slice(1)] = { segment: child, routes: sortRoutes(sub.routes) as SlotRouteDef[] }
        validateRoutes(
          sub.routes.filter((r) => !r.intercepts),
          rel,
        )
        continue
      }
      await walk(child, here, slot)
    }
  }

  await walk(rootSegment, [])
  if (!rootSegment.files.layout) throw missingRootLayoutError(rel(root))
  for (const folder of metadataFolders) {
    for (const m of await metadataRoutes(folder, rel))
      routes.push({ ...toRoute(m.segments, 'route', m.file), metadata: m.metadata })
  }
  routes.push(...slotOnlyRoutes(slotHolders, routes, rel))
  validateRoutes(routes, rel)
  const tree: RouteTree = { appDir: root, routes: sortRoutes(routes) }
  if (intercepting.length > 0) tree.intercepting = intercepting
  if (rootSegment.files.notFound) tree.rootNotFound = rootSegment.files.notFound
  return tree
}

// Symlinked folders are followed: monorepos link shared route folders into app/.
export async function isDirectory(entry: Dirent, full: string): Promise<boolean> {
  if (entry.isDirectory()) return true
  if (!entry.isSymbolicLink()) return false
  return (await stat(full).catch(() => null))?.isDirectory() ?? false
}
