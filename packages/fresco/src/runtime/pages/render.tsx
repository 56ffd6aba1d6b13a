// One Pages Router document, rendered with react-dom/server in the ssr environment (pages are not
// Server Components): _app around the page → HTML (every Suspense boundary resolved, like Next's
// renderToString), then _document around it → the full document. <Head> elements the page
// rendered are collected on the way and printed in the document's <head>.

import type { ComponentType, ReactNode } from 'react'
import { renderToReadableStream, renderToStaticMarkup } from 'react-dom/server.edge'
import { basePath } from '../base-path.js'
import type { AnyModule } from '../render/route-modules.js'
import DefaultApp, { type AppComponent } from './default-app.js'
import {
  default as DefaultDocument,
  DocumentContext,
  type DocumentContextArg,
  type DocumentParts,
} from './document.js'
import { createHeadCollector, DEFAULT_HEAD, HeadContext, headElements } from './head-context.js'
import { type PageData, scriptJson } from './page-data.js'
import { createEvents, type NextRouter, PagesRouterContext } from './router-context.js'

export interface DocumentInput {
  page: AnyModule
  app?: AnyModule
  document?: AnyModule
  data: PageData
  /** The URL shown (asPath): the pathname for cached renders, never the client's query. */
  asPath: string
  /** `import("…")` of the client entry. */
  bootstrap: string
  /** Stylesheets of _app and the page (client build output URLs). */
  styles: string[]
}

/** What useRouter() answers during a server render: the page, no navigation. */
export function serverRouter(data: PageData, asPath: string): NextRouter {
  const refuse = () => {
    throw new Error('[fresco] next/router navigation (push, replace, back, …) only works in the browser.')
  }
  return {
    pathname: data.page,
    route: data.page,
    query: data.query,
    asPath,
    basePath,
    isFallback: data.isFallback,
    isReady: data.dynamic,
    isPreview: data.isPreview === true,
    isLocaleDomain: false,
    events: createEvents(),
    push: refuse,
    replace: refuse,
    back: refuse,
    forward: refuse,
    reload: refuse,
    prefetch: async () => {},
    beforePopState: () => {},
  }
}

async function renderBody(node: ReactNode): Promise<string> {
  const stream = await renderToReadableStream(node, {
    onError(error) {
      // Thrown again below through allReady / the stream: the response cache logs it once.
      void error
    },
  })
  await stream.allReady
  return new Response(stream).text()
}

const isClass = (c: unknown): boolean =>
  typeof c === 'function' &&
  typeof (c as { prototype?: { render?: unknown } }).prototype?.render === 'function'

export async function renderDocument(input: DocumentInput): Promise<string> {
  const Page = input.page.default as ComponentType<Record<string, unknown>> | undefined
  if (typeof Page !== 'function')
    throw new Error(
      `[fresco] The page ${input.data.page} has no default export: export the page component as default.`,
    )
  const App = (input.app?.default as AppComponent | undefined) ?? DefaultApp
  const router = serverRouter(input.data, input.asPath)
  const head = createHeadCollector()
  head.add(DEFAULT_HEAD)
  const bodyHtml = await renderBody(
    <HeadContext value={head}>
      <PagesRouterContext value={router}>
        <App {...input.data.appProps} Component={Page} pageProps={input.data.pageProps} router={router} />
      </PagesRouterContext>
    </HeadContext>,
  )
  const parts: DocumentParts = {
    bodyHtml,
    head: headElements(head.groups),
    dataJson: scriptJson(input.data),
    bootstrap: input.bootstrap,
    styles: input.styles,
  }
  const Doc = (input.document?.default ?? DefaultDocument) as ComponentType<Record<string, unknown>>
  let docProps: Record<string, unknown> = {}
  const getInitialProps = isClass(Doc)
    ? (Doc as { getInitialProps?: (ctx: DocumentContextArg) => unknown }).getInitialProps
    : undefined
  if (typeof getInitialProps === 'function') {
    const ctx: DocumentContextArg = {
      renderPage: () => ({ html: bodyHtml, head: parts.head }),
      defaultGetInitialProps: async () => ({ html: bodyHtml, head: parts.head, styles: null }),
      pathname: input.data.page,
      query: input.data.query,
      asPath: input.asPath,
    }
    docProps = { ...((await getInitialProps.call(Doc, ctx)) as object) }
  }
  const markup = renderToStaticMarkup(
    <DocumentContext value={parts}>
      <Doc {...docProps} />
    </DocumentContext>,
  )
  return `<!DOCTYPE html>${markup}`
}
