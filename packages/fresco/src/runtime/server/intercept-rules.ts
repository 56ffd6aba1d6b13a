// The interception rules of an app's routes: one candidate per intercepting slot page, with the
// matchers of its URL and of the page navigated from. Apart from intercept.ts (which renders), so the
// app context can read the rules without loading the renderer.
import type { InterceptRule } from '../render/intercept-pattern.js'
import type { RuntimeRoute } from '../render/route-modules.js'
import { createMatcher, type Matcher } from './match.js'

export interface Candidate {
  rule: InterceptRule
  /** A route through the intercepting slot's layout (its modules load that layout chain). */
  route: RuntimeRoute
  level: number
  slot: string
  slotRouteId: string
  /** App path of the intercepting page, for tags and the request store. */
  id: string
  params: Matcher
  fromParams: Matcher
}

/** The app's interception rules (a stored page of a URL they cover says `Vary: x-fresco-url`). */
export function interceptRulesOf(routes: readonly RuntimeRoute[]): InterceptRule[] {
  return collect(routes).map((c) => c.rule)
}

export function collect(routes: readonly RuntimeRoute[]): Candidate[] {
  const found = new Map<string, Candidate>()
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
          const fromRest = rule.from === '/' ? '/[[...__rest]]' : `${rule.from}/[[...__rest]]`
          found.set(id, {
            rule,
            route,
            level,
            slot: slot.name,
            slotRouteId: slotRoute.id,
            id,
            params: createMatcher([{ id, path: rule.path, kind: 'page' }]),
            fromParams: createMatcher([{ id, path: fromRest, kind: 'page' }]),
          })
        }
      }
    })
  }
  return [...found.values()]
}
