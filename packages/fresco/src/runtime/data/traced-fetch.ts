// Next's `fetch GET https://…` span (AppRender.fetch) around a server fetch in a render, with its
// attributes (http.url, http.method, net.peer.name / port, http.status_code) and the data cache's
// answer (`fresco.fetch.cache`: HIT, STALE, MISS, SKIP when not cached, MEMO when deduplicated in
// the render). The upstream request runs inside it, so an HTTP client instrumentation nests below.
import { SPAN_TYPE, type SpanSpec, type Tracer } from '../server/tracer.js'
import type { Fetched } from './memo.js'

function spec(method: string, url: string): SpanSpec {
  let host: string | undefined
  let port: number | undefined
  try {
    const parsed = new URL(url)
    host = parsed.hostname
    port = parsed.port === '' ? undefined : Number(parsed.port)
  } catch {}
  return {
    type: SPAN_TYPE.fetch,
    name: `fetch ${method} ${url}`,
    kind: 'client',
    attributes: { 'http.url': url, 'http.method': method, 'net.peer.name': host, 'net.peer.port': port },
  }
}

export function tracedFetch(
  tracer: Tracer | undefined,
  method: string,
  url: string,
  run: () => Promise<Fetched>,
): Promise<Fetched> {
  if (!tracer) return run()
  return tracer.span(spec(method, url), (span) =>
    run().then((f) => {
      span.setAttributes({
        'http.status_code': f.response.status,
        'fresco.fetch.cache': f.memoized ? 'MEMO' : f.outcome,
      })
      return f
    }),
  )
}
