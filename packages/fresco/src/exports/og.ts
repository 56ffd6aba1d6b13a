// `@fresco/framework/og` (also what `next/og` resolves to): ImageResponse, drawing JSX to a PNG with
// @vercel/og (satori + resvg-wasm), the library Next.js bundles for the same class. As Next's
// server/og/image-response.ts: @vercel/og loads only when the first image is drawn (importing it reads
// its wasm and font files, which a server that never draws an image should not pay for at start), the
// body streams from that import, and the headers are Next's, not @vercel/og's: an image is
// `public, max-age=0, must-revalidate` like any other route answer, so a CDN asks again after a
// revalidation instead of keeping it a year (`no-cache, no-store` under `fresco dev`).

type VercelImageResponse = typeof import('@vercel/og').ImageResponse

/** The arguments of @vercel/og's ImageResponse: the element, then `{ width, height, fonts, emoji, headers, status… }`. */
export type ImageResponseOptions = NonNullable<ConstructorParameters<VercelImageResponse>[1]>

const CACHE_CONTROL =
  process.env.NODE_ENV === 'development' ? 'no-cache, no-store' : 'public, max-age=0, must-revalidate'

/**
 * A Response whose body is the PNG drawn from `element`. Next's class of the same name: usable in a
 * route handler and as the default export's answer of `opengraph-image.tsx`, `icon.tsx` & co.
 */
export class ImageResponse extends Response {
  static displayName = 'ImageResponse'

  constructor(...args: ConstructorParameters<VercelImageResponse>) {
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        const { ImageResponse: Draw } = await import('@vercel/og')
        const drawn = new Draw(...args)
        if (!drawn.body) return controller.close()
        const reader = drawn.body.getReader()
        for (;;) {
          const { done, value } = await reader.read()
          if (done) return controller.close()
          controller.enqueue(value)
        }
      },
    })
    const options = args[1] ?? {}
    const headers = new Headers({ 'content-type': 'image/png', 'cache-control': CACHE_CONTROL })
    if (options.headers)
      new Headers(options.headers).forEach((value, key) => {
        headers.set(key, value)
      })
    super(body, { headers, status: options.status, statusText: options.statusText })
  }
}
