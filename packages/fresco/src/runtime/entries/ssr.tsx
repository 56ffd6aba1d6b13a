// SSR environment: RSC stream → HTML. The same RSC bytes are inlined into the HTML
// (rsc-html-stream) so the browser hydrates without a second request.
import { createFromReadableStream, getClientEntryUrl } from '@vitejs/plugin-rsc/ssr'
import { use } from 'react'
import type { ReactFormState } from 'react-dom/client'
import { renderToReadableStream } from 'react-dom/server.edge'
import { injectRSCPayload } from 'rsc-html-stream/server'
import { RouterProvider } from '../client/router-context.js'
import { digestOf } from '../render/digest.js'
import { inlinePayload } from '../render/inline-payload.js'
import type { RscPayload } from '../render/payload.js'
import { readAll, streamOf } from '../render/streams.js'

// The Pages Router renders here too (react-dom/server, not RSC); the rsc bundle calls into it.
export * as pages from '../pages/ssr-pages.js'

function SsrRoot({ state, shared }: { state: SsrState; shared: boolean }) {
  // Deserialised inside React's render so preloads of client chunks land in the HTML head.
  state.payload ??= createFromReadableStream<RscPayload>(state.stream)
  const p = use(state.payload)
  return (
    // One HTML for every query string (a cached page): useSearchParams() cannot answer here.
    <RouterProvider state={{ pathname: p.pathname, params: p.params, search: shared ? null : p.search }}>
      {p.tree}
    </RouterProvider>
  )
}

type SsrState = { stream: ReadableStream<Uint8Array>; payload?: Promise<RscPayload> }

function renderRoot(state: SsrState, shared: boolean, formState: ReactFormState | undefined) {
  return renderToReadableStream(<SsrRoot state={state} shared={shared} />, {
    bootstrapScriptContent: `import(${JSON.stringify(getClientEntryUrl())})`,
    formState,
    // Server Component errors were already reported by the RSC render; keep their digest.
    onError: (error: unknown) => digestOf(error),
  })
}

/**
 * A streamed document (dynamic pages, actions), the payload inlined as it arrives. Rejects when
 * the shell fails (an error outside every Suspense boundary), with its digest.
 */
export async function renderHtml(
  rsc: ReadableStream<Uint8Array>,
  opts: { formState?: ReactFormState },
): Promise<ReadableStream<Uint8Array>> {
  const [forSsr, forInline] = rsc.tee()
  const html = await renderRoot({ stream: forSsr }, false, opts.formState)
  return html.pipeThrough(injectRSCPayload(forInline))
}

/**
 * The whole document of a cacheable render (prerender, ISR) from its whole payload: every Suspense
 * boundary resolved, the payload inlined once at the end (inline-payload.ts). The HTML is stored
 * and served for any query string, so useSearchParams() defers to the browser, through the
 * nearest Suspense boundary, as in Next.js. Rejects as renderHtml does.
 */
export async function renderDocument(rsc: Uint8Array): Promise<Uint8Array> {
  const html = await renderRoot({ stream: streamOf(rsc) }, true, undefined)
  await html.allReady
  return inlinePayload(await readAll(html), rsc)
}

/**
 * The 500 document: no SSR, the browser renders from the payload so error.tsx can show. Next.js 16
 * sends the same (an empty `<html id="__next_error__">` with the flight data, marked noindex).
 */
export async function renderClientOnly(rsc: ReadableStream<Uint8Array>): Promise<ReadableStream<Uint8Array>> {
  const html = await renderToReadableStream(
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
      </head>
      <body>
        <noscript>500: the page failed to render.</noscript>
      </body>
    </html>,
    { bootstrapScriptContent: `self.__FRESCO_NO_HYDRATE=1;import(${JSON.stringify(getClientEntryUrl())})` },
  )
  return html.pipeThrough(injectRSCPayload(rsc))
}
