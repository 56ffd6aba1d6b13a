// Seam 1: what the node server hands the app, and what the app hands back. The node layer
// lives outside the server bundle; these are the only types both sides share.
import type { CacheHandler, CacheStatus } from '@fresco/cache'
import type { PreparedResponse } from './prepared-response.js'
import type { AppRouting } from './routing/router.js'

export type { PreparedResponse }

export interface IncomingInfo {
  method: string
  /** Validated, percent-decoded once, no `.`/`..` segments, no `//`, no NUL or backslash. */
  pathname: string
  /** `''` or `'?…'`, exactly as received (still percent-encoded). */
  search: string
  /** The request target as received, for logs. */
  rawUrl: string
  /**
   * `http://<Host>`, or behind `trustProxy` the proxy's validated scheme and host: the base of
   * `request.url`. Always a valid URL origin, whatever the headers say.
   */
  origin: string
  /** Node's IncomingHttpHeaders: lower-case names, no Web `Headers` built on the HIT path. */
  headers: Record<string, string | string[] | undefined>
  /** The body as a size-limited stream (errors with BODY_TOO_LARGE); null for GET and HEAD. */
  body(): ReadableStream<Uint8Array> | null
  /** Fires when the client goes away before the response is done. */
  signal: AbortSignal
}

export type Served =
  /** A cached (or cacheable) response; `cacheStatus` null for responses outside the route cache. */
  | { type: 'prepared'; prepared: PreparedResponse; cacheStatus: CacheStatus | null }
  /** Everything else (dynamic pages, route handlers, actions, errors), streamed. */
  | { type: 'web'; response: Response }

export interface FrescoApp {
  buildId: string
  /** May answer synchronously (a HIT needs no promise); the node layer accepts both. */
  serve(req: IncomingInfo): Served | Promise<Served>
  /**
   * redirects, rewrites and middleware (routing/router.ts), asked by the node layer around static
   * files; absent when the app has none, so a plain app's HIT path does not change.
   */
  routing?: AppRouting
  /**
   * revalidatePath(path) / revalidateTag(tag) from outside any request (the cache inspector's
   * purge buttons): the same invalidation, Redis publish and CDN purge. Resolves once the cache
   * has it; false when it failed (logged).
   */
  purge?(target: { path: string } | { tag: string }): Promise<boolean>
  /** Finish in-flight regenerations and cache writes (graceful shutdown). */
  close(): Promise<void>
  /** The cache handler the app reads and writes: the readiness endpoint reports its state (node/health.ts). */
  cacheHandler?: CacheHandler
}
