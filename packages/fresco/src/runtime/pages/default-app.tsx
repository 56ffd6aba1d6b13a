// next/app's default export: the App that renders the page with its props. A custom _app may be
// a function component or `class MyApp extends App`; `App.getInitialProps(appContext)` runs the
// page's getInitialProps, as in Next (initial-props.ts).
import { Component, type ComponentType, type ReactNode } from 'react'
import { appGetInitialProps } from './initial-props.js'
import type { NextRouter } from './router-context.js'

// biome-ignore lint/suspicious/noExplicitAny: page components take their own props
type AppProps = { Component: ComponentType<any>; pageProps: Record<string, unknown>; router: NextRouter }

/** What the server and the browser render _app as (a custom one, or this default). */
export type AppComponent = ComponentType<AppProps>

export default class App<P = Record<string, unknown>> extends Component<P & AppProps> {
  static origGetInitialProps = appGetInitialProps
  static getInitialProps = appGetInitialProps

  render(): ReactNode {
    const { Component: Page, pageProps } = this.props as AppProps
    return <Page {...pageProps} />
  }
}
