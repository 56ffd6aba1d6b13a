// What a cached render (prerender, MISS, regeneration) may keep in the route cache, decided in one
// place for pages and route handlers. `0` marks an entry that is served to its own request and
// never stored (it also drops an older stored version).
import type { RenderPhase } from './request-store.js'

export interface RenderedOutcome {
  status: number
  /** The render set a cookie: it belongs to one visitor. */
  setsCookies: boolean
  phase: RenderPhase
  /** What the render's segments and fetches asked for. */
  revalidate: number | false
  /**
   * The root not-found page rendered from its canonical URL (server/not-found-page.ts): the same
   * answer for every URL no route matches, so keeping it costs one entry whatever clients ask.
   */
  rootNotFound?: boolean
}

export function storedRevalidate(outcome: RenderedOutcome): number | false {
  if (outcome.setsCookies || outcome.status >= 500) return 0
  // A 404 rendered after the build answers a URL a client chose: storing it would let anyone fill
  // the cache (issue 8 #8). One prerendered from generateStaticParams is the app's own and is kept.
  if (outcome.status === 404 && outcome.phase !== 'prerender' && !outcome.rootNotFound) return 0
  return outcome.revalidate
}
