// What a Pages Router page sent over the wire, for the Chromium tests: data URL requests (all, or
// only those of navigations) and document loads (each one a full page load).
import type { Page, Request } from 'playwright-core'

export function pagesRequests(page: Page) {
  const seen: Request[] = []
  page.on('request', (r) => seen.push(r))
  const path = (r: Request) => new URL(r.url()).pathname
  const isData = (r: Request, suffix: string) =>
    path(r).startsWith('/_fresco/data/') && path(r).endsWith(suffix)
  return {
    data: (suffix: string) => seen.filter((r) => isData(r, suffix)).length,
    /** Data requests of navigations (a prefetch of a per-request page is answered 204, never run). */
    navigations: (suffix: string) =>
      seen.filter((r) => isData(r, suffix) && r.headers()['x-fresco-prefetch'] === undefined).length,
    documents: () => seen.filter((r) => r.resourceType() === 'document').length,
  }
}
