// fresco: the types an app author annotates pages, layouts and configs with.
export type { FrescoConfig, ResolvedConfig } from '../config/types.js'
export type { Metadata } from '../runtime/render/metadata.js'
/** The data of sitemap.ts / robots.ts / manifest.ts: `MetadataRoute.Sitemap` etc., as in Next.js. */
export type * as MetadataRoute from '../runtime/render/metadata-route-types.js'
export type { FrescoApp } from '../runtime/server/contract.js'

/** Props of a page.tsx: params and searchParams are Promises, as in Next.js 15+. */
export interface PageProps<P extends Record<string, string | string[]> = Record<string, string | string[]>> {
  params: Promise<P>
  searchParams: Promise<Record<string, string | string[] | undefined>>
}

/** Props of a layout.tsx. */
export interface LayoutProps<
  P extends Record<string, string | string[]> = Record<string, string | string[]>,
> {
  params: Promise<P>
  children: import('react').ReactNode
}

// The Pages Router's types, as `next` exports them.
export type {
  GetServerSideProps,
  GetServerSidePropsContext,
  GetServerSidePropsResult,
  GetStaticPaths,
  GetStaticPathsResult,
  GetStaticProps,
  GetStaticPropsContext,
  GetStaticPropsResult,
  InferGetServerSidePropsType,
  InferGetStaticPropsType,
  NextApiHandler,
  NextApiRequest,
  NextApiResponse,
  NextPage,
  NextPageContext,
  Redirect,
} from '../runtime/pages/types.js'
