// The inspector's filters, from its query string: prefix, kind, state, tag. Anything else is a 400
// that names the filter; a filter never reaches the store except as a key prefix it lists by.
import type { EntryKind, Freshness } from '@fresco/cache'
import type { EntryView } from '../../cli/cache-view.js'

export interface Filters {
  /** '/blog' (this build's paths) or a raw key prefix ('data:'); '' = everything. */
  prefix: string
  kind: EntryKind | ''
  state: Freshness | ''
  tag: string
}

export const STATES: readonly Freshness[] = ['fresh', 'stale', 'tag-stale', 'expired', 'tag-expired']
const MAX_FILTER_LENGTH = 1024
export const KINDS: readonly EntryKind[] = ['page', 'route', 'fetch', 'function']

export function parseFilters(search: string): Filters | { error: string } {
  let params: URLSearchParams
  try {
    params = new URLSearchParams(search)
  } catch {
    return { error: 'The query string is not valid.' }
  }
  const read = (name: string) => params.get(name)?.trim() ?? ''
  const filters = { prefix: read('prefix'), kind: read('kind'), state: read('state'), tag: read('tag') }
  for (const [name, value] of Object.entries(filters))
    if (value.length > MAX_FILTER_LENGTH)
      return { error: `The ${name} filter is longer than ${MAX_FILTER_LENGTH} characters.` }
  if (filters.kind !== '' && !(KINDS as string[]).includes(filters.kind))
    return { error: `Unknown kind '${filters.kind.slice(0, 40)}': use one of ${KINDS.join(', ')}.` }
  if (filters.state !== '' && !(STATES as string[]).includes(filters.state))
    return { error: `Unknown state '${filters.state.slice(0, 40)}': use one of ${STATES.join(', ')}.` }
  return filters as Filters
}

/** The store key prefix to list: a path prefix is one of this build's route keys. */
export const keyPrefix = (filters: Filters, routePrefix: string) =>
  filters.prefix.startsWith('/') ? routePrefix + filters.prefix : filters.prefix

export function matches(view: EntryView, filters: Filters): boolean {
  return (
    (filters.kind === '' || view.kind === filters.kind) &&
    (filters.state === '' || view.verdict === filters.state) &&
    (filters.tag === '' || view.tags.includes(filters.tag))
  )
}
