// Next's getInitialProps protocol, for pages and pages/_app (next/dist/shared/lib/utils.js
// loadGetInitialProps): App.getInitialProps({ Component, ctx, router, AppTree }) → the App's props,
// whose `pageProps` the page gets; the default App (next/app) asks Component.getInitialProps(ctx).
// Pure (no DOM, no Node): called by the server render (page-document.tsx) and by next/app's App.
import type { ComponentType } from 'react'
import type { Query } from './router-context.js'

/** The `ctx` a page's getInitialProps receives (NextPageContext). */
export interface PageContext {
  /** The request, when rendered for one (undefined for cached renders: build, regeneration). */
  req?: unknown
  res?: unknown
  /** The error being shown (pages/_error). */
  err?: unknown
  pathname: string
  query: Query
  asPath: string
  // biome-ignore lint/suspicious/noExplicitAny: any props
  AppTree: ComponentType<any>
}

/** What App.getInitialProps receives (AppContext). */
export interface AppInitialContext {
  // biome-ignore lint/suspicious/noExplicitAny: page components take their own props
  Component: ComponentType<any>
  ctx: PageContext
  router: unknown
  // biome-ignore lint/suspicious/noExplicitAny: any props
  AppTree: ComponentType<any>
}

type Props = Record<string, unknown>
type WithInitialProps = { getInitialProps?: (ctx: never) => unknown; displayName?: string; name?: string }

const ended = (res: unknown) =>
  typeof res === 'object' && res !== null && (res as { writableEnded?: boolean }).writableEnded === true

/** Next's loadGetInitialProps: the component's getInitialProps, or for an App without one, the page's. */
export async function loadGetInitialProps(
  component: unknown,
  ctx: PageContext | AppInitialContext,
): Promise<Props> {
  const c = component as WithInitialProps
  const app = 'ctx' in ctx ? ctx : undefined
  if (typeof c.getInitialProps !== 'function') {
    if (app) return { pageProps: await loadGetInitialProps(app.Component, app.ctx) }
    return {}
  }
  const props = await (c.getInitialProps as (ctx: unknown) => unknown)(ctx)
  // The function answered the request itself (res.end()): its response wins, its props are unused.
  if (ended(app ? app.ctx.res : (ctx as PageContext).res)) return (props ?? {}) as Props
  if (typeof props !== 'object' || props === null)
    throw new Error(
      `"${c.displayName || c.name || 'Component'}.getInitialProps()" should resolve to an object. But found "${String(props)}" instead.`,
    )
  return props as Props
}

/** next/app's App.getInitialProps (and origGetInitialProps): the page's own getInitialProps. */
export async function appGetInitialProps({
  Component,
  ctx,
}: AppInitialContext): Promise<{ pageProps: Props }> {
  return { pageProps: await loadGetInitialProps(Component, ctx) }
}

/** Whether an App (a custom _app or next/app's) has a getInitialProps of its own. */
export function hasCustomAppGetInitialProps(app: unknown): boolean {
  const a = app as { getInitialProps?: unknown; origGetInitialProps?: unknown } | undefined
  return typeof a?.getInitialProps === 'function' && a.getInitialProps !== a.origGetInitialProps
}

export function hasPageGetInitialProps(page: unknown): boolean {
  return typeof (page as WithInitialProps | undefined)?.getInitialProps === 'function'
}
