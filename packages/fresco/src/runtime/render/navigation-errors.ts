// notFound() / redirect() / permanentRedirect(): control flow as thrown errors, like Next.js.
// They must survive React's error serialization (production RSC streams drop messages), so each
// carries a `digest` string, the only field React forwards:
//
//   notFound()                 digest = 'FRESCO_NOT_FOUND'
//   redirect(url, type)        digest = 'FRESCO_REDIRECT;<status>;<url>'   (url last: it may contain ';')
//
// status: 307 (redirect) / 308 (permanentRedirect) while rendering or in a route handler; 303 in a
// Server Action, so the browser follows a POST with a GET (RFC 9110 §15.4.4), as Next.js does.
// This format is the same one runtime/render/digest.ts reads. Isomorphic: no Node imports.

import { addBasePath } from '../base-path.js'
import { DYNAMIC_USAGE_DIGEST, REQUEST_STORAGE_SLOT } from '../data/shared-names.js'

export const NOT_FOUND_DIGEST = 'FRESCO_NOT_FOUND'
export const REDIRECT_DIGEST_PREFIX = 'FRESCO_REDIRECT;'

export type RedirectType = 'replace' | 'push'
/** Next.js exports RedirectType as a value too: `redirect('/x', RedirectType.replace)`. */
export const RedirectType = { push: 'push', replace: 'replace' } as const
export interface RedirectInfo {
  url: string
  status: 303 | 307 | 308
  /** How the client router applies it: replace (default) or push (default inside a Server Action). */
  type: RedirectType
}

class NavigationError extends Error {
  readonly digest: string
  constructor(digest: string, message: string) {
    super(message)
    this.name = 'NavigationError'
    this.digest = digest
  }
}

class RedirectError extends NavigationError {
  readonly redirectType: RedirectType
  constructor(url: string, status: RedirectInfo['status'], type: RedirectType) {
    super(`${REDIRECT_DIGEST_PREFIX}${status};${url}`, `redirect(${url}) was called (status ${status}).`)
    this.redirectType = type
  }
}

// Read the data layer's request store through its global slot rather than importing it, so this
// module stays free of node:async_hooks and also loads in the ssr and client environments.
function inServerAction(): boolean {
  const storage = (globalThis as Record<symbol, { getStore(): { phase?: string } | undefined } | undefined>)[
    REQUEST_STORAGE_SLOT
  ]
  return storage?.getStore()?.phase === 'action'
}

/** Render the nearest not-found.tsx (404) instead of this segment. */
export function notFound(): never {
  throw new NavigationError(NOT_FOUND_DIGEST, 'notFound() was called.')
}

/** Stop rendering and redirect: 307 (303 after a Server Action). */
export function redirect(url: string, type?: RedirectType): never {
  const action = inServerAction()
  throw new RedirectError(checkUrl(url), action ? 303 : 307, type ?? (action ? 'push' : 'replace'))
}

/** Stop rendering and redirect for good: 308 (303 after a Server Action). */
export function permanentRedirect(url: string, type?: RedirectType): never {
  const action = inServerAction()
  throw new RedirectError(checkUrl(url), action ? 303 : 308, type ?? (action ? 'push' : 'replace'))
}

/** A local path gets next.config's basePath, as Next sends it: redirect('/login') → `/docs/login`. */
function checkUrl(url: unknown): string {
  if (typeof url !== 'string' || url === '') {
    throw new TypeError(`[fresco] redirect() needs a URL string, received ${JSON.stringify(url)}.`)
  }
  return addBasePath(url)
}

const digestOf = (e: unknown): unknown =>
  typeof e === 'object' && e !== null ? (e as { digest?: unknown }).digest : undefined

export function isNotFoundError(e: unknown): boolean {
  return digestOf(e) === NOT_FOUND_DIGEST
}

/** The redirect an error stands for; also works on errors rebuilt from a digest by React. */
export function isRedirectError(e: unknown): RedirectInfo | null {
  const digest = digestOf(e)
  if (typeof digest !== 'string' || !digest.startsWith(REDIRECT_DIGEST_PREFIX)) return null
  const rest = digest.slice(REDIRECT_DIGEST_PREFIX.length)
  const sep = rest.indexOf(';')
  const status = Number(rest.slice(0, sep))
  if (sep === -1 || (status !== 303 && status !== 307 && status !== 308)) return null
  const type = e instanceof RedirectError ? e.redirectType : 'replace'
  return { url: rest.slice(sep + 1), status, type }
}

/**
 * Next's unstable_rethrow: inside a try/catch around code that may call notFound(), redirect() or a
 * dynamic API, rethrow the framework's control-flow errors (also when wrapped as an error's cause)
 * so only the app's own errors are handled.
 */
export function unstable_rethrow(error: unknown): void {
  if (isNotFoundError(error) || isRedirectError(error) || digestOf(error) === DYNAMIC_USAGE_DIGEST)
    throw error
  if (error instanceof Error && 'cause' in error) unstable_rethrow(error.cause)
}
