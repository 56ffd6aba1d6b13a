// URLs only a slot has a page for: `app/@modal/login/page.tsx` without `app/login/page.tsx`. Next.js
// renders them — the layouts down to the slot's, `children` showing that layout's default.tsx, each
// slot its page for the URL (or its default) — and fails the build when that default.tsx is missing
// ("Parallel route slots cannot render the same URLs … is missing a matching page or default.tsx in
// children", Next 16.5). Such a URL gets a route of its own here, so matching, the plan, the
// prerender and the route cache treat it like any page: its `file` is the slot's page (its
// metadata and generateStaticParams are the URL's, as in Next) and `slotOnly.below` the part of the
// URL below the chain, which only slots match (render/tree.tsx renders `children`'s default there).
import { slotOnlyWithoutDefaultError } from '../errors.js'
import type { RouteDef, SegmentDef } from './scan.js'
import { paramsOf, urlParts } from './scan-slots.js'

/** `/blog/[id]` and `/blog/[slug]` are the same URLs. */
const shapeOf = (path: string) =>
  path
    .replace(/\[\[\.\.\.[^\]]*\]\]/g, '[[...]]')
    .replace(/\[\.\.\.[^\]]*\]/g, '[...]')
    .replace(/\[[^\].][^\]]*\]/g, '[]')

/**
 * The routes of the URLs that only a slot of a `children` segment has a page for (deduplicated, in
 * scan order), or the build error when the segment has no default.tsx for `children` there.
 * `holders`: the chain (root first) of every `children` segment with slots.
 */
export function slotOnlyRoutes(
  holders: readonly SegmentDef[][],
  routes: readonly RouteDef[],
  rel: (p: string) => string,
): RouteDef[] {
  const taken = new Set(routes.map((r) => shapeOf(r.path)))
  const added: RouteDef[] = []
  for (const chain of holders) {
    const segment = chain[chain.length - 1] as SegmentDef
    const base = urlParts(chain)
    const chainId = chain
      .slice(1)
      .map((s) => `/${s.name}`)
      .join('')
    for (const slot of Object.values(segment.slots ?? {})) {
      for (const slotRoute of slot.routes) {
        if (slotRoute.intercepts) continue
        const below = urlParts(slotRoute.segments)
        const path = `/${[...base, ...below].join('/')}`
        if (taken.has(shapeOf(path))) continue
        taken.add(shapeOf(path))
        if (!segment.files.default)
          throw slotOnlyWithoutDefaultError(path, rel(slotRoute.file), `${rel(segment.dir)}/default.tsx`)
        added.push({
          id: `${chainId}${slotRoute.id}`,
          path,
          kind: 'page',
          file: slotRoute.file,
          segments: chain,
          params: [...paramsOf(chain), ...slotRoute.params],
          slotOnly: { below: `/${below.join('/')}`, segments: slotRoute.segments },
        })
      }
    }
  }
  return added
}
