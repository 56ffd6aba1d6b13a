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

/** Every params object to prerender, or [] when the route has params and no generator. */
export async function collectStaticParams(loaded: LoadedRoute): Promise<Params[]> {
  const gens = generators(loaded)
  if (loaded.route.params.length === 0) return [{}]
  if (gens.length === 0) return []
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
  // Sets that do not name every param cannot become a URL (only optional catch-alls may be absent).
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
