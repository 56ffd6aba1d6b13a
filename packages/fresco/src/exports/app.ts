// @fresco/framework/app (next/app): the types of pages/_app, and the default App for `class extends App`.
import type { ComponentType } from 'react'
import type { NextRouter } from '../runtime/pages/router-context.js'

export interface AppProps<P = Record<string, unknown>> {
  // biome-ignore lint/suspicious/noExplicitAny: page components take their own props
  Component: ComponentType<any>
  pageProps: P
  router: NextRouter
}

/** What App.getInitialProps receives: `{ Component, ctx, router, AppTree }`. */
export type { AppInitialContext as AppContext } from '../runtime/pages/initial-props.js'

export interface AppInitialProps<P = Record<string, unknown>> {
  pageProps: P
}

export { default } from '../runtime/pages/default-app.js'
