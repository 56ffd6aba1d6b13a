// The shape of every RSC payload Fresco sends (HTML-inlined, /_fresco/rsc/…, action responses).
import type { ReactNode } from 'react'
import type { ReactFormState } from 'react-dom/client'

export type Params = Record<string, string | string[]>

export interface RscPayload {
  /** The whole document: root layout down to the page. Absent for a redirect. */
  tree?: ReactNode
  pathname: string
  params: Params
  search: string
  /** The build that rendered it: the client router turns a navigation into a full load on a mismatch. */
  buildId?: string
  /** redirect() during the render: the client navigates instead of rendering. */
  redirect?: { url: string; status: number }
  /** useActionState after a no-JS form post. */
  formState?: ReactFormState
  /** The Server Action's return value (called from JS). */
  returnValue?: { ok: boolean; data: unknown }
  /** Rendered by an intercepting route (a slot's `(.)` page over the page navigated from). */
  intercepted?: boolean
}

/** What Next.js sends for RSC payloads; cached and rendered payloads alike. */
export const RSC_CONTENT_TYPE = 'text/x-component'
export const HTML_CONTENT_TYPE = 'text/html; charset=utf-8'
export const RSC_PREFIX = '/_fresco/rsc'
/** Content-hashed build output (client JS, CSS, imported assets): the only URLs served immutable. */
export const STATIC_PREFIX = '/_fresco/static'
/** Everything under `/_fresco/` is Fresco's: a `public/_fresco/` folder is refused at build. */
export const RESERVED_PREFIX = '/_fresco/'
/**
 * Route id, cache path and canonical URL path of the root not-found page that answers every URL no
 * route matches (an `_` folder is private in app/, so no route can have it; Next uses the same).
 */
export const ROOT_NOT_FOUND_PATH = '/_not-found'
export const ACTION_HEADER = 'x-fresco-action'
/** Tags and paths a Server Action revalidated, so the client can drop its cached payloads. */
export const REVALIDATED_HEADER = 'x-fresco-revalidated'
/** A client prefetch (`auto`: up to the first loading.tsx if dynamic; `full`): never regenerates. */
export const PREFETCH_HEADER = 'x-fresco-prefetch'
/**
 * The pathname of the page a client navigation starts from (Next.js's `Next-Url`): an intercepting
 * route renders in its place when this is at or below the route's folder. Only payload requests
 * read it; payload answers for paths an intercepting route covers carry `Vary` on it.
 */
export const NEXT_URL_HEADER = 'x-fresco-url'
/** On a payload from the route cache: the client keeps it for `staleTimes.static`. */
export const STATIC_HEADER = 'x-fresco-static'

/** `/blog/1` → `/_fresco/rsc/blog/1`; `/` → `/_fresco/rsc/` (contracts.md, URLs). */
export function rscUrl(pathname: string, search = ''): string {
  return `${RSC_PREFIX}${pathname === '/' ? '/' : pathname}${search}`
}
