// next/router in the browser: client transitions between Pages Router pages through their data
// URLs. One JSON fetch per transition (a prefetched static page's data is reused, not fetched
// again), the page module loaded, then the new page rendered inside the same _app, so _app state
// survives. Whatever it cannot do in place — another build (the data URL answers 404), a URL no
// page matches (an App Router page), notFound — becomes a full page load. Under next.config's
// basePath, paths here (asPath, history state, push('/about')) are the app's, as in Next; only the
// URLs the browser sees and fetches get the prefix.

import { addBasePath, basePath, stripBasePath } from '../base-path.js'
import { canonicalHref } from '../client/trailing-slash-href.js'
import { PREFETCH_HEADER } from '../render/payload.js'
import { createMatcher } from '../server/match.js'
import { dataUrl } from './data-url.js'
import type { DataResponse, PageData } from './page-data.js'
import type { PagesRouteInfo } from './plan.js'
import {
  createEvents,
  type NextRouter,
  type PopState,
  type Query,
  resolveHref,
  type TransitionOptions,
  type Url,
} from './router-context.js'
import { onlyHashChange } from './url-change.js'

export interface PageView {
  data: PageData
  /** The page component's module. */
  page: Record<string, unknown>
  asPath: string
}

export interface ClientRouterOptions {
  initial: PageView
  routes: readonly PagesRouteInfo[]
  load(routeId: string): Promise<Record<string, unknown>>
  /** Show a new view (the React root re-renders; _app stays mounted). */
  render(view: PageView): void
  /** Prefetch in production only, like Next. */
  prefetch: boolean
}

export interface ClientRouter extends NextRouter {
  /** The view currently shown. */
  view: PageView
  /** Fill a `fallback: true` shell with its data. */
  fillFallback(): Promise<void>
}

const HISTORY_KEY = '__fresco_pages'

/** Prefetched data answers kept at most (oldest dropped first). */
const PREFETCHED_MAX = 50

/** Search parameters as next/router's query (repeated names → arrays). */
function queryOf(params: URLSearchParams): Query {
  const query: Query = {}
  for (const [k, v] of params) {
    const prev = query[k]
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v]
  }
  return query
}

/** The URL the browser shows for a URL of the app. */
const browserHref = (url: URL) => url.origin + addBasePath(url.pathname) + url.search + url.hash

function fullLoad(href: string, replace = false): void {
  if (replace) window.location.replace(href)
  else window.location.assign(href)
}

export function createClientRouter(opts: ClientRouterOptions): ClientRouter {
  const match = createMatcher(opts.routes.map((r) => ({ id: r.id, path: r.path, kind: 'page' as const })))
  const byId = new Map(opts.routes.map((r) => [r.id, r]))
  const events = createEvents()
  // Prefetched data by URL, until a navigation takes it.
  const cache = new Map<string, Promise<DataResponse | null>>()
  let beforePop: ((state: PopState) => boolean) | undefined
  let current = 0 // the latest navigation wins

  const fetchData = (url: string, prefetch = false): Promise<DataResponse | null> =>
    fetch(url, {
      headers: prefetch
        ? { accept: 'application/json', [PREFETCH_HEADER]: '1' }
        : { accept: 'application/json' },
    }).then(
      async (res) => {
        // 204: a page rendered per request (getServerSideProps) is not prefetched; the click asks.
        if (res.status === 204) return null
        if (res.status === 404 && !res.headers.get('content-type')?.includes('json')) return null
        if (!res.ok && res.status !== 404) return null
        return (await res.json()) as DataResponse
      },
      () => null,
    )

  const dataUrlOf = (url: URL) => addBasePath(dataUrl(router.view.data.buildId, url.pathname)) + url.search

  /** A prefetch keeps the answer for the next navigation to that URL, which takes it (one fetch). */
  function prefetchData(url: URL): Promise<DataResponse | null> {
    const key = url.pathname + url.search
    let found = cache.get(key)
    if (!found) {
      found = fetchData(dataUrlOf(url), true)
      cache.set(key, found)
      if (cache.size > PREFETCHED_MAX) cache.delete(cache.keys().next().value as string)
    }
    return found
  }

  function takeData(url: URL): Promise<DataResponse | null> {
    const key = url.pathname + url.search
    const found = cache.get(key)
    cache.delete(key)
    // A prefetch without an answer (204: a page rendered per request, or a failure): the click asks.
    if (!found) return fetchData(dataUrlOf(url))
    return found.then((data) => data ?? fetchData(dataUrlOf(url)))
  }

  /** The navigation in flight (Next cancels it when another starts: routeChangeError, cancelled). */
  let inFlight: { id: number; as: string; shallow: boolean } | undefined

  function cancelInFlight(): void {
    if (!inFlight) return
    const error = Object.assign(new Error(`Abort fetching component for route: "${inFlight.as}"`), {
      cancelled: true,
    })
    events.emit('routeChangeError', error, inFlight.as, { shallow: inFlight.shallow })
    inFlight = undefined
  }

  /** Next emits beforeHistoryChange for route changes only, not for hash-only changes. */
  function writeHistory(
    method: 'push' | 'replace' | 'pop',
    as: string,
    shallow: boolean,
    hashOnly = false,
  ): void {
    if (!hashOnly) events.emit('beforeHistoryChange', as, { shallow })
    if (method === 'push') window.history.pushState({ [HISTORY_KEY]: as }, '', addBasePath(as))
    else if (method === 'replace') window.history.replaceState({ [HISTORY_KEY]: as }, '', addBasePath(as))
  }

  function scrollTo(url: URL, options: TransitionOptions, method: string): void {
    if (options.scroll === false || method === 'pop') return
    if (url.hash) document.getElementById(decodeURIComponent(url.hash.slice(1)))?.scrollIntoView()
    else window.scrollTo(0, 0)
  }

  async function change(
    method: 'push' | 'replace' | 'pop',
    href: string,
    options: TransitionOptions = {},
  ): Promise<boolean> {
    // push/replace go to the canonical URL (`/about/` under trailingSlash: true), as Next's router.
    const url = new URL(method === 'pop' ? href : canonicalHref(href), window.location.href)
    if (url.origin !== window.location.origin) {
      fullLoad(url.href, method === 'replace')
      return false
    }
    const as = url.pathname + url.search + url.hash
    const shallow = options.shallow === true
    // Only the hash: no data, no render; hashChange events and a scroll to the element (Next).
    if (onlyHashChange(router.asPath, as)) {
      cancelInFlight()
      events.emit('hashChangeStart', as, { shallow })
      writeHistory(method, as, shallow, true)
      router.asPath = as
      router.view = { ...router.view, asPath: as }
      opts.render(router.view)
      scrollTo(url, options, method)
      events.emit('hashChangeComplete', as, { shallow })
      return true
    }
    let found: ReturnType<typeof match>
    try {
      found = match(
        decodeURIComponent(url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname),
      )
    } catch {
      found = null
    }
    if (!found) {
      fullLoad(browserHref(url), method === 'replace')
      return false
    }
    cancelInFlight()
    const id = ++current
    inFlight = { id, as, shallow }
    events.emit('routeChangeStart', as, { shallow })
    const query: Query = { ...queryOf(url.searchParams), ...found.params }
    // Shallow routing: the same page, a new URL and query, no data fetching (Next runs none either).
    if (shallow && found.routeId === router.view.data.routeId) {
      inFlight = undefined
      writeHistory(method, as, true)
      show({ ...router.view, asPath: as, data: { ...router.view.data, query } })
      scrollTo(url, options, method)
      events.emit('routeChangeComplete', as, { shallow: true })
      return true
    }
    try {
      const [data, page] = await Promise.all([takeData(url), opts.load(found.routeId)])
      if (id !== current) return false
      inFlight = undefined
      if (data && 'notFound' in data) {
        fullLoad(browserHref(url), method === 'replace')
        return false
      }
      if (!data) throw new Error(`Failed to load the data of ${as}`)
      if ('redirect' in data) return follow(data.redirect.destination, options)
      const route = byId.get(found.routeId)
      const view: PageView = {
        page,
        asPath: as,
        data: {
          ...router.view.data,
          routeId: found.routeId,
          page: route?.path ?? url.pathname,
          query,
          pageProps: data.pageProps,
          isFallback: false,
        },
      }
      if (data.appProps) view.data.appProps = data.appProps
      else delete view.data.appProps
      writeHistory(method, as, shallow)
      show(view)
      scrollTo(url, options, method)
      events.emit('routeChangeComplete', as, { shallow })
      return true
    } catch (error) {
      if (id !== current) return false
      inFlight = undefined
      events.emit('routeChangeError', error, as, { shallow })
      // What the client cannot show in place, the server answers as a page (its 500 page, …).
      fullLoad(browserHref(url), method === 'replace')
      return false
    }
  }

  /** A data redirect names the browser's URL: one under basePath is a transition, others a load. */
  async function follow(destination: string, options?: TransitionOptions): Promise<boolean> {
    const url = new URL(destination, window.location.href)
    const path = stripBasePath(url.pathname)
    if (url.origin !== window.location.origin || (basePath !== '' && path === url.pathname)) {
      fullLoad(url.href, true)
      return false
    }
    return change('replace', path + url.search + url.hash, options)
  }

  function show(view: PageView): void {
    router.view = view
    router.pathname = view.data.page
    router.route = view.data.page
    router.query = view.data.query
    router.asPath = view.asPath
    router.isFallback = view.data.isFallback
    opts.render(view)
  }

  const navigate = (method: 'push' | 'replace') => (url: Url, as?: Url, options?: TransitionOptions) =>
    change(method, resolveHref(as ?? url), options)

  const router: ClientRouter = {
    view: opts.initial,
    pathname: opts.initial.data.page,
    route: opts.initial.data.page,
    query: opts.initial.data.query,
    asPath: opts.initial.asPath,
    basePath,
    isFallback: opts.initial.data.isFallback,
    isReady: true,
    isPreview: opts.initial.data.isPreview === true,
    isLocaleDomain: false,
    events,
    push: navigate('push'),
    replace: navigate('replace'),
    back: () => window.history.back(),
    forward: () => window.history.forward(),
    reload: () => window.location.reload(),
    async prefetch(href) {
      if (!opts.prefetch) return
      const url = new URL(resolveHref(href), window.location.href)
      if (url.origin !== window.location.origin) return
      const found = match(url.pathname)
      if (!found) return
      await Promise.all([prefetchData(url), opts.load(found.routeId).catch(() => undefined)])
    },
    beforePopState(cb) {
      beforePop = cb
    },
    async fillFallback() {
      const url = new URL(window.location.href)
      const data = await fetchData(
        addBasePath(dataUrl(router.view.data.buildId, stripBasePath(url.pathname))),
      )
      if (!data || 'notFound' in data) {
        fullLoad(url.href, true)
        return
      }
      if ('redirect' in data) {
        await follow(data.redirect.destination)
        return
      }
      const filled = { ...router.view.data, pageProps: data.pageProps, isFallback: false }
      if (data.appProps) filled.appProps = data.appProps
      show({ ...router.view, data: filled })
    },
  }

  window.history.replaceState({ ...(window.history.state ?? {}), [HISTORY_KEY]: router.asPath }, '')
  window.addEventListener('popstate', (e) => {
    const as = (e.state as Record<string, unknown> | null)?.[HISTORY_KEY]
    if (typeof as !== 'string') {
      // A history entry the browser made itself (an <a href="#x"> click): only the hash moved, as
      // Next does, the entry is adopted; anything else is loaded as a page.
      const here = stripBasePath(window.location.pathname) + window.location.search + window.location.hash
      if (onlyHashChange(router.asPath, here) || here === router.asPath) {
        window.history.replaceState({ ...(window.history.state ?? {}), [HISTORY_KEY]: here }, '')
        router.asPath = here
        router.view = { ...router.view, asPath: here }
        opts.render(router.view)
        return
      }
      fullLoad(window.location.href, true)
      return
    }
    if (beforePop && !beforePop({ url: as, as, options: {} })) return
    void change('pop', as)
  })
  return router
}
