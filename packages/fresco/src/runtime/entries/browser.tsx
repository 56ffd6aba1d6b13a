// Client environment: hydrate the document from the RSC payload inlined in the HTML, then hand
// every later page to the client router (runtime/client/navigator.ts), which renders RSC
// payloads in place of the document: layouts that did not change keep their state.

import { intercepts, staleTimes } from 'virtual:fresco/client'
import { createFromReadableStream } from '@vitejs/plugin-rsc/browser'
import { startTransition, useEffect, useLayoutEffect, useState } from 'react'
import { createRoot, hydrateRoot } from 'react-dom/client'
import { rscStream } from 'rsc-html-stream/client'
import { stripBasePath } from '../base-path.js'
import { createNavigator, type Navigator, type View } from '../client/navigator.js'
import { RouterProvider, SEARCH_PARAMS_BAILOUT_DIGEST } from '../client/router-context.js'
import { registerRouter } from '../client/router-store.js'
import { installServerCallback } from '../client/server-callback.js'
import { SlotMemoryProvider } from '../client/slot-outlet.js'
import { ROOT_NOT_FOUND_PATH, type RscPayload } from '../render/payload.js'

let setView: ((view: View) => void) | undefined

function Root({ navigator }: { navigator: Navigator }) {
  const [view, set] = useState(navigator.initialView)
  useEffect(() => {
    setView = (next) => startTransition(() => set(next))
  }, [])
  // Once the new page is on screen: history entry, then scroll (top, #fragment or restored).
  useLayoutEffect(() => navigator.committed(view), [navigator, view])
  // The shared root not-found page (server/not-found-page.ts) was rendered for no URL in particular:
  // once hydrated (the server HTML says /_not-found), usePathname() is the URL shown.
  const [hydrated, setHydrated] = useState(false)
  useEffect(() => setHydrated(true), [])
  const { payload, url } = view
  const pathname =
    payload.pathname === ROOT_NOT_FOUND_PATH && hydrated ? shownPathname(url) : payload.pathname
  // The search string is not part of a prerendered payload: take it from the URL shown.
  const state = { pathname, params: payload.params, search: url.search }
  return (
    <RouterProvider state={state}>
      <SlotMemoryProvider memory={view.slots}>{payload.tree}</SlotMemoryProvider>
    </RouterProvider>
  )
}

function shownPathname(url: URL): string {
  const pathname = stripBasePath(url.pathname)
  try {
    return decodeURIComponent(pathname)
  } catch {
    return pathname
  }
}

/** React's default (report it), except for the boundaries useSearchParams() left to the browser. */
function onRecoverableError(error: unknown): void {
  const digest = error && typeof error === 'object' && 'digest' in error ? error.digest : undefined
  if (digest === SEARCH_PARAMS_BAILOUT_DIGEST) return
  if (typeof reportError === 'function') reportError(error)
  else console.error(error)
}

async function main(): Promise<void> {
  const initial = await createFromReadableStream<RscPayload>(rscStream)
  if (initial.redirect) {
    window.location.replace(initial.redirect.url)
    return
  }
  const navigator = createNavigator({
    initial,
    staleTimes,
    intercepts,
    render: (view) => setView?.(view),
    prefetch: !import.meta.hot,
  })
  installServerCallback((payload, revalidated) => navigator.actionResult(payload, revalidated))
  registerRouter(navigator)
  const root = <Root navigator={navigator} />
  if ('__FRESCO_NO_HYDRATE' in globalThis) createRoot(document).render(root)
  else hydrateRoot(document, root, { formState: initial.formState, onRecoverableError })
  // Dev: a server module changed, re-render the page from a fresh payload (HMR for RSC).
  import.meta.hot?.on('rsc:update', () => void navigator.refresh())
}

// A Pages Router document carries its page data instead of an RSC payload (runtime/pages/).
const pagesData = document.getElementById('__FRESCO_DATA__')
if (pagesData) void import('../pages/client-boot.js').then((m) => m.bootPages(pagesData, !import.meta.hot))
else void main()
