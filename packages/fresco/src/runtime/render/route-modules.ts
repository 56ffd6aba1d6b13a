// The runtime view of `virtual:fresco/routes`: lazy module loaders per route, loaded on first
// render and memoised for the life of the process (modules never change in production; in dev
// Vite's module runner re-evaluates the virtual module, which recreates this table).
import type { ComponentType } from 'react'
import { mergeSegmentConfig, readSegmentConfig, type SegmentConfig } from '../data/segment-config.js'
import type { MetadataRouteInfo, StaticMetadata } from './metadata-files.js'
import { metadataRouteModule } from './metadata-route.js'

export type AnyModule = Record<string, unknown>
export type Loader = () => Promise<AnyModule>
export type SegmentFileKey = 'layout' | 'page' | 'route' | 'loading' | 'error' | 'notFound' | 'template'

export interface RuntimeSegment {
  name: string
  kind: string
  param: string | null
  files: Partial<Record<SegmentFileKey, Loader>>
  /** The folder's metadata files, as its <head> tags describe them (metadata-files.ts). */
  metadata?: StaticMetadata
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
}

export interface LoadedSegment {
  name: string
  param: string | null
  layout?: AnyModule
  loading?: AnyModule
  error?: AnyModule
  notFound?: AnyModule
  template?: AnyModule
  metadata?: StaticMetadata
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
function segmentDir(segments: LoadedSegment[], i: number): string {
  return ['app', ...segments.slice(1, i + 1).map((s) => s.name)].join('/')
}

async function doLoad(route: RuntimeRoute): Promise<LoadedRoute> {
  const [leaf, segments] = await Promise.all([
    route.metadata ? route.module().then((m) => metadataRouteModule(route, m)) : route.module(),
    Promise.all(
      route.segments.map(async (s): Promise<LoadedSegment> => {
        const load = async (key: SegmentFileKey) => s.files[key]?.()
        const [layout, loading, error, notFound, template] = await Promise.all(
          (['layout', 'loading', 'error', 'notFound', 'template'] as const).map(load),
        )
        return {
          name: s.name,
          param: s.param,
          layout,
          loading,
          error,
          notFound,
          template,
          metadata: s.metadata,
        }
      }),
    ),
  ])
  // Layouts first, the leaf last: deeper segments override, `revalidate` takes the minimum.
  // Errors name the file as the user sees it: app/blog/[id]/layout, app/blog/[id]/page.tsx.
  const layers = segments.flatMap((s, i) =>
    s.layout ? [readSegmentConfig(`${segmentDir(segments, i)}/layout`, s.layout)] : [],
  )
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
