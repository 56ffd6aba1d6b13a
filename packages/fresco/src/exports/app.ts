// @fresco/framework/app (next/app): the types of pages/_app, and the default App for `class extends App`.
import type { ComponentType } from 'react'
import type { NextRouter } from '../runtime/pages/router-context.js'

export interface AppProps<P = Record<string, unknown>> {
  // biome-ignore lint/suspicious/noExplicitAny: page components take their own props
  Component: ComponentType<any>
  pageProps: P
  router: NextRouter
}

export { default } from '../runtime/pages/default-app.js'
