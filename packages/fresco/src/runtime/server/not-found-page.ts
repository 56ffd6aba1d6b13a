// The root not-found page, the answer to every URL no route matches. Its render depends on nothing
// the request chose (canonical URL `origin + /_not-found`, no headers), so in production it is a
// cached page like any other, under one key (ROOT_NOT_FOUND_PATH): rendered once, kept with its own
// revalidate and tags, answered from memory — as `next start` answers from its prerendered
// `/_not-found`. A flood of made-up URLs then costs a cache read each, not a render each, and stores
// one entry whatever it asks. Only the 404 page itself is shared: browsers and CDNs are told not to
// keep it (route-cache.ts), as Next does. A root layout or not-found that reads headers() or
// cookies() is rendered per request (dynamic-fallback.ts), as before.
import type { Regenerate } from '@fresco/cache'
import type { SegmentConfig } from '../data/request-store.js'
import { ROOT_NOT_FOUND_PATH } from '../render/payload.js'
import { type PageInput, renderPageEntry } from '../render/render-page.js'
import type { AppContext } from './app-context.js'
import { canonicalUrl } from './cached-render.js'
import { dynamicAware, dynamicUsageOf } from './dynamic-fallback.js'
import type { PreparedResponse } from './prepared-response.js'
import type { RouteCacheResult } from './route-cache.js'

const CONFIG: SegmentConfig = { dynamic: 'auto', revalidate: false, dynamicParams: true, fetchCache: 'auto' }

export interface NotFoundPage {
  /** The page fresh in memory, without a promise (the HIT path), or undefined. */
  hit(which: 'html' | 'rsc'): PreparedResponse | undefined
  /** From the route cache (rendered on a miss), or undefined: render it for this request instead. */
  serve(which: 'html' | 'rsc'): Promise<RouteCacheResult | undefined>
  /** The input of a render for one request (development, dynamic root layout). */
  requestInput(url: URL, headers: Headers): Promise<PageInput>
}

export function createNotFoundPage(ctx: AppContext): NotFoundPage {
  const implicitTags = ctx.tagsFor({ id: ROOT_NOT_FOUND_PATH, kind: 'page' }, ROOT_NOT_FOUND_PATH)
  const key = ctx.routeCache.keyOf(ROOT_NOT_FOUND_PATH)
  // Learnt from the first render: a root that reads the request is rendered per request. So is an
  // app with its own page at /_not-found (an `app/%5Fnot-found` folder): the key would be its.
  let perRequest = ctx.dev || ctx.match(ROOT_NOT_FOUND_PATH) !== null
  const input = async (url: URL, headers: Headers, phase: PageInput['phase']): Promise<PageInput> => ({
    routeId: ROOT_NOT_FOUND_PATH,
    url,
    params: {},
    headers,
    segments: await ctx.loadRootSegment(),
    page: undefined,
    config: CONFIG,
    implicitTags,
    phase,
  })
  const render: Regenerate = dynamicAware(
    async () =>
      renderPageEntry(
        await ctx.render(),
        await input(canonicalUrl(ctx.config.origin, ROOT_NOT_FOUND_PATH), new Headers(), 'regenerate'),
      ),
    ctx.clock,
  )
  const slotted: Regenerate = (regeneration) => ctx.renders.run(() => render(regeneration))
  return {
    hit(which) {
      return perRequest ? undefined : ctx.routeCache.hit(key, which, implicitTags)
    },
    async serve(which) {
      if (perRequest || (await ctx.loadRootSegment()).length === 0) return undefined
      const result = await ctx.routeCache.serve(ROOT_NOT_FOUND_PATH, which, slotted, { implicitTags })
      if (!dynamicUsageOf(result.entry)) return result
      perRequest = true
      return undefined
    },
    requestInput: (url, headers) => input(url, headers, 'request'),
  }
}
