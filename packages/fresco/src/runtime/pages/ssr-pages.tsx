// The Pages Router inside the ssr environment (where React is the ordinary, non-server build):
// loads page and API modules, runs getStaticPaths / getStaticProps / getServerSideProps, and
// renders documents. The rsc bundle reaches it through the ssr entry (pages-bridge.ts); the
// caching, planning and HTTP side stays in the rsc bundle (server.ts), so pages share the route
// cache, single flight and HIT path of the App Router.
import { modules } from 'virtual:fresco/pages'
import { pagesDataFunctionsConflictError } from '../../errors.js'
import type { AnyModule } from '../render/route-modules.js'
import { checkServerSideProps, checkStaticProps, type DataOutcome } from './data-result.js'
import { hasCustomAppGetInitialProps, hasPageGetInitialProps } from './initial-props.js'
import type { DataResponse } from './page-data.js'
import { type DocumentRequest, load, loadApp, renderPageDocument } from './page-document.js'
import type { Query } from './router-context.js'
import { renderNotFound } from './special-pages.js'
import { checkStaticPaths, type StaticPaths } from './static-paths.js'

export { checkSpecialPages, hasServerErrorPage, renderNotFound, renderServerError } from './special-pages.js'

/**
 * How a page gets its data: a property of the module (and of _app), fixed at build. `initial-props`:
 * the page's getInitialProps, or a page without data function under an _app with getInitialProps —
 * both rendered per request, as Next does.
 */
export type PageMode = 'static' | 'ssg' | 'ssr' | 'initial-props' | 'api'

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

/** A draft-mode request (a signed draft cookie): getStaticProps gets these, nothing is stored. */
export interface DraftRequest {
  previewData: unknown
}

export async function pageModule(routeId: string): Promise<AnyModule> {
  const mod = await load((modules as Record<string, () => Promise<AnyModule>>)[routeId], routeId)
  if (!mod) throw new Error(`[fresco] unknown page ${routeId}`)
  return mod
}

/**
 * pages/_app is loadable (its module evaluates) before any page renders. Its config.runtime 'edge'
 * / 'experimental-edge', like a page's, runs on Node: the build warns (build/edge-runtime.ts).
 */
export async function checkApp(): Promise<void> {
  await loadApp()
}

/** Why a page renders per request, for the build's route table; undefined when it does not. */
export async function dynamicReason(
  routeId: string,
  kind: 'page' | 'api',
  file: string,
): Promise<string | undefined> {
  const mode = await modeOf(routeId, kind, file)
  if (mode === 'api') return 'API route'
  if (mode === 'ssr') return 'getServerSideProps'
  if (mode !== 'initial-props') return undefined
  return hasPageGetInitialProps((await pageModule(routeId)).default)
    ? 'getInitialProps'
    : '_app getInitialProps'
}

export async function modeOf(routeId: string, kind: 'page' | 'api', file: string): Promise<PageMode> {
  const mod = await pageModule(routeId)
  if (kind === 'api') return 'api'
  const gsp = typeof mod.getStaticProps === 'function'
  const gssp = typeof mod.getServerSideProps === 'function'
  const gip = hasPageGetInitialProps(mod.default)
  if (gsp && gssp) throw pagesDataFunctionsConflictError(file, 'getStaticProps', 'getServerSideProps')
  if (gssp && typeof mod.getStaticPaths === 'function')
    throw pagesDataFunctionsConflictError(file, 'getStaticPaths', 'getServerSideProps')
  if (gip && (gsp || gssp))
    throw pagesDataFunctionsConflictError(
      file,
      'getInitialProps',
      gsp ? 'getStaticProps' : 'getServerSideProps',
    )
  if (gssp) return 'ssr'
  if (gsp) return 'ssg'
  if (gip) return 'initial-props'
  // Next: an _app with getInitialProps opts every page without getStaticProps out of static output.
  return hasCustomAppGetInitialProps((await loadApp())?.default) ? 'initial-props' : 'static'
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

interface RenderOptions {
  dynamic: boolean
  request?: DocumentRequest
  isPreview?: boolean
}

async function fromOutcome(
  target: PageTarget,
  page: AnyModule,
  outcome: DataOutcome,
  options: RenderOptions,
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
  const doc = await renderPageDocument(
    target,
    page,
    outcome.props,
    { isFallback: false, dynamic: options.dynamic, isPreview: options.isPreview },
    options.request,
  )
  const data: DataResponse = doc.appProps
    ? { pageProps: doc.pageProps, appProps: doc.appProps }
    : { pageProps: doc.pageProps }
  return { status: 200, html: doc.html, data, revalidate }
}

/**
 * A static or getStaticProps page: the input is the plan's path and params, never a request —
 * except in draft mode, rendered for that one client and never stored (`draft`).
 */
export async function renderStaticPage(
  target: PageTarget,
  revalidateReason: 'build' | 'stale' | 'on-demand',
  draft?: DraftRequest,
): Promise<RenderedPage> {
  const page = await pageModule(target.routeId)
  const options: RenderOptions = { dynamic: draft !== undefined, isPreview: draft !== undefined }
  if (typeof page.getStaticProps !== 'function')
    return fromOutcome(target, page, { kind: 'props', props: {}, revalidate: false }, options)
  // Next passes draftMode / preview / previewData only in draft mode (absent otherwise).
  const result = await page.getStaticProps({
    params: target.params,
    ...(draft ? { draftMode: true, preview: true, previewData: draft.previewData } : {}),
    revalidateReason,
    locales: undefined,
  })
  return fromOutcome(target, page, checkStaticProps(target.file, result), options)
}

/** The `fallback: true` shell: the page with no props and router.isFallback, never stored. */
export async function renderFallbackShell(target: PageTarget): Promise<string> {
  const page = await pageModule(target.routeId)
  return (await renderPageDocument(target, page, {}, { isFallback: true, dynamic: false })).html
}

export interface ServerSideContext {
  req: unknown
  res: unknown
  query: Query
  resolvedUrl: string
  /** Set in draft mode. */
  draft?: DraftRequest
}

/** getInitialProps (the page's, or _app's around a page without data function): per request. */
export async function renderInitialPropsPage(
  target: PageTarget,
  ctx: ServerSideContext,
): Promise<RenderedPage> {
  const page = await pageModule(target.routeId)
  const request = { req: ctx.req, res: ctx.res, query: ctx.query, asPath: ctx.resolvedUrl }
  const outcome: DataOutcome = { kind: 'props', props: {}, revalidate: false }
  return fromOutcome(target, page, outcome, { dynamic: true, request, isPreview: ctx.draft !== undefined })
}

/** getServerSideProps: rendered for one request, never stored. */
export async function renderServerSidePage(
  target: PageTarget,
  ctx: ServerSideContext,
): Promise<RenderedPage> {
  const page = await pageModule(target.routeId)
  const { draft, ...rest } = ctx
  const result = await (page.getServerSideProps as (c: unknown) => unknown)({
    ...rest,
    params: target.params,
    ...(draft ? { draftMode: true, preview: true, previewData: draft.previewData } : {}),
    locales: undefined,
  })
  const outcome = await checkServerSideProps(target.file, result)
  const request = { req: ctx.req, res: ctx.res, query: ctx.query, asPath: ctx.resolvedUrl }
  return fromOutcome(target, page, outcome, { dynamic: true, request, isPreview: draft !== undefined })
}
