// The runtime view of `virtual:fresco/routes`: lazy module loaders per route, loaded on first
// render and memoised for the life of the process (modules never change in production; in dev
// Vite's module runner re-evaluates the virtual module, which recreates this table).
import type { ComponentType } from 'react'
import { mergeSegmentConfig, readSegmentConfig, type SegmentConfig } from '../data/segment-config.js'
import type { MetadataRouteInfo, StaticMetadata } from './metadata-files.js'
import { metadataRouteModule } from './metadata-route.js'

export type AnyModule = Record<string, unknown>
export type Loader = () => Promise<AnyModule>
export type SegmentFileKey =
  | 'layout'
  | 'page'
  | 'route'
  | 'loading'
  | 'error'
  | 'notFound'
  | 'template'
  | 'default'

export interface RuntimeSegment {
  name: string
  kind: string
  param: string | null
  files: Partial<Record<SegmentFileKey, Loader>>
  /** The folder's metadata files, as its <head> tags describe them (metadata-files.ts). */
  metadata?: StaticMetadata
  /** Parallel routes: the `@name` folders beside this segment's layout. */
  slots?: RuntimeSlot[]
}

export interface RuntimeSlot {
  name: string
  /** The `@name` folder (its layout, loading, error, not-found, default). */
  segment: RuntimeSegment
  routes: RuntimeSlotRoute[]
}

export interface RuntimeSlotRoute {
  id: string
  /** Relative to the layout's URL ('/' = @name/page.tsx). */
  path: string
  kind: 'page'
  params: string[]
  file: string
  module: Loader
  /** The slot folder first. */
  segments: RuntimeSegment[]
  /** An intercepting route: the URL pattern it intercepts, on navigations from `from` or below. */
  intercepts?: { path: string; from: string }
}

export interface RuntimeRoute {
  id: string
  path: string
  kind: 'page' | 'route'
  params: string[]
  /** Path of page.tsx / route.ts relative to app/, for messages. */
  file: string
  module: Loader
  segments: RuntimeSegment[]
  /** A metadata file's route (icon.png, sitemap.ts…): its module is made a GET handler. */
  metadata?: MetadataRouteInfo
  /**
   * A URL only a slot has a page for (build/scan-slot-only.ts): `segments` end at the slot's layout,
   * `module` is the slot's page, `below` the URL pattern below that layout, which only slots match.
   */
  slotOnly?: { below: string }
  /** An intercepting route in `children` (never matched by URL): what it intercepts, from where. */
  intercepts?: { path: string; from: string }
}

export interface LoadedSegment {
  name: string
  kind: string
  param: string | null
  default?: AnyModule
  slots?: LoadedSlot[]
  layout?: AnyModule
  loading?: AnyModule
  error?: AnyModule
  notFound?: AnyModule
  template?: AnyModule
  metadata?: StaticMetadata
}

export interface LoadedSlot {
  name: string
  segment: LoadedSegment
  routes: LoadedSlotRoute[]
}

export interface LoadedSlotRoute {
  route: RuntimeSlotRoute
  segments: LoadedSegment[]
  page: AnyModule
}

export interface LoadedRoute {
  route: RuntimeRoute
  segments: LoadedSegment[]
  /** page.tsx or route.ts */
  leaf: AnyModule
  config: SegmentConfig
}

const cache = new WeakMap<RuntimeRoute, Promise<LoadedRoute>>()

export function loadRoute(route: RuntimeRoute): Promise<LoadedRoute> {
  let loaded = cache.get(route)
  if (!loaded) {
    loaded = doLoad(route)
    // A failed import (syntax error in dev) must not poison the table.
    loaded.catch(() => cache.delete(route))
    cache.set(route, loaded)
  }
  return loaded
}

/** `app/blog/[id]` for segment i (segment 0 is app/ itself). */
export function segmentDir(segments: readonly LoadedSegment[], i: number): string {
  return ['app', ...segments.slice(1, i + 1).map((s) => s.name)].join('/')
}

const FILE_KEYS = ['layout', 'loading', 'error', 'notFound', 'template', 'default'] as const

/** A segment's modules, and those of every page in its slots (recursively: slots may nest). */
async function loadSegment(s: RuntimeSegment): Promise<LoadedSegment> {
  const [files, slots] = await Promise.all([
    Promise.all(FILE_KEYS.map(async (key) => s.files[key]?.())),
    s.slots ? Promise.all(s.slots.map(loadSlot)) : undefined,
  ])
  const [layout, loading, error, notFound, template, fallback] = files
  const loaded: LoadedSegment = {
    name: s.name,
    kind: s.kind,
    param: s.param,
    layout,
    loading,
    error,
    notFound,
    template,
    metadata: s.metadata,
  }
  if (fallback) loaded.default = fallback
  if (slots) loaded.slots = slots
  return loaded
}

async function loadSlot(slot: RuntimeSlot): Promise<LoadedSlot> {
  const [segment, routes] = await Promise.all([
    loadSegment(slot.segment),
    Promise.all(
      slot.routes.map(async (route): Promise<LoadedSlotRoute> => {
        const [page, segments] = await Promise.all([
          route.module(),
          Promise.all(route.segments.map(loadSegment)),
        ])
        return { route, segments, page }
      }),
    ),
  ])
  return { name: slot.name, segment, routes }
}

/** Config layers of a segment's slots: their layouts, defaults and (non-intercepting) pages. */
function slotLayers(segment: LoadedSegment, dir: string): ReturnType<typeof readSegmentConfig>[] {
  return (segment.slots ?? []).flatMap((slot) => {
    const slotDir = `${dir}/@${slot.name}`
    const own = [slot.segment.layout, slot.segment.default].flatMap((m, i) =>
      m ? [readSegmentConfig(`${slotDir}/${i === 0 ? 'layout' : 'default'}`, m)] : [],
    )
    const pages = slot.routes.flatMap((r) =>
      r.route.intercepts
        ? []
        : [
            ...r.segments
              .slice(1)
              .flatMap((s) => (s.layout ? [readSegmentConfig(`app/${r.route.file}`, s.layout)] : [])),
            readSegmentConfig(`app/${r.route.file}`, r.page),
          ],
    )
    return [...own, ...pages]
  })
}

async function doLoad(route: RuntimeRoute): Promise<LoadedRoute> {
  const [leaf, segments] = await Promise.all([
    route.metadata ? route.module().then((m) => metadataRouteModule(route, m)) : route.module(),
    Promise.all(route.segments.map(loadSegment)),
  ])
  // Layouts first, the leaf last: deeper segments override, `revalidate` takes the minimum.
  // Errors name the file as the user sees it: app/blog/[id]/layout, app/blog/[id]/page.tsx.
  // A page's slots render with it, so their config counts too (every page a slot may show here).
  const layers = segments.flatMap((s, i) => [
    ...(s.layout ? [readSegmentConfig(`${segmentDir(segments, i)}/layout`, s.layout)] : []),
    ...slotLayers(s, segmentDir(segments, i)),
  ])
  layers.push(readSegmentConfig(`app/${route.file}`, leaf))
  return { route, segments, leaf, config: mergeSegmentConfig(layers) }
}

// biome-ignore lint/suspicious/noExplicitAny: user components take arbitrary props (params, children, error…).
type UserComponent = ComponentType<any>

/** A 'use client' module's export as the rsc environment sees it: a reference, not the value. */
export function isClientReference(value: unknown): boolean {
  return (
    (typeof value === 'function' || (typeof value === 'object' && value !== null)) &&
    (value as { $$typeof?: unknown }).$$typeof === Symbol.for('react.client.reference')
  )
}

/** Default export of a convention file, if it is a component. */
export function componentOf(mod: AnyModule | undefined): UserComponent | undefined {
  const c = mod?.default
  return typeof c === 'function' ? (c as UserComponent) : undefined
}
