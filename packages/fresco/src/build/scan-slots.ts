// Route definitions from a chain of folders: the app's routes (URL = the folders' names without
// groups and slots) and the pages inside an `@name` slot, whose URL is relative to the layout the
// slot belongs to. An intercepting folder (`(.)photos`, `(..)x`, `(..)(..)x`, `(...)x`) resolves
// its marker against the URL of the folder holding it — route segments, so groups and slots do not
// count — as Next.js's `extractInterceptionRouteInformation` does.
import { invalidSegmentError } from '../errors.js'
import type { InterceptRule } from '../runtime/render/intercept-pattern.js'
import type { RouteDef, RouteTree, SegmentDef, SlotRouteDef } from './scan.js'
import { urlPattern } from './scan-segment.js'

const inUrl = (s: SegmentDef) => s.kind !== 'root' && s.kind !== 'group' && s.kind !== 'slot'

/** The URL pattern parts of a chain ('blog', '[id]'). */
export function urlParts(segments: readonly SegmentDef[]): string[] {
  return segments.filter(inUrl).map(urlPattern)
}

function idOf(segments: readonly SegmentDef[]): string {
  return `/${segments
    .filter((s) => s.kind !== 'root')
    .map((s) => s.name)
    .join('/')}`
}

/** The parameter names of a chain's URL segments, in URL order. */
export const paramsOf = (segments: readonly SegmentDef[]) =>
  segments.flatMap((s) => (inUrl(s) && s.param !== undefined ? [s.param] : []))

export function toRoute(segments: SegmentDef[], kind: 'page' | 'route', file: string): RouteDef {
  return {
    id: idOf(segments),
    path: `/${urlParts(segments).join('/')}`,
    kind,
    file,
    segments,
    params: paramsOf(segments),
  }
}

/** A page inside a slot; `base` is the URL pattern of the layout the slot belongs to. */
export function toSlotRoute(
  segments: SegmentDef[],
  file: string,
  base: string[],
  rel: (p: string) => string,
): SlotRouteDef {
  const route: SlotRouteDef = {
    id: idOf(segments),
    path: `/${urlParts(segments).join('/')}`,
    kind: 'page',
    file,
    segments,
    params: paramsOf(segments),
  }
  const intercepts = interceptOf(segments, base, rel)
  if (intercepts) route.intercepts = intercepts
  return route
}

/**
 * What a chain with an intercepting folder intercepts, and from where (undefined without one);
 * `base`: the URL pattern above the chain (a slot's layout), [] for a `children` chain from app/.
 */
export function interceptOf(
  segments: readonly SegmentDef[],
  base: string[],
  rel: (p: string) => string,
): { path: string; from: string } | undefined {
  const at = segments.findIndex((s) => s.intercept !== undefined)
  if (at === -1) return undefined
  const marker = segments[at]!
  if (segments.slice(at + 1).some((s) => s.intercept !== undefined))
    throw invalidSegmentError(rel(marker.dir), 'A route intercepts once: remove the inner (.) / (..) marker.')
  const from = [...base, ...urlParts(segments.slice(0, at))]
  const up =
    marker.intercept === '(.)'
      ? 0
      : marker.intercept === '(..)'
        ? 1
        : marker.intercept === '(..)(..)'
          ? 2
          : -1
  if (up > from.length)
    throw invalidSegmentError(
      rel(marker.dir),
      `${marker.intercept} climbs above app/: use fewer levels or (...).`,
    )
  const start = up === -1 ? [] : from.slice(0, from.length - up)
  const intercepted = [...start, ...urlParts(segments.slice(at))]
  return { path: `/${intercepted.join('/')}`, from: `/${from.join('/')}` }
}

/** Every intercepting route's rule, once (the browser needs them: virtual:fresco/client). */
export function interceptRules(tree: RouteTree): InterceptRule[] {
  const rules = new Map<string, InterceptRule>()
  const visit = (segments: readonly SegmentDef[]) => {
    for (const s of segments) {
      for (const slot of Object.values(s.slots ?? {})) {
        for (const r of slot.routes) {
          if (r.intercepts) rules.set(`${r.intercepts.path} ${r.intercepts.from}`, r.intercepts)
          visit(r.segments)
        }
      }
    }
  }
  for (const route of tree.routes) visit(route.segments)
  for (const route of tree.intercepting ?? []) {
    if (route.intercepts) rules.set(`${route.intercepts.path} ${route.intercepts.from}`, route.intercepts)
  }
  return [...rules.values()]
}
