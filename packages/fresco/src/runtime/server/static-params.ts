// generateStaticParams along a route: a layout's params feed the generateStaticParams of the
// segments below it ({ params } argument), and each child result extends its parent's params,
// as Next.js does for /[category]/[product] with one function per level.
import { generateStaticParamsError } from '../../errors.js'
import type { Params } from '../render/payload.js'
import type { AnyModule, LoadedRoute } from '../render/route-modules.js'

type Generate = (ctx: { params: Params }) => unknown

function generators(loaded: LoadedRoute): Generate[] {
  const mods: (AnyModule | undefined)[] = [...loaded.segments.map((s) => s.layout), loaded.leaf]
  return mods.flatMap((m) =>
    typeof m?.generateStaticParams === 'function' ? [m.generateStaticParams as Generate] : [],
  )
}

/**
 * A required param below the deepest generateStaticParams: no generator names it, so no set can
 * become a URL (`app/[lang]/layout` generates `lang`, `app/[lang]/[slug]/page` generates nothing).
 */
function ungeneratedParam(loaded: LoadedRoute): string | undefined {
  const last = loaded.segments.length - 1
  const generates = (i: number) =>
    typeof loaded.segments[i]?.layout?.generateStaticParams === 'function' ||
    (i === last && typeof loaded.leaf.generateStaticParams === 'function')
  for (let i = last; i >= 0; i--) {
    if (generates(i)) return undefined
    const segment = loaded.segments[i]
    if (segment?.param && !segment.name.startsWith('[[')) return segment.param
  }
  return undefined
}

/**
 * Every params object to prerender, or [] when the route has params and no generator, or when a
 * level has none: as Next.js, what cannot be named is not prerendered, and renders on demand.
 */
export async function collectStaticParams(loaded: LoadedRoute): Promise<Params[]> {
  const gens = generators(loaded)
  if (loaded.route.params.length === 0) return [{}]
  if (gens.length === 0 || ungeneratedParam(loaded) !== undefined) return []
  let sets: Params[] = [{}]
  for (const generate of gens) {
    const next: Params[] = []
    for (const parent of sets) {
      let result: unknown
      try {
        result = await generate({ params: parent })
      } catch (error) {
        throw generateStaticParamsError(loaded.route.id, error)
      }
      if (!Array.isArray(result))
        throw generateStaticParamsError(loaded.route.id, new TypeError('it did not return an array'))
      for (const child of result as Params[]) next.push({ ...parent, ...child })
    }
    sets = next
  }
  // A set missing a generated param is the generator's mistake: fillPath names it.
  return sets
}

/**
 * Next.js's rule for a route with params (`buildAppStaticPaths`): it is cached on demand only if
 * the last dynamic segment (or a segment below it) exports generateStaticParams, even one that
 * returns []. Otherwise it renders per request, unless `dynamic` is 'force-static' or 'error'.
 */
export function paramsRenderDynamically(loaded: LoadedRoute): boolean {
  if (loaded.route.params.length === 0) return false
  if (loaded.config.dynamic === 'force-static' || loaded.config.dynamic === 'error') return false
  let generated = false
  loaded.segments.forEach((segment, i) => {
    const last = i === loaded.segments.length - 1
    const mods = [segment.layout, last ? loaded.leaf : undefined]
    const hasGenerator = mods.some((m) => typeof m?.generateStaticParams === 'function')
    if (hasGenerator) generated = true
    else if (segment.param) generated = false
  })
  return !generated
}
