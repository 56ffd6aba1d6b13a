// Implicit path tags (Next.js compatible, prefix `_N_T_`) and the per-entry tag limits.
import type { Logger } from './types.js'

export const IMPLICIT_TAG_PREFIX = '_N_T_'
/** At most this many explicit tags per entry (implicit tags are bounded by the path length). */
export const MAX_TAGS = 128
export const MAX_TAG_LENGTH = 256
export const MAX_PATH_LENGTH = 1024

const LEAVES = new Set(['page', 'route'])

/**
 * `app/blog/[id]/page.tsx` (or `src/app/…`, or an already-normalised `/blog/[id]/page`) →
 * `/blog/[id]/page`. A path without a `page`/`route` leaf is taken as a page.
 */
export function routePath(routeFile: string): string {
  let path = routeFile.replaceAll('\\', '/')
  if (!path.startsWith('/')) {
    if (path.startsWith('src/app/')) path = path.slice(4)
    if (path.startsWith('app/')) path = path.slice(3)
    else path = `/${path}`
  }
  const slash = path.lastIndexOf('/')
  const leaf = path.slice(slash + 1).replace(/\.[^.]+$/, '')
  if (LEAVES.has(leaf)) return `${path.slice(0, slash)}/${leaf}`
  return `${path.replace(/\/$/, '')}/page`
}

/** `/blog/1/` → `/blog/1`; `` → `/`. Route groups and brackets are kept as written. */
function normalizePathname(pathname: string): string {
  let path = pathname.startsWith('/') ? pathname : `/${pathname}`
  while (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1)
  return path
}

/**
 * Every implicit tag of a rendered path: `/layout` and each ancestor `…/layout` of the route file,
 * its `…/page` or `…/route` leaf (route groups included, e.g. `/(shop)/layout`), then the concrete
 * pathname, with `/` and `/index` as aliases. All prefixed with `_N_T_`.
 */
export function implicitTags(routeFile: string, pathname: string, logger?: Logger): string[] {
  const route = routePath(routeFile)
  const tags = new Set<string>([`${IMPLICIT_TAG_PREFIX}/layout`])
  if (route.length > MAX_PATH_LENGTH) {
    logger?.warn(`route ${route.slice(0, 80)}… is longer than ${MAX_PATH_LENGTH} characters: no route tags`)
  } else {
    const parts = route.split('/')
    for (let i = 2; i <= parts.length; i++) {
      const prefix = parts.slice(0, i).join('/')
      tags.add(`${IMPLICIT_TAG_PREFIX}${i === parts.length ? prefix : `${prefix}/layout`}`)
    }
  }
  const path = normalizePathname(pathname)
  if (path.length > MAX_PATH_LENGTH) {
    logger?.warn(`path ${path.slice(0, 80)}… is longer than ${MAX_PATH_LENGTH} characters: no path tag`)
  } else {
    tags.add(`${IMPLICIT_TAG_PREFIX}${path}`)
    if (path === '/') tags.add(`${IMPLICIT_TAG_PREFIX}/index`)
    if (path === '/index') tags.add(`${IMPLICIT_TAG_PREFIX}/`)
  }
  return [...tags]
}

/**
 * The one implicit tag `revalidatePath(path, type)` invalidates (invariant 4):
 * `pathTag('/blog/1')` → `_N_T_/blog/1`, `pathTag('/blog/[id]', 'page')` → `_N_T_/blog/[id]/page`,
 * `pathTag('/', 'layout')` → `_N_T_/layout`. Undefined (with a warning) for a path over the limit.
 */
export function pathTag(path: string, type?: 'page' | 'layout', logger?: Logger): string | undefined {
  const normalized = normalizePathname(path)
  if (normalized.length > MAX_PATH_LENGTH) {
    logger?.warn(
      `revalidatePath(${normalized.slice(0, 80)}…) ignored: path longer than ${MAX_PATH_LENGTH} characters`,
    )
    return undefined
  }
  if (type === undefined) {
    if (/\[[^/]+\]/.test(normalized))
      logger?.warn(
        `revalidatePath("${normalized}") names a dynamic route without a type: pass 'page' or 'layout'`,
      )
    return `${IMPLICIT_TAG_PREFIX}${normalized}`
  }
  return `${IMPLICIT_TAG_PREFIX}${normalized === '/' ? '' : normalized}/${type}`
}

/**
 * Enforce the per-entry limits: explicit tags of at most 256 characters, at most 128 of them,
 * implicit tags of at most 1024 + prefix. Offenders are dropped with a warning naming the tag and
 * the limit; never throws. Returns the input array itself when nothing had to change.
 */
export function limitTags(tags: readonly string[], logger?: Logger, owner = 'entry'): string[] {
  let explicit = 0
  let ok = true
  const seen = new Set<string>()
  for (const tag of tags) {
    const implicit = tag.startsWith(IMPLICIT_TAG_PREFIX)
    if (!implicit) explicit++
    if (seen.has(tag) || !tagAllowed(tag, implicit, explicit)) ok = false
    seen.add(tag)
  }
  if (ok) return tags as string[]
  explicit = 0
  const kept: string[] = []
  for (const tag of seen) {
    const implicit = tag.startsWith(IMPLICIT_TAG_PREFIX)
    if (!implicit) explicit++
    const max = implicit ? MAX_PATH_LENGTH + IMPLICIT_TAG_PREFIX.length : MAX_TAG_LENGTH
    if (tag.length > max)
      logger?.warn(`${owner}: tag "${tag.slice(0, 80)}…" dropped: longer than ${max} characters`)
    else if (!implicit && explicit > MAX_TAGS)
      logger?.warn(`${owner}: tag "${tag}" dropped: more than ${MAX_TAGS} tags`)
    else kept.push(tag)
  }
  return kept
}

function tagAllowed(tag: string, implicit: boolean, explicitCount: number): boolean {
  if (implicit) return tag.length <= MAX_PATH_LENGTH + IMPLICIT_TAG_PREFIX.length
  return tag.length <= MAX_TAG_LENGTH && explicitCount <= MAX_TAGS
}
