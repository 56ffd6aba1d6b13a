// The browser side of a Pages Router document: read the page data the server embedded, load
// _app and the page module, hydrate #__next, and hand every later navigation to the client router
// (registered for next/link too). `fallback: true` shells fetch their data right after hydration.
import {
  app as appLoader,
  error as errorLoader,
  modules,
  notFound,
  pagesRoutes,
  serverError,
} from 'virtual:fresco/pages-client'
import { type ComponentType, startTransition, useEffect, useState } from 'react'
import { hydrateRoot } from 'react-dom/client'
import { stripBasePath } from '../base-path.js'
import { registerRouter } from '../client/router-store.js'
import { type ClientRouter, createClientRouter, type PageView } from './client-router.js'
import type { AppComponent } from './default-app.js'
import DefaultApp from './default-app.js'
import DefaultError from './default-error.js'
import { HeadContext } from './head-context.js'
import DefaultNotFound from './not-found-page.js'
import type { PageData } from './page-data.js'
import { PagesRouterContext } from './router-context.js'
import { setSingletonRouter } from './singleton.js'
import { ERROR_ID, NOT_FOUND_ID, SERVER_ERROR_ID } from './special-ids.js'

async function loadPage(routeId: string): Promise<Record<string, unknown>> {
  if (routeId === NOT_FOUND_ID) return notFound ? notFound() : { default: DefaultNotFound }
  // The server rendered pages/500 when it exists, else pages/_error, else the default.
  if (routeId === SERVER_ERROR_ID && serverError) return serverError()
  if (routeId === ERROR_ID || routeId === SERVER_ERROR_ID)
    return errorLoader ? errorLoader() : { default: DefaultError }
  const loader = modules[routeId]
  if (!loader) throw new Error(`[fresco] no client module for ${routeId}`)
  return loader()
}

let setView: ((view: PageView) => void) | undefined

function Root({ App, router }: { App: AppComponent; router: ClientRouter }) {
  const [view, set] = useState(router.view)
  useEffect(() => {
    setView = (next) => startTransition(() => set(next))
  }, [])
  // A new object per view, so useRouter() consumers re-render on navigation.
  const value = {
    ...router,
    pathname: view.data.page,
    route: view.data.page,
    query: view.data.query,
    asPath: view.asPath,
    isFallback: view.data.isFallback,
  }
  const Page = view.page.default as ComponentType<Record<string, unknown>>
  return (
    <HeadContext value={null}>
      <PagesRouterContext value={value}>
        <App {...view.data.appProps} Component={Page} pageProps={view.data.pageProps} router={value} />
      </PagesRouterContext>
    </HeadContext>
  )
}

/** A same-origin href as next/router takes it: without basePath ('/docs/p/1?x' → '/p/1?x'). */
function appPath(href: string): string {
  const url = new URL(href, window.location.href)
  if (url.origin !== window.location.origin) return href
  return stripBasePath(url.pathname) + url.search + url.hash
}

export async function bootPages(script: HTMLElement, prefetch: boolean): Promise<void> {
  const data = JSON.parse(script.textContent ?? '{}') as PageData
  const [appMod, page] = await Promise.all([appLoader ? appLoader() : undefined, loadPage(data.routeId)])
  const App = (appMod?.default as AppComponent | undefined) ?? DefaultApp
  const asPath = stripBasePath(window.location.pathname) + window.location.search + window.location.hash
  const router = createClientRouter({
    initial: { data, page, asPath },
    routes: pagesRoutes,
    load: loadPage,
    render: (view) => setView?.(view),
    prefetch,
  })
  setSingletonRouter(router)
  registerRouter({
    // <Link> hands over the URL its anchor shows, under basePath; next/router takes the app's path.
    navigate: async (href, options) => {
      const path = appPath(href)
      await (options?.replace ? router.replace : router.push)(path, undefined, { scroll: options?.scroll })
    },
    prefetch: (href) => void router.prefetch(appPath(href)),
    refresh: async () => router.reload(),
  })
  const container = document.getElementById('__next')
  if (!container) throw new Error('[fresco] #__next is missing: a custom _document must render <Main />.')
  hydrateRoot(container, <Root App={App} router={router} />)
  if (data.isFallback) await router.fillFallback()
}
