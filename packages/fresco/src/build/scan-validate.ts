// Cross-route rules of the app/ directory, checked on a trie of URL segments (the same rules
// as Next.js's sorted-routes.ts): one route per URL, one parameter name per dynamic position,
// catch-alls last, no required + optional catch-all side by side.
import {
  catchAllNotLastError,
  differentSlugNamesError,
  optionalCatchAllSpecificityError,
  repeatedParamError,
  requiredAndOptionalCatchAllError,
  routeConflictError,
} from '../errors.js'
import { compareRoutePaths } from '../runtime/server/route-order.js'
import type { RouteDef, SegmentDef } from './scan.js'
import { urlPattern } from './scan-segment.js'

export { compareRoutePaths }

type ParamKind = 'dynamic' | 'catchall' | 'optional-catchall'

interface TrieNode {
  url: string
  statics: Map<string, TrieNode>
  params: Partial<Record<ParamKind, { segment: SegmentDef; node: TrieNode }>>
  route?: RouteDef
}

const newNode = (url: string): TrieNode => ({ url, statics: new Map(), params: {} })

export function validateRoutes(routes: RouteDef[], rel: (file: string) => string): void {
  const root = newNode('/')
  for (const route of routes) insert(root, route, rel)
  checkOptionalCatchAlls(root, rel)
}

function insert(root: TrieNode, route: RouteDef, rel: (file: string) => string): void {
  // A slot-only URL (scan-slot-only.ts): the layouts' segments, then the slot page's.
  const urlSegments = [...route.segments, ...(route.slotOnly?.segments ?? [])].filter(
    (s) => s.kind !== 'root' && s.kind !== 'group' && s.kind !== 'slot',
  )
  const seen = new Map<string, SegmentDef>()
  let node = root
  urlSegments.forEach((segment, i) => {
    const part = urlPattern(segment)
    const url = node.url === '/' ? `/${part}` : `${node.url}/${part}`
    if (segment.kind === 'static') {
      let next = node.statics.get(part)
      if (!next) {
        next = newNode(url)
        node.statics.set(part, next)
      }
      node = next
      return
    }
    const kind = segment.kind as ParamKind
    const name = segment.param!
    if (kind !== 'dynamic' && i < urlSegments.length - 1)
      throw catchAllNotLastError(rel(segment.dir), rel(route.file))
    if (seen.has(name)) throw repeatedParamError(name, rel(segment.dir))
    seen.set(name, segment)
    const other =
      kind === 'catchall'
        ? node.params['optional-catchall']
        : kind === 'optional-catchall'
          ? node.params.catchall
          : undefined
    if (other) throw requiredAndOptionalCatchAllError(rel(other.segment.dir), rel(segment.dir))
    const existing = node.params[kind]
    if (existing && existing.segment.param !== name) {
      throw differentSlugNamesError(
        rel(existing.segment.dir),
        rel(segment.dir),
        existing.segment.param!,
        name,
      )
    }
    if (!existing) node.params[kind] = { segment, node: newNode(url) }
    node = node.params[kind]!.node
  })
  if (node.route) throw routeConflictError(route.path, rel(node.route.file), rel(route.file))
  node.route = route
}

// `/docs/[[...slug]]` also matches `/docs`, so a route at `/docs` would be ambiguous.
function checkOptionalCatchAlls(node: TrieNode, rel: (file: string) => string): void {
  const optional = node.params['optional-catchall']?.node.route
  if (optional && node.route)
    throw optionalCatchAllSpecificityError(node.url, rel(node.route.file), rel(optional.file))
  for (const child of node.statics.values()) checkOptionalCatchAlls(child, rel)
  for (const child of Object.values(node.params)) checkOptionalCatchAlls(child.node, rel)
}

export function sortRoutes(routes: RouteDef[]): RouteDef[] {
  return [...routes].sort(
    (a, b) => compareRoutePaths(a.path, b.path) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  )
}
