// Pure freshness decisions. One `now` per decision, passed in (invariant 3). See docs/design/cache.md.
import type { CacheEntry, TagState, UpdateTagsOptions } from './types.js'

/** Default expire window: one year, in seconds (what Next.js and `Cache-Control` use). */
export const DEFAULT_EXPIRE = 31_536_000

export type AgeFreshness = 'fresh' | 'stale' | 'expired'
export type TagFreshness = 'fresh' | 'tag-stale' | 'tag-expired'
export type Freshness = AgeFreshness | 'tag-stale' | 'tag-expired'

export type TagStateReader = (tag: string) => TagState | undefined

const NO_TAGS: readonly string[] = []

/**
 * Seconds after lastModified until the entry may no longer be served: its own `expire`, else the
 * default (never less than revalidate). `revalidate: false` without an explicit expire never expires.
 */
export function expireAfter(entry: CacheEntry, defaultExpire = DEFAULT_EXPIRE): number {
  if (entry.expire !== undefined) return entry.expire
  if (entry.revalidate === false) return Number.POSITIVE_INFINITY
  return Math.max(defaultExpire, entry.revalidate)
}

/** Age-based state. Boundaries are inclusive-fresh: stale only once age > revalidate (as Next.js). */
export function ageFreshness(entry: CacheEntry, now: number, defaultExpire = DEFAULT_EXPIRE): AgeFreshness {
  const age = now - entry.lastModified
  if (age > expireAfter(entry, defaultExpire) * 1000) return 'expired'
  if (entry.revalidate !== false && age > entry.revalidate * 1000) return 'stale'
  return 'fresh'
}

/**
 * One tag's verdict for an entry generated at `lastModified`. Tie rule: an entry generated in the
 * same millisecond as an invalidation IS affected (`lastModified <= stale`), because the render may
 * have read data before the write that triggered the invalidation.
 */
export function tagStateFreshness(
  state: TagState | undefined,
  lastModified: number,
  now: number,
): TagFreshness {
  if (state?.stale === undefined || lastModified > state.stale) return 'fresh'
  return state.expired !== undefined && now >= state.expired ? 'tag-expired' : 'tag-stale'
}

function worst(
  tags: readonly string[],
  lastModified: number,
  now: number,
  read: TagStateReader,
  result: TagFreshness,
): TagFreshness {
  for (let i = 0; i < tags.length; i++) {
    const verdict = tagStateFreshness(read(tags[i]!), lastModified, now)
    if (verdict === 'tag-expired') return verdict
    if (verdict === 'tag-stale') result = verdict
  }
  return result
}

/** The worst verdict over `tags` and `extraTags`. O(tags), never O(entries); allocates nothing. */
export function tagFreshness(
  tags: readonly string[],
  lastModified: number,
  now: number,
  read: TagStateReader,
  extraTags: readonly string[] = NO_TAGS,
): TagFreshness {
  const first = worst(tags, lastModified, now, read, 'fresh')
  if (first === 'tag-expired' || extraTags.length === 0) return first
  return worst(extraTags, lastModified, now, read, first)
}

/**
 * The state of an entry: age-expired wins (no fallback may serve it), then tag-expired, then
 * stale (age or tag), else fresh.
 */
export function freshness(
  entry: CacheEntry,
  now: number,
  read: TagStateReader,
  options: { defaultExpire?: number; extraTags?: readonly string[] } = {},
): Freshness {
  const age = ageFreshness(entry, now, options.defaultExpire)
  if (age === 'expired') return age
  const tags = tagFreshness(entry.tags, entry.lastModified, now, read, options.extraTags)
  if (tags === 'tag-expired' || age === 'stale') return tags === 'tag-expired' ? tags : age
  return tags
}

/** Human reason for a debug line, e.g. `age 61s > revalidate 60s`. Only built when logging. */
export function explainFreshness(
  entry: CacheEntry,
  now: number,
  read: TagStateReader,
  options: { defaultExpire?: number; extraTags?: readonly string[] } = {},
): string {
  const age = Math.floor((now - entry.lastModified) / 1000)
  const state = ageFreshness(entry, now, options.defaultExpire)
  if (state === 'expired') return `age ${age}s > expire ${expireAfter(entry, options.defaultExpire)}s`
  for (const tag of [...entry.tags, ...(options.extraTags ?? NO_TAGS)]) {
    const verdict = tagStateFreshness(read(tag), entry.lastModified, now)
    if (verdict === 'tag-expired') return `tag ${tag} expired`
    if (verdict === 'tag-stale' && state !== 'stale') return `tag ${tag} stale`
  }
  if (state === 'stale') return `age ${age}s > revalidate ${entry.revalidate}s`
  return entry.revalidate === false
    ? `age ${age}s, never stale`
    : `age ${age}s <= revalidate ${entry.revalidate}s`
}

/**
 * The tag state after `updateTags(…, options)` at `now`. Every handler uses this so they agree.
 * - no `expire` (or 0): stale and expired now.
 * - `expire: E`: stale now, expired E seconds later; a still-pending earlier deadline is kept
 *   (entries invalidated before keep their promised deadline; newer ones may expire a bit early).
 */
export function nextTagState(
  previous: TagState | undefined,
  now: number,
  options?: UpdateTagsOptions,
): Required<TagState> {
  const expire = options?.expire ?? 0
  if (expire <= 0) return { stale: now, expired: now }
  let expired = now + expire * 1000
  if (previous?.expired !== undefined && previous.expired > now) expired = Math.min(expired, previous.expired)
  return { stale: now, expired }
}

/** Back-off before retrying a failed regeneration: clamp(revalidate, 3, 30) seconds, as Next.js. */
export function retryBackoffMs(entry: CacheEntry | undefined): number {
  const revalidate = entry === undefined || entry.revalidate === false ? 30 : entry.revalidate
  return Math.min(30, Math.max(3, revalidate)) * 1000
}
