// An external rewrite (config rewrites() or NextResponse.rewrite() to another origin): the request
// is forwarded there and its answer relayed, as Next.js does. Hop-by-hop headers stay behind; the
// body is streamed, never buffered; an unreachable upstream is a 502, never a hang past the client.
import type { IncomingInfo } from '../contract.js'

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
])

export async function proxyRequest(
  url: string,
  info: IncomingInfo,
  requestHeaders: Record<string, string | string[] | undefined>,
): Promise<Response> {
  const headers = new Headers()
  for (const [name, value] of Object.entries(requestHeaders)) {
    if (value === undefined || name.startsWith(':') || HOP_BY_HOP.has(name)) continue
    if (Array.isArray(value)) for (const v of value) headers.append(name, v)
    else headers.set(name, value)
  }
  const body = info.body()
  let upstream: Response
  try {
    upstream = await fetch(url, {
      method: info.method,
      headers,
      body,
      redirect: 'manual',
      signal: info.signal,
      ...(body ? { duplex: 'half' } : {}),
    } as RequestInit)
  } catch {
    return new Response('Bad Gateway', {
      status: 502,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    })
  }
  // fetch() already decoded the body: its length and coding no longer describe it.
  const out = new Headers(upstream.headers)
  for (const name of ['content-encoding', 'content-length', ...HOP_BY_HOP]) out.delete(name)
  return new Response(upstream.body, {
    status: upstream.status,
    statusText: upstream.statusText,
    headers: out,
  })
}
