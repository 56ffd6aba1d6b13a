// One RSC request (never the HTML): /_fresco/rsc<pathname><search>. Decoding starts as soon as
// the first bytes arrive, so a navigation renders (and shows loading.tsx) while the page streams.
// Anything that is not a payload (a redirect answered by the HTTP layer, an HTML error page, a
// network failure) makes the caller fall back to a full document load of the page URL.
import { createFromReadableStream } from '@vitejs/plugin-rsc/browser'
import { addBasePath, stripBasePath } from '../base-path.js'
import {
  NEXT_URL_HEADER,
  PREFETCH_HEADER,
  RSC_CONTENT_TYPE,
  type RscPayload,
  rscUrl,
  STATIC_HEADER,
} from '../render/payload.js'

export type PrefetchMode = 'auto' | 'full'

export type Fetched =
  | {
      kind: 'payload'
      payload: Promise<RscPayload>
      /** From the route cache (x-fresco-static): kept for staleTimes.static. */
      isStatic: boolean
      partial: boolean
      /** The body size, once it has been read to the end. */
      bytes: Promise<number>
    }
  /** A prefetch the server had nothing for (204): not generated yet, or dynamic without loading.tsx. */
  | { kind: 'empty' }
  /** Not a payload: load the document instead. */
  | { kind: 'document' }

/** A copy of the body that counts its bytes. */
function counted(body: ReadableStream<Uint8Array>): {
  stream: ReadableStream<Uint8Array>
  bytes: Promise<number>
} {
  let total = 0
  let done: (n: number) => void = () => {}
  const bytes = new Promise<number>((resolve) => {
    done = resolve
  })
  const stream = body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        total += chunk.byteLength
        controller.enqueue(chunk)
      },
      flush() {
        done(total)
      },
    }),
  )
  return { stream, bytes }
}

export async function fetchPayload(
  url: URL,
  opts: { prefetch?: PrefetchMode; signal?: AbortSignal; reload?: boolean; from?: string } = {},
): Promise<Fetched> {
  const headers: Record<string, string> = { accept: RSC_CONTENT_TYPE }
  if (opts.from) headers[NEXT_URL_HEADER] = opts.from
  if (opts.prefetch) headers[PREFETCH_HEADER] = opts.prefetch
  const res = await fetch(addBasePath(rscUrl(stripBasePath(url.pathname), url.search)), {
    headers,
    // A redirect on the payload URL points at an HTML page: let the document follow it instead.
    redirect: 'manual',
    credentials: 'same-origin',
    // The Router Cache decides reuse; the HTTP cache may only answer after a revalidation (ETag → 304).
    cache: opts.reload ? 'no-store' : 'no-cache',
    signal: opts.signal,
  })
  if (res.status === 204) return { kind: 'empty' }
  const type = res.headers.get('content-type') ?? ''
  if (res.type === 'opaqueredirect' || !type.startsWith(RSC_CONTENT_TYPE) || !res.body) {
    await res.body?.cancel()
    return { kind: 'document' }
  }
  const { stream, bytes } = counted(res.body)
  return {
    kind: 'payload',
    // A real Promise: React's thenable has no chaining `.then`/`.catch`.
    payload: Promise.resolve(createFromReadableStream<RscPayload>(stream)),
    isStatic: res.headers.has(STATIC_HEADER),
    partial: res.headers.get(PREFETCH_HEADER) === 'partial',
    bytes,
  }
}
