// next/app's default export: the App that renders the page with its props. A custom _app may be
// a function component or `class MyApp extends App`.
import { Component, type ComponentType, type ReactNode } from 'react'
import type { NextRouter } from './router-context.js'

// biome-ignore lint/suspicious/noExplicitAny: page components take their own props
type AppProps = { Component: ComponentType<any>; pageProps: Record<string, unknown>; router: NextRouter }

/** What the server and the browser render _app as (a custom one, or this default). */
export type AppComponent = ComponentType<AppProps>

export default class App<P = Record<string, unknown>> extends Component<P & AppProps> {
  render(): ReactNode {
    const { Component: Page, pageProps } = this.props as AppProps
    return <Page {...pageProps} />
  }
}
