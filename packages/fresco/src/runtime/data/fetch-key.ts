// The identity of a GET/HEAD request: what the data cache and request memoization key on.
// Tracing headers differ on every request, so they are left out (Next excludes traceparent and
// tracestate; we add the other common propagation headers for the same reason).
import { createHash } from 'node:crypto'

const TRACING_HEADERS = new Set([
  'traceparent',
  'tracestate',
  'baggage',
  'sentry-trace',
  'b3',
  'x-b3-traceid',
  'x-b3-spanid',
  'x-b3-parentspanid',
  'x-b3-sampled',
  'x-b3-flags',
  'x-cloud-trace-context',
  'x-amzn-trace-id',
])

/** Bump when the key layout changes: old data entries then simply stop matching. */
const KEY_VERSION = 'v1'

export interface RequestIdentity {
  url: string
  method: string
  headers: Headers
  /** Fields of RequestInit that change the response a server gets. */
  redirect: string
  credentials: string
  integrity: string
}

/** The identity of `fetch(input, init)`, read the way fetch itself would (init wins over a Request). */
export function requestIdentity(
  url: string,
  input: RequestInfo | URL,
  init: RequestInit | undefined,
): RequestIdentity {
  const request = input instanceof Request ? input : undefined
  return {
    url,
    method: (init?.method ?? request?.method ?? 'GET').toUpperCase(),
    headers: new Headers(init?.headers ?? request?.headers),
    redirect: init?.redirect ?? request?.redirect ?? 'follow',
    credentials: init?.credentials ?? request?.credentials ?? 'same-origin',
    integrity: init?.integrity ?? request?.integrity ?? '',
  }
}

/** sha256 hex of the identity. GET and HEAD have no body, so none is hashed. */
export function requestKey(id: RequestIdentity): string {
  const headers: [string, string][] = []
  // Headers iterate sorted by lower-cased name, so equal header sets give equal keys.
  for (const [name, value] of id.headers) if (!TRACING_HEADERS.has(name)) headers.push([name, value])
  const material = JSON.stringify([
    KEY_VERSION,
    id.url,
    id.method,
    headers,
    id.redirect,
    id.credentials,
    id.integrity,
  ])
  return createHash('sha256').update(material).digest('hex')
}
