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

/** A URL only a slot has a page for (build/scan-slot-only.ts): the pattern below the route's segments. */
export interface SlotOnly {
  below: string
}

const paramValues = (params: Params, name: string) => {
  const value = params[name]
  return value === undefined ? [] : Array.isArray(value) ? value : [value]
}

/** `below` ('/members/[id]') with the URL's values, decoded like the rest of pathBelow. */
function belowParts(below: string, params: Params): string[] {
  return below
    .split('/')
    .filter((p) => p !== '')
    .flatMap((part) => {
      if (!part.startsWith('[')) return [staticName(part)]
      return paramValues(params, part.replace(/^\[+(\.\.\.)?/, '').replace(/\]+$/, ''))
    })
}

/**
 * The decoded URL below segment i ('/photos/1' below the root of /photos/[id]); `slotOnly`: the
 * route's segments end above the URL (a slot-only URL), whose rest is `slotOnly.below`.
 */
export function pathBelow(
  segments: readonly LoadedSegment[],
  i: number,
  params: Params,
  slotOnly?: SlotOnly,
): string {
  const parts = segments.slice(i + 1).flatMap((s) => {
    if (!IN_URL.has(s.kind)) return []
    if (!s.param) return [staticName(s.name)]
    return paramValues(params, s.param)
  })
  if (slotOnly) parts.push(...belowParts(slotOnly.below, params))
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
export function slotWithoutMatch(
  segments: readonly LoadedSegment[],
  params: Params,
  slotOnly?: SlotOnly,
): string | undefined {
  for (let i = 0; i < segments.length; i++) {
    for (const slot of segments[i]?.slots ?? []) {
      const found = matchSlot(slot, pathBelow(segments, i, params, slotOnly), params)
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
