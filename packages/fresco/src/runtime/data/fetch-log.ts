// Next-style fetch logging (`logging: { fetches: { fullUrl } }`, spec § troubleshooting): one
// line per server fetch with method, URL, status, duration and what the data cache did.
import type { FetchLogging } from './configure.js'
import type { Outcome } from './memo.js'

export interface FetchLogLine {
  method: string
  url: string
  /** Undefined when the fetch threw. */
  status?: number
  ms: number
  outcome: Outcome | 'MEMO'
  /** Why the data cache was skipped or how long it keeps the entry (`cache: no-store`, `revalidate: 60`). */
  reason: string
  error?: unknown
}

const MAX_PATH = 48

/** `https://api.example.com/a/very/long/path?x=1` → `https://api.example.com/a/very/long/pa..` */
export function formatFetchUrl(url: string, fullUrl: boolean): string {
  if (fullUrl) return url
  try {
    const u = new URL(url)
    const rest = `${u.pathname}${u.search}`
    return `${u.protocol}//${u.host}${rest.length > MAX_PATH ? `${rest.slice(0, MAX_PATH)}..` : rest}`
  } catch {
    return url.length > MAX_PATH ? `${url.slice(0, MAX_PATH)}..` : url
  }
}

function describe(outcome: FetchLogLine['outcome'], reason: string): string {
  switch (outcome) {
    case 'SKIP':
      return `cache SKIP, ${reason}`
    case 'MEMO':
      return 'memoized'
    default:
      return `cache ${outcome}, ${reason}`
  }
}

/** ` │ GET https://api.example.com/posts 200 in 12ms (cache HIT, revalidate: 60)` */
export function formatFetchLine(line: FetchLogLine, options: FetchLogging): string {
  const url = formatFetchUrl(line.url, options.fullUrl === true)
  const ms = Math.round(line.ms)
  if (line.status === undefined) {
    const message = line.error instanceof Error ? line.error.message : String(line.error)
    return ` │ ${line.method} ${url} failed in ${ms}ms (${message})`
  }
  return ` │ ${line.method} ${url} ${line.status} in ${ms}ms (${describe(line.outcome, line.reason)})`
}
