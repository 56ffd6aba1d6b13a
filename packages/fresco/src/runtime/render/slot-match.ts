// Parallel routes (docs/design/router.md "Parallel and intercepting routes"): which page each
// `@name` slot shows for a URL. A slot's pages match the part of the URL below the layout the slot
// belongs to, independently of `children`; a slot with no match shows its default.tsx, and with
// neither the URL is a 404 (as Next.js on a hard navigation). Pure: used by the request plan (the
// 404 decision) and by the tree (what to render).
import { createMatcher, type Matcher } from '../server/match.js'
import type { Params } from './payload.js'
import type { LoadedSegment, LoadedSlot, LoadedSlotRoute } from './route-modules.js'

export interface SlotMatch {
  route: LoadedSlotRoute
  /** The URL's params and the slot page's own. */
  params: Params
}

/** An intercepted render: at segment `level`, slot `slot` shows `route` and `children` its default. */
export interface Intercept {
  level: number
  slot: string
  route: LoadedSlotRoute
  params: Params
}

const IN_URL = new Set(['static', 'dynamic', 'catchall', 'optional-catchall'])

/** The decoded URL below segment i ('/photos/1' below the root of /photos/[id]). */
export function pathBelow(segments: readonly LoadedSegment[], i: number, params: Params): string {
  const parts = segments.slice(i + 1).flatMap((s) => {
    if (!IN_URL.has(s.kind)) return []
    if (!s.param) return [staticName(s.name)]
    const value = params[s.param]
    return value === undefined ? [] : Array.isArray(value) ? value : [value]
  })
  return `/${parts.join('/')}`
}

function staticName(name: string): string {
  if (!name.includes('%')) return name
  try {
    return decodeURIComponent(name)
  } catch {
    return name
  }
}

const matchers = new WeakMap<LoadedSlot, Matcher>()

/** The slot's page for the URL below its layout; intercepting pages never match a URL directly. */
export function matchSlot(slot: LoadedSlot, below: string, params: Params): SlotMatch | null {
  let match = matchers.get(slot)
  if (!match) {
    const direct = slot.routes.filter((r) => !r.route.intercepts).map((r) => r.route)
    match = createMatcher(direct)
    matchers.set(slot, match)
  }
  const found = match(below)
  const route = found && slot.routes.find((r) => r.route.id === found.routeId)
  return route ? { route, params: { ...params, ...found.params } } : null
}

/**
 * The first slot along the route with neither a page for this URL nor a default.tsx (its folder,
 * relative to app/), or undefined: such a URL is a 404 on a full page load.
 */
export function slotWithoutMatch(segments: readonly LoadedSegment[], params: Params): string | undefined {
  for (let i = 0; i < segments.length; i++) {
    for (const slot of segments[i]?.slots ?? []) {
      const found = matchSlot(slot, pathBelow(segments, i, params), params)
      if (!found) {
        if (!slot.segment.default) return `@${slot.name}`
        continue
      }
      const inner = slotWithoutMatch(found.route.segments, found.params)
      if (inner) return inner
    }
  }
  return undefined
}
