import { errors } from './errors.js'
import type { CacheEntry, EntryKind, UpdateTagsOptions } from './types.js'

/** Keys hold a prefix, a build id and a pathname of at most 1024 characters: 2048 leaves room. */
export const MAX_KEY_LENGTH = 2048

const KINDS: ReadonlySet<EntryKind> = new Set(['page', 'route', 'fetch', 'function'])

export function assertKey(key: unknown): asserts key is string {
  if (typeof key !== 'string') throw errors.invalidKey(key)
  if (key.length === 0) throw errors.emptyKey()
  if (key.length > MAX_KEY_LENGTH) throw errors.keyTooLong(key, MAX_KEY_LENGTH)
}

function isSeconds(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0
}

/** Throws a FrescoCacheError naming the first bad field; returns the entry typed. */
export function validateEntry(key: string, entry: unknown): CacheEntry {
  if (entry === null || typeof entry !== 'object')
    throw errors.invalidEntry(key, 'value', entry, 'regenerate() must resolve to a CacheEntry object.')
  const e = entry as Partial<CacheEntry>
  if (!KINDS.has(e.kind as EntryKind))
    throw errors.invalidEntry(key, 'kind', e.kind, 'Use "page", "route", "fetch" or "function".')
  if (!(e.body instanceof Uint8Array))
    throw errors.invalidEntry(
      key,
      'body',
      e.body,
      'Encode it to bytes first (new TextEncoder().encode(html)).',
    )
  if (e.payload !== undefined && !(e.payload instanceof Uint8Array))
    throw errors.invalidEntry(key, 'payload', e.payload, 'The RSC payload must be a Uint8Array or absent.')
  if (typeof e.status !== 'number' || !Number.isInteger(e.status) || e.status < 100 || e.status > 599)
    throw errors.invalidEntry(key, 'status', e.status, 'Use an HTTP status code between 100 and 599.')
  if (e.headers === null || typeof e.headers !== 'object' || Array.isArray(e.headers))
    throw errors.invalidEntry(
      key,
      'headers',
      e.headers,
      'Use a plain object of lower-case header names to strings.',
    )
  for (const name in e.headers) {
    if (typeof e.headers[name] !== 'string')
      throw errors.invalidEntry(key, `header "${name}"`, e.headers[name], 'Header values must be strings.')
  }
  if (!Array.isArray(e.tags) || e.tags.some((t) => typeof t !== 'string'))
    throw errors.invalidEntry(key, 'tags', e.tags, 'Use an array of strings (may be empty).')
  if (typeof e.lastModified !== 'number' || !Number.isFinite(e.lastModified))
    throw errors.invalidEntry(key, 'lastModified', e.lastModified, 'Use clock.now() (ms since the epoch).')
  if (e.revalidate !== false && !isSeconds(e.revalidate)) throw errors.invalidRevalidate(key, e.revalidate)
  if (e.expire !== undefined) {
    if (!isSeconds(e.expire)) throw errors.invalidExpire(`Cache entry for "${key}"`, e.expire)
    if (e.revalidate !== false && e.expire < e.revalidate)
      throw errors.expireBeforeRevalidate(key, e.expire, e.revalidate)
  }
  if (e.stale !== undefined && !isSeconds(e.stale))
    throw errors.invalidEntry(key, 'stale', e.stale, 'Use a finite number of seconds >= 0, or leave it out.')
  return e as CacheEntry
}

export function validateUpdateTags(tags: unknown, options: UpdateTagsOptions | undefined): void {
  if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string')) throw errors.invalidTags(tags)
  if (options?.expire !== undefined && !isSeconds(options.expire))
    throw errors.invalidExpire('updateTags()', options.expire)
}

export function validatePositive(name: string, value: unknown, hint: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
    throw errors.invalidOption(name, value, hint)
  return value
}

export function validateNonNegative(name: string, value: unknown, hint: string): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0)
    throw errors.invalidOption(name, value, hint)
  return value
}
