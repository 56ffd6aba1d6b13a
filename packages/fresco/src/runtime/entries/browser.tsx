// Client environment: hydrate the document from the RSC payload inlined in the HTML, then keep
// the payload as state so Server Actions and router.refresh() can replace it in place.
import { createFromFetch, createFromReadableStream } from '@vitejs/plugin-rsc/browser'
import { startTransition, useEffect, useState } from 'react'
import { createRoot, hydrateRoot } from 'react-dom/client'
import { rscStream } from 'rsc-html-stream/client'
import { RouterProvider } from '../client/router-context.js'
import { registerRouter } from '../client/router-store.js'
import { installServerCallback } from '../client/server-callback.js'
import { type RscPayload, rscUrl } from '../render/payload.js'

let setPayload: ((payload: RscPayload) => void) | undefined

function apply(payload: RscPayload): void {
  if (payload.redirect) {
    window.location.assign(payload.redirect.url)
    return
  }
  setPayload?.(payload)
}

function Root({ initial }: { initial: RscPayload }) {
  const [payload, set] = useState(initial)
  useEffect(() => {
    setPayload = (next) => startTransition(() => set(next))
  }, [])
  // The search string is not part of a prerendered payload: take it from the address bar.
  const state = { pathname: payload.pathname, params: payload.params, search: window.location.search }
  return <RouterProvider state={state}>{payload.tree}</RouterProvider>
}

async function refresh(): Promise<void> {
  const url = rscUrl(window.location.pathname, window.location.search)
  apply(await createFromFetch<RscPayload>(fetch(url, { cache: 'no-store' })))
}

async function main(): Promise<void> {
  const initial = await createFromReadableStream<RscPayload>(rscStream)
  if (initial.redirect) {
    window.location.replace(initial.redirect.url)
    return
  }
  installServerCallback(apply)
  registerRouter({ refresh })
  const root = <Root initial={initial} />
  if ('__FRESCO_NO_HYDRATE' in globalThis) createRoot(document).render(root)
  else hydrateRoot(document, root, { formState: initial.formState })
  // Dev: a server module changed, re-render the page from a fresh payload (HMR for RSC).
  import.meta.hot?.on('rsc:update', () => void refresh())
}

void main()
