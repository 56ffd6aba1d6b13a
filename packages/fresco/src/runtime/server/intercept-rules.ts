// The interception rules of an app's routes: one candidate per intercepting page (in a slot, or in
// `children`: app/feed/(..)photo), with the
// matchers of its URL and of the page navigated from. Apart from intercept.ts (which renders), so the
// app context can read the rules without loading the renderer.
import type { InterceptRule } from '../render/intercept-pattern.js'
import type { RuntimeRoute } from '../render/route-modules.js'
import { createMatcher, type Matcher } from './match.js'

export interface Candidate {
  rule: InterceptRule
  /**
   * A route through the intercepting slot's layout (its modules load that layout chain); for an
   * intercepting route in `children`, that route itself.
   */
  route: RuntimeRoute
  /** Where the intercepting page sits: in a slot (`level`, `slot`), or `children` (the route's page). */
  in: { kind: 'slot'; level: number; slot: string; slotRouteId: string } | { kind: 'children' }
  /** App path of the intercepting page, for tags and the request store. */
  id: string
  params: Matcher
  fromParams: Matcher
}

/** The app's interception rules (a stored page of a URL they cover says `Vary: x-fresco-url`). */
export function interceptRulesOf(
  routes: readonly RuntimeRoute[],
  interceptRoutes: readonly RuntimeRoute[] = [],
): InterceptRule[] {
  return collect(routes, interceptRoutes).map((c) => c.rule)
}

function matchers(id: string, rule: InterceptRule): Pick<Candidate, 'params' | 'fromParams'> {
  const fromRest = rule.from === '/' ? '/[[...__rest]]' : `${rule.from}/[[...__rest]]`
  return {
    params: createMatcher([{ id, path: rule.path, kind: 'page' }]),
    fromParams: createMatcher([{ id, path: fromRest, kind: 'page' }]),
  }
}

export function collect(
  routes: readonly RuntimeRoute[],
  interceptRoutes: readonly RuntimeRoute[] = [],
): Candidate[] {
  const found = new Map<string, Candidate>()
  for (const route of interceptRoutes) {
    if (!route.intercepts || found.has(route.id)) continue
    const rule = route.intercepts
    found.set(route.id, { rule, route, in: { kind: 'children' }, id: route.id, ...matchers(route.id, rule) })
  }
  for (const route of routes) {
    route.segments.forEach((segment, level) => {
      for (const slot of segment.slots ?? []) {
        for (const slotRoute of slot.routes) {
          if (!slotRoute.intercepts) continue
          const chain = route.segments
            .slice(1, level + 1)
            .map((s) => `/${s.name}`)
            .join('')
          const id = `${chain}${slotRoute.id}`
          if (found.has(id)) continue
          const rule = slotRoute.intercepts
          found.set(id, {
            rule,
            route,
            in: { kind: 'slot', level, slot: slot.name, slotRouteId: slotRoute.id },
            id,
            ...matchers(id, rule),
          })
        }
      }
    })
  }
  return [...found.values()]
}
