// One Pages Router document in the ssr environment, from a page module and the props its data
// function returned: the module loaders (memoized per process), then Next's getInitialProps
// protocol (App.getInitialProps / the page's, initial-props.ts) for the props _app and the page
// get, then the document (render.tsx). Shared by ordinary pages (ssr-pages.tsx) and the special
// ones (special-pages.tsx).
import { app, css, document } from 'virtual:fresco/pages'
import { getClientEntryUrl } from '@vitejs/plugin-rsc/ssr'
import type { ComponentType } from 'react'
import type { AnyModule } from '../render/route-modules.js'
import DefaultApp from './default-app.js'
import { loadGetInitialProps } from './initial-props.js'
import type { PageData } from './page-data.js'
import { renderDocument, serverRouter } from './render.js'
import type { Query } from './router-context.js'

const memo = new Map<string, Promise<AnyModule>>()

export function load(
  loader: (() => Promise<AnyModule>) | null | undefined,
  key: string,
): Promise<AnyModule | undefined> {
  if (!loader) return Promise.resolve(undefined)
  let found = memo.get(key)
  if (!found) {
    found = loader()
    found.catch(() => memo.delete(key))
    memo.set(key, found)
  }
  return found
}

export const loadApp = () => load(app, '_app')

export interface DocumentTarget {
  routeId: string
  /** Route pattern, e.g. '/blog/[id]' (router.pathname, ctx.pathname). */
  page: string
  pathname: string
  params: Query
  buildId: string
}

/** The request a document is rendered for; absent for cached renders (build, regeneration). */
export interface DocumentRequest {
  req?: unknown
  res?: unknown
  err?: unknown
  query?: Query
  asPath?: string
}

export interface DocumentFlags {
  isFallback: boolean
  /** Rendered per request: the client asks the server again on every visit. */
  dynamic: boolean
  isPreview?: boolean
}

export interface RenderedDocument {
  html: string
  /** The page's props: getInitialProps' under getStaticProps' / getServerSideProps' (as Next merges). */
  pageProps: Record<string, unknown>
  /** What App.getInitialProps returned beside pageProps (passed to _app as props). */
  appProps?: Record<string, unknown>
}

const bootstrap = () => `import(${JSON.stringify(getClientEntryUrl())})`

export async function renderPageDocument(
  target: DocumentTarget,
  page: AnyModule,
  dataProps: Record<string, unknown>,
  flags: DocumentFlags,
  request: DocumentRequest = {},
): Promise<RenderedDocument> {
  const [appMod, documentMod] = await Promise.all([loadApp(), load(document, '_document')])
  const App = (appMod?.default ?? DefaultApp) as ComponentType<Record<string, unknown>>
  const Page = page.default as ComponentType<Record<string, unknown>>
  const query = request.query ?? target.params
  const asPath = request.asPath ?? target.pathname
  const data: PageData = {
    routeId: target.routeId,
    page: target.page,
    query,
    pageProps: dataProps,
    buildId: target.buildId,
    isFallback: flags.isFallback,
    dynamic: flags.dynamic,
    ...(flags.isPreview ? { isPreview: true } : {}),
  }
  const router = serverRouter(data, asPath)
  const AppTree = (props: Record<string, unknown>) => <App Component={Page} router={router} {...props} />
  const { pageProps: initialPageProps, ...appProps } = await loadGetInitialProps(App, {
    Component: Page,
    router,
    AppTree,
    ctx: {
      req: request.req,
      res: request.res,
      err: request.err,
      pathname: target.page,
      query,
      asPath,
      AppTree,
    },
  })
  data.pageProps = { ...(initialPageProps as Record<string, unknown> | undefined), ...dataProps }
  if (Object.keys(appProps).length > 0) data.appProps = appProps
  const html = await renderDocument({
    page,
    app: appMod,
    document: documentMod,
    data,
    asPath,
    bootstrap: bootstrap(),
    styles: [...new Set([...(css._app ?? []), ...(css[target.routeId] ?? [])])],
  })
  return { html, pageProps: data.pageProps, ...(data.appProps ? { appProps: data.appProps } : {}) }
}
