// The shape of .fresco/manifest.json: written by `fresco build` (build/manifest.ts), read by the
// server (createApp's `manifest`). Lives in runtime/ because runtime/ never imports build/.

/** Bump when the shape changes; a server refuses a manifest of another version. */
export const MANIFEST_VERSION = 1

export type RouteType = 'static' | 'isr' | 'dynamic'

export interface ManifestRoute {
  id: string
  /** URL pattern, e.g. '/blog/[id]'. */
  path: string
  kind: 'page' | 'route'
  type: RouteType
  /** Seconds until stale; false = never by age; 0 for dynamic routes. */
  revalidate: number | false
  /** Seconds after generation an entry may still be served stale (config.expireTime). */
  expire: number
  /** Why the route is dynamic: the API used ('cookies()') or the config ("dynamic = 'force-dynamic'"). */
  dynamicReason?: string
  dynamicParams: boolean
  /** Canonical pathnames rendered at build (one for a static path, one per generateStaticParams entry). */
  prerendered: string[]
  /** Pages Router: getStaticPaths' fallback (false = unknown paths are 404, like dynamicParams false). */
  fallback?: boolean | 'blocking'
}

export interface FrescoManifest {
  version: typeof MANIFEST_VERSION
  buildId: string
  /** ISO time of the build, for humans. */
  createdAt: string
  routes: ManifestRoute[]
}
