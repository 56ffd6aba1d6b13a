// The special pages of pages/, as Next renders them: pages/404 for a URL no page claims (else
// pages/_error with statusCode 404, else Next's default text); pages/500 for a failing request
// (static: its getStaticProps runs once per process, never with the request), else pages/_error,
// whose getInitialProps gets `res.statusCode` and `err`, else a default error page. All of them go
// through _app and _document and hydrate like any page.
import { error as errorLoader, notFound, serverError } from 'virtual:fresco/pages'
import { pagesUnsupportedExportError } from '../../errors.js'
import type { AnyModule } from '../render/route-modules.js'
import { checkStaticProps } from './data-result.js'
import DefaultError from './default-error.js'
import DefaultNotFound from './not-found-page.js'
import { type DocumentTarget, load, renderPageDocument } from './page-document.js'
import type { Query } from './router-context.js'
import { ERROR_ID, NOT_FOUND_ID, SERVER_ERROR_ID } from './special-ids.js'

const target = (routeId: string, page: string, buildId: string, pathname: string): DocumentTarget => ({
  routeId,
  page,
  pathname,
  params: {},
  buildId,
})

/** pages/404 or pages/500: static, so getStaticProps (no params) and no request data functions. */
async function renderStatic(mod: AnyModule, t: DocumentTarget, file: string): Promise<string> {
  for (const name of ['getServerSideProps', 'getInitialProps'] as const) {
    const holder = name === 'getInitialProps' ? (mod.default as Record<string, unknown> | undefined) : mod
    if (typeof holder?.[name] === 'function')
      throw pagesUnsupportedExportError(file, name, `${file} is static, as in Next: use getStaticProps.`)
  }
  let props: Record<string, unknown> = {}
  if (typeof mod.getStaticProps === 'function') {
    const outcome = checkStaticProps(file, await mod.getStaticProps({}))
    if (outcome.kind === 'props') props = outcome.props
  }
  return (await renderPageDocument(t, mod, props, { isFallback: false, dynamic: false })).html
}

/** pages/_error (or the default) for one status; `res` carries the status as Next's does. */
async function renderErrorPage(
  mod: AnyModule,
  statusCode: number,
  buildId: string,
  pathname: string,
  err: unknown,
  query: Query = {},
): Promise<string> {
  const t = target(ERROR_ID, '/_error', buildId, pathname)
  const res = { statusCode, headersSent: false, writableEnded: false }
  // Without getInitialProps (the default's returns it) the page still learns its status.
  const props = mod.default === DefaultError ? { statusCode } : {}
  const page = await renderPageDocument(
    t,
    mod,
    props,
    { isFallback: false, dynamic: true },
    { res, err, query },
  )
  return page.html
}

/** pages/404, else pages/_error with 404, else Next's default. */
export async function renderNotFound(buildId: string, pathname: string): Promise<string> {
  const custom = await load(notFound, NOT_FOUND_ID)
  if (custom) return renderStatic(custom, target(NOT_FOUND_ID, '/404', buildId, pathname), 'pages/404')
  const error = await load(errorLoader, ERROR_ID)
  if (error) return renderErrorPage(error, 404, buildId, pathname, undefined)
  return renderStatic(
    { default: DefaultNotFound },
    target(NOT_FOUND_ID, '/404', buildId, pathname),
    'pages/404',
  )
}

/** pages/500 is rendered once per process (static, like Next's prerendered 500.html). */
let serverErrorHtml: { buildId: string; html: Promise<string> } | undefined

/** The document a failing request answers with status 500. */
export async function renderServerError(
  buildId: string,
  pathname: string,
  err: unknown,
  query: Query = {},
): Promise<string> {
  const custom = await load(serverError, SERVER_ERROR_ID)
  if (custom) {
    if (serverErrorHtml?.buildId !== buildId) {
      const html = renderStatic(custom, target(SERVER_ERROR_ID, '/500', buildId, '/500'), 'pages/500')
      html.catch(() => {
        serverErrorHtml = undefined
      })
      serverErrorHtml = { buildId, html }
    }
    return serverErrorHtml.html
  }
  const error = await load(errorLoader, ERROR_ID)
  return renderErrorPage(error ?? { default: DefaultError }, 500, buildId, pathname, err, query)
}

/** Whether the app has pages/500 (then `GET /500` answers it with status 500, as next start does). */
export const hasServerErrorPage = (): boolean => serverError !== null

/** At build: pages/500 renders (a failure fails the build naming it), like Next's prerender of it. */
export async function checkSpecialPages(buildId: string): Promise<void> {
  if (serverError) await renderServerError(buildId, '/500', undefined)
}
