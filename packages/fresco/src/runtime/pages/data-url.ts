// The JSON data URL of a Pages Router page, Fresco's `/_next/data/<buildId>/<path>.json`:
// `/_fresco/data/<buildId>/blog/1.json`, `/` ↔ `/index.json`. The build id is in the URL so a
// client of an older build gets a 404 and does a full page load (it cannot mix builds). Pure: used
// by the server (parse) and the client router (build).

export const DATA_PREFIX = '/_fresco/data/'

export type DataRequest =
  /** The page pathname this data URL stands for. */
  | { kind: 'data'; pathname: string }
  /** A data URL of another build: the client must load the page itself. */
  | { kind: 'other-build' }

export function dataUrl(buildId: string, pathname: string): string {
  // `/about/` (next.config's trailingSlash: true) has the data of `/about`.
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') || '/' : pathname
  return `${DATA_PREFIX}${buildId}${path === '/' ? '/index' : path}.json`
}

/** undefined when `path` (decoded, as IncomingInfo.pathname) is not a data URL at all. */
export function parseDataUrl(path: string, buildId: string): DataRequest | undefined {
  if (!path.startsWith(DATA_PREFIX)) return undefined
  const rest = path.slice(DATA_PREFIX.length)
  const slash = rest.indexOf('/')
  if (slash <= 0 || !rest.endsWith('.json')) return { kind: 'other-build' }
  if (rest.slice(0, slash) !== buildId) return { kind: 'other-build' }
  const page = rest.slice(slash, -'.json'.length)
  if (page === '' || page === '/' || page.endsWith('/')) return { kind: 'other-build' }
  return { kind: 'data', pathname: page === '/index' ? '/' : page }
}
