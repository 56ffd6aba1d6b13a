// The page data every Pages Router document carries (`<script id="__FRESCO_DATA__">`, Next's
// __NEXT_DATA__) and the JSON body of a data URL. One shape, read by the client boot and router.
import type { PageProps } from './data-result.js'
import type { Query } from './router-context.js'

export interface PageData {
  /** The route id (`pages:/blog/[id]`): the client loads this page module. */
  routeId: string
  /** The route pattern (router.pathname). */
  page: string
  /** Params (and for getServerSideProps pages, the search parameters). */
  query: Query
  pageProps: PageProps
  buildId: string
  isFallback: boolean
  /** Rendered per request (getServerSideProps): the client always asks the server again. */
  dynamic: boolean
  /** What App.getInitialProps returned beside pageProps: _app's own props. */
  appProps?: PageProps
  /** Draft mode (router.isPreview). */
  isPreview?: boolean
}

/** The body of a data URL. */
export type DataResponse =
  | { pageProps: PageProps; appProps?: PageProps }
  | { redirect: { destination: string; status: number } }
  | { notFound: true }

/** JSON safe inside a <script> element: no `</script>`, no U+2028/2029 line breaks. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
}

export const DATA_SCRIPT_ID = '__FRESCO_DATA__'
