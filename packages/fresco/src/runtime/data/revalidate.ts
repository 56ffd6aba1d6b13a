// On-demand revalidation. revalidatePath(p, type) IS revalidateTag(pathTag(p, type)): one code
// path (invariant 4). Tags are invalidated in the shared cache right away, so the next read of any
// page or data carrying them regenerates; nothing is rendered eagerly.
import { pathTag } from '@fresco/cache'
import { ONE_YEAR } from '../../defaults.js'
import {
  invalidRevalidateProfileError,
  invalidTagError,
  revalidateDuringRenderError,
  revalidateInCacheError,
  updateTagOutsideActionError,
} from '../../errors.js'
import { dataLayer } from './configure.js'
import { currentCacheScope, getRequestStore, track } from './request-store.js'

/** Next's "never" (INFINITE_CACHE): stale now, kept serving until regenerated. */
const NEVER = 0xfffffffe

/**
 * Expire windows (seconds) of Next 16's cacheLife presets. With a profile a tag goes stale now and
 * expires this much later; stale entries are served while one regeneration runs.
 */
export const PROFILE_EXPIRE: Readonly<Record<string, number>> = {
  default: NEVER,
  seconds: 60,
  minutes: 3600,
  hours: 86_400,
  days: 604_800,
  weeks: 2_592_000,
  max: ONE_YEAR,
}

export type RevalidateProfile = keyof typeof PROFILE_EXPIRE | { expire?: number }

/** undefined = expire now (the next read is a blocking MISS). */
function expireOf(profile: unknown): number | undefined {
  if (profile === undefined) return undefined
  if (typeof profile === 'string') {
    if (!Object.hasOwn(PROFILE_EXPIRE, profile)) throw invalidRevalidateProfileError(profile)
    return PROFILE_EXPIRE[profile]
  }
  if (typeof profile === 'object' && profile !== null) {
    const { expire } = profile as { expire?: unknown }
    if (expire === undefined || expire === 0) return undefined
    if (typeof expire === 'number' && Number.isFinite(expire) && expire > 0) return expire
  }
  throw invalidRevalidateProfileError(profile)
}

/** Resolves true once the cache has the invalidation (false: it failed, and was logged). */
function invalidate(
  tags: string[],
  expression: string,
  profile: unknown,
  paths: string[] = [],
): Promise<boolean> {
  if (currentCacheScope() !== undefined) throw revalidateInCacheError(expression)
  const store = getRequestStore()
  // A render must not change what it (or a concurrent render) reads: only actions and route
  // handlers, or code outside any request (scripts, webhooks in a custom server), may invalidate.
  if (store && (store.phase === 'prerender' || store.phase === 'regenerate' || store.phase === 'request'))
    throw revalidateDuringRenderError(expression, store.routeId)
  const expire = expireOf(profile)
  if (store) for (const tag of tags) if (!store.revalidatedTags.includes(tag)) store.revalidatedTags.push(tag)
  const { cache, logger, onRevalidate } = dataLayer()
  if (!cache) return Promise.resolve(false)
  // Invariant 5: a cache failure is logged, never fails the action that called us. A CDN is told
  // only once the cache has the invalidation, so what it fetches next is the new content.
  const work = cache
    .revalidateTags(tags, expire === undefined ? undefined : { expire })
    .then(() => {
      onRevalidate?.({ tags, paths })
      return true
    })
    .catch((error: unknown) => {
      logger.error(`${expression} failed to reach the cache`, error)
      return false
    })
  track(store, work)
  return work
}

/** Without a profile the tag expires now; with one it goes stale now (served while one refresh runs). */
export function revalidateTag(tag: string, profile?: RevalidateProfile): void {
  if (typeof tag !== 'string' || tag.length === 0) throw invalidTagError(tag, 'revalidateTag()')
  invalidate([tag], `revalidateTag ${tag}`, profile)
}

/**
 * Invalidate everything rendered at `path` (or, with `type`, every path of that route file /
 * layout). Exactly `revalidateTag(pathTag(path, type))`.
 */
export function revalidatePath(path: string, type?: 'page' | 'layout'): void {
  void invalidatePath(path, type)
}

function invalidatePath(path: string, type?: 'page' | 'layout'): Promise<boolean> {
  const tag = pathTag(path, type, dataLayer().logger)
  if (tag === undefined) return Promise.resolve(false) // over the length limit: pathTag warned
  // A path (no type) is also one URL, for proxies that purge by URL only.
  return invalidate([tag], `revalidatePath ${path}`, undefined, type === undefined ? [path] : [])
}

/**
 * The inspector's purge buttons (node/inspector/), outside any request: exactly revalidatePath(path)
 * or revalidateTag(tag) without a profile, awaited. Resolves false when the cache did not take it.
 */
export function purgeOnDemand(target: { path: string } | { tag: string }): Promise<boolean> {
  if ('tag' in target) {
    if (target.tag.length === 0) throw invalidTagError(target.tag, 'revalidateTag()')
    return invalidate([target.tag], `revalidateTag ${target.tag}`, undefined)
  }
  return invalidatePath(target.path)
}

/** Server Actions only: expire now, so the action's own response reads its writes (Next 16). */
export function updateTag(tag: string): void {
  if (getRequestStore()?.phase !== 'action') throw updateTagOutsideActionError()
  revalidateTag(tag)
}

/**
 * The Pages Router's res.revalidate(path) regenerated `path` in place (no tag invalidation): tell
 * the CDN purger, as revalidatePath would, so a CDN does not keep serving the old copy.
 */
export function announceRegeneratedPath(path: string): void {
  const { onRevalidate, logger } = dataLayer()
  if (onRevalidate === undefined) return
  const tag = pathTag(path, undefined, logger)
  onRevalidate({ tags: tag === undefined ? [] : [tag], paths: [path] })
}
