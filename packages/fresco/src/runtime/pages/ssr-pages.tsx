// The Pages Router inside the ssr environment (where React is the ordinary, non-server build):
// loads page and API modules, runs getStaticPaths / getStaticProps / getServerSideProps, and
// renders documents. The rsc bundle reaches it through the ssr entry (pages-bridge.ts); the
// caching, planning and HTTP side stays in the rsc bundle (server.ts), so pages share the route
// cache, single flight and HIT path of the App Router.
import { app, css, document, modules, notFound } from 'virtual:fresco/pages'
import { getClientEntryUrl } from '@vitejs/plugin-rsc/ssr'
import { pagesDataFunctionsConflictError, pagesUnsupportedExportError } from '../../errors.js'
import type { AnyModule } from '../render/route-modules.js'
import { checkServerSideProps, checkStaticProps, type DataOutcome } from './data-result.js'
import DefaultNotFound from './not-found-page.js'
import type { DataResponse, PageData } from './page-data.js'
import { renderDocument } from './render.js'
import type { Query } from './router-context.js'
import { checkStaticPaths, type StaticPaths } from './static-paths.js'

/** How a page gets its data: a property of the module, fixed at build. */
export type PageMode = 'static' | 'ssg' | 'ssr' | 'api'

export interface RenderedPage {
  status: number
  /** The document (empty for a redirect). */
  html: string
  /** What the page's data URL answers. */
  data: DataResponse
  /** A redirect's target. */
  location?: string
  revalidate: number | false
}

export interface PageTarget {
  routeId: string
  /** Route pattern, e.g. '/blog/[id]'. */
  page: string
  /** For messages: pages/blog/[id].tsx. */
  file: string
  pathname: string
  params: Query
  buildId: string
}

const memo = new Map<string, Promise<AnyModule>>()

function load(
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

export async function pageModule(routeId: string): Promise<AnyModule> {
  const mod = await load((modules as Record<string, () => Promise<AnyModule>>)[routeId], routeId)
  if (!mod) throw new Error(`[fresco] unknown page ${routeId}`)
  return mod
}

/** What Fresco does not run is refused by name (nothing a Next.js app has is silently ignored). */
function refuseUnsupported(file: string, mod: AnyModule): void {
  // config.runtime 'edge' / 'experimental-edge' runs on Node: the build warns (edge-runtime.ts).
  const component = mod.default as { getInitialProps?: unknown } | undefined
  if (typeof component?.getInitialProps === 'function')
    throw pagesUnsupportedExportError(
      file,
      'getInitialProps',
      'Use getStaticProps (cached, with revalidate) or getServerSideProps (per request) instead.',
    )
}

/** pages/_app with getInitialProps would run for every page: refused at build like a page's. */
export async function checkApp(): Promise<void> {
  const mod = await load(app, '_app')
  if (mod) refuseUnsupported('pages/_app', mod)
}

export async function modeOf(routeId: string, kind: 'page' | 'api', file: string): Promise<PageMode> {
  const mod = await pageModule(routeId)
  refuseUnsupported(file, mod)
  if (kind === 'api') return 'api'
  const gsp = typeof mod.getStaticProps === 'function'
  const gssp = typeof mod.getServerSideProps === 'function'
  if (gsp && gssp) throw pagesDataFunctionsConflictError(file, 'getStaticProps', 'getServerSideProps')
  if (gssp && typeof mod.getStaticPaths === 'function')
    throw pagesDataFunctionsConflictError(file, 'getStaticPaths', 'getServerSideProps')
  return gssp ? 'ssr' : gsp ? 'ssg' : 'static'
}

export async function staticPaths(
  routeId: string,
  page: string,
  file: string,
): Promise<StaticPaths | undefined> {
  const mod = await pageModule(routeId)
  if (typeof mod.getStaticPaths !== 'function') return undefined
  return checkStaticPaths(
    file,
    page,
    await mod.getStaticPaths({ locales: undefined, defaultLocale: undefined }),
  )
}

const bootstrap = () => `import(${JSON.stringify(getClientEntryUrl())})`

async function documentOf(
  target: PageTarget,
  routeId: string,
  page: AnyModule,
  pageProps: Record<string, unknown>,
  flags: { isFallback: boolean; dynamic: boolean; query?: Query; asPath?: string },
): Promise<string> {
  const data: PageData = {
    routeId,
    page: target.page,
    query: flags.query ?? target.params,
    pageProps,
    buildId: target.buildId,
    isFallback: flags.isFallback,
    dynamic: flags.dynamic,
  }
  const [appMod, documentMod] = await Promise.all([load(app, '_app'), load(document, '_document')])
  return renderDocument({
    page,
    app: appMod,
    document: documentMod,
    data,
    asPath: flags.asPath ?? target.pathname,
    bootstrap: bootstrap(),
    styles: [...new Set([...(css._app ?? []), ...(css[routeId] ?? [])])],
  })
}

export const NOT_FOUND_ID = 'pages:/404'

/** pages/404 (or Next's default text) as a document; static, so cached like any static page. */
export async function renderNotFound(buildId: string, pathname: string): Promise<string> {
  const custom = await load(notFound, NOT_FOUND_ID)
  const page: AnyModule = custom ?? { default: DefaultNotFound }
  let pageProps: Record<string, unknown> = {}
  if (custom && typeof custom.getStaticProps === 'function') {
    const outcome = checkStaticProps('pages/404', await custom.getStaticProps({}))
    if (outcome.kind === 'props') pageProps = outcome.props
  }
  const target: PageTarget = {
    routeId: NOT_FOUND_ID,
    page: '/404',
    file: 'pages/404',
    pathname,
    params: {},
    buildId,
  }
  return documentOf(target, NOT_FOUND_ID, page, pageProps, {
    isFallback: false,
    dynamic: false,
    asPath: pathname,
  })
}

async function fromOutcome(
  target: PageTarget,
  page: AnyModule,
  outcome: DataOutcome,
  dynamic: boolean,
  query?: Query,
  asPath?: string,
): Promise<RenderedPage> {
  const { revalidate } = outcome
  if (outcome.kind === 'not-found')
    return {
      status: 404,
      html: await renderNotFound(target.buildId, target.pathname),
      data: { notFound: true },
      revalidate,
    }
  if (outcome.kind === 'redirect') {
    const redirect = { destination: outcome.destination, status: outcome.status }
    return { status: outcome.status, html: '', data: { redirect }, location: outcome.destination, revalidate }
  }
  const html = await documentOf(target, target.routeId, page, outcome.props, {
    isFallback: false,
    dynamic,
    query,
    asPath,
  })
  return { status: 200, html, data: { pageProps: outcome.props }, revalidate }
}

/** A static or getStaticProps page: the input is the plan's path and params, never a request. */
export async function renderStaticPage(
  target: PageTarget,
  revalidateReason: 'build' | 'stale' | 'on-demand',
): Promise<RenderedPage> {
  const page = await pageModule(target.routeId)
  if (typeof page.getStaticProps !== 'function')
    return fromOutcome(target, page, { kind: 'props', props: {}, revalidate: false }, false)
  const result = await page.getStaticProps({
    params: target.params,
    preview: false,
    draftMode: false,
    revalidateReason,
    locales: undefined,
  })
  return fromOutcome(target, page, checkStaticProps(target.file, result), false)
}

/** The `fallback: true` shell: the page with no props and router.isFallback, never stored. */
export async function renderFallbackShell(target: PageTarget): Promise<string> {
  const page = await pageModule(target.routeId)
  return documentOf(target, target.routeId, page, {}, { isFallback: true, dynamic: false })
}

export interface ServerSideContext {
  req: unknown
  res: unknown
  query: Query
  resolvedUrl: string
}

/** getServerSideProps: rendered for one request, never stored. */
export async function renderServerSidePage(
  target: PageTarget,
  ctx: ServerSideContext,
): Promise<RenderedPage> {
  const page = await pageModule(target.routeId)
  const result = await (page.getServerSideProps as (c: unknown) => unknown)({
    ...ctx,
    params: target.params,
    preview: false,
    draftMode: false,
    locales: undefined,
  })
  const outcome = await checkServerSideProps(target.file, result)
  return fromOutcome(target, page, outcome, true, ctx.query, ctx.resolvedUrl)
}
