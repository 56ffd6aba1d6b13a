// The types Next's `next` module exports for the Pages Router, so `import type { GetStaticProps }
// from 'next'` keeps compiling after the swap (next → fresco, see plugin-next-compat.ts).
import type { ComponentType } from 'react'
import type { PageContext } from './initial-props.js'
import type { NodeLikeRequest, NodeLikeResponse } from './node-like.js'
import type { Query } from './router-context.js'

export type ParsedUrlQuery = Record<string, string | string[] | undefined>

export type Redirect =
  | { statusCode: 301 | 302 | 303 | 307 | 308; destination: string; basePath?: false }
  | { permanent: boolean; destination: string; basePath?: false }

export interface GetStaticPropsContext<Params extends ParsedUrlQuery = ParsedUrlQuery, Preview = unknown> {
  params?: Params
  preview?: boolean
  previewData?: Preview
  draftMode?: boolean
  revalidateReason?: 'build' | 'stale' | 'on-demand'
  locale?: string
  locales?: string[]
  defaultLocale?: string
}

export type GetStaticPropsResult<P> =
  | { props: P; revalidate?: number | boolean }
  | { redirect: Redirect; revalidate?: number | boolean }
  | { notFound: true; revalidate?: number | boolean }

export type GetStaticProps<
  P extends Record<string, unknown> = Record<string, unknown>,
  Params extends ParsedUrlQuery = ParsedUrlQuery,
> = (context: GetStaticPropsContext<Params>) => Promise<GetStaticPropsResult<P>> | GetStaticPropsResult<P>

export interface GetStaticPathsResult<Params extends ParsedUrlQuery = ParsedUrlQuery> {
  paths: Array<string | { params: Params; locale?: string }>
  fallback: boolean | 'blocking'
}

export type GetStaticPaths<Params extends ParsedUrlQuery = ParsedUrlQuery> = (context: {
  locales?: string[]
  defaultLocale?: string
}) => Promise<GetStaticPathsResult<Params>> | GetStaticPathsResult<Params>

export interface NextApiRequest extends NodeLikeRequest {
  // biome-ignore lint/suspicious/noExplicitAny: the parsed body is whatever the client sent
  body: any
  query: Partial<Record<string, string | string[]>>
}

export type NextApiResponse<Data = unknown> = Omit<NodeLikeResponse, 'json' | 'send' | 'status'> & {
  status(code: number): NextApiResponse<Data>
  json(body: Data): void
  send(body: Data): void
  revalidate(path: string, opts?: { unstable_onlyGenerated?: boolean }): Promise<void>
  setDraftMode(options: { enable: boolean }): NextApiResponse<Data>
  setPreviewData(data: object | string, options?: { maxAge?: number; path?: string }): NextApiResponse<Data>
  clearPreviewData(options?: { path?: string }): NextApiResponse<Data>
}

export type NextApiHandler<Data = unknown> = (req: NextApiRequest, res: NextApiResponse<Data>) => unknown

export interface GetServerSidePropsContext<Params extends ParsedUrlQuery = ParsedUrlQuery> {
  req: NodeLikeRequest
  res: NodeLikeResponse
  params?: Params
  query: Query
  resolvedUrl: string
  preview?: boolean
  previewData?: unknown
  draftMode?: boolean
  locale?: string
  locales?: string[]
  defaultLocale?: string
}

export type GetServerSidePropsResult<P> =
  | { props: P | Promise<P> }
  | { redirect: Redirect }
  | { notFound: true }

export type GetServerSideProps<
  P extends Record<string, unknown> = Record<string, unknown>,
  Params extends ParsedUrlQuery = ParsedUrlQuery,
> = (context: GetServerSidePropsContext<Params>) => Promise<GetServerSidePropsResult<P>>

// biome-ignore lint/suspicious/noExplicitAny: mirrors Next's inference helper
export type InferGetStaticPropsType<T extends (args: any) => any> = Extract<
  Awaited<ReturnType<T>>,
  { props: unknown }
>['props']

// biome-ignore lint/suspicious/noExplicitAny: mirrors Next's inference helper
export type InferGetServerSidePropsType<T extends (args: any) => any> = Awaited<
  Extract<Awaited<ReturnType<T>>, { props: unknown }>['props']
>

/** What a page's getInitialProps receives (req/res are absent for cached renders). */
export type NextPageContext = PageContext

export type NextPage<P = Record<string, unknown>, IP = P> = ComponentType<P> & {
  getInitialProps?: (context: NextPageContext) => IP | Promise<IP>
}
