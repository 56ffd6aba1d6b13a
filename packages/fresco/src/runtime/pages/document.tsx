// next/document (public as @fresco/framework/document): the parts a custom pages/_document renders.
// The server render (render.tsx) provides what they print through DocumentContext: the page's
// HTML, the <Head> elements the page collected, the page data and the client entry.
import {
  Component,
  cloneElement,
  createContext,
  type HTMLAttributes,
  type ReactElement,
  type ReactNode,
  useContext,
} from 'react'
import { DATA_SCRIPT_ID } from './page-data.js'

export interface DocumentParts {
  bodyHtml: string
  head: ReactElement[]
  /** The page data as JSON, already escaped for a <script> element. */
  dataJson: string
  /** The client entry's bootstrap (`import("…")`). */
  bootstrap: string
  /** Stylesheets the page and _app import, linked in <head> so the HTML arrives styled. */
  styles: string[]
}

export const DocumentContext = createContext<DocumentParts | null>(null)

function useParts(component: string): DocumentParts {
  const parts = useContext(DocumentContext)
  if (!parts)
    throw new Error(`[fresco] <${component}> from next/document can only be used in pages/_document.`)
  return parts
}

export function Html(props: HTMLAttributes<HTMLHtmlElement>): ReactElement {
  return <html {...props} />
}

export function Head({ children, ...rest }: HTMLAttributes<HTMLHeadElement>): ReactElement {
  const parts = useParts('Head')
  return (
    <head {...rest}>
      {parts.styles.map((href) => (
        <link key={href} rel="stylesheet" href={href} />
      ))}
      {children}
      {parts.head.map((el, i) =>
        cloneElement(el, { key: i, 'data-fresco-head': '' } as Record<string, unknown>),
      )}
    </head>
  )
}

export function Main(): ReactElement {
  const parts = useParts('Main')
  // biome-ignore lint/security/noDangerouslySetInnerHtml: the page's own server-rendered HTML
  return <div id="__next" dangerouslySetInnerHTML={{ __html: parts.bodyHtml }} />
}

export function NextScript(): ReactElement {
  const parts = useParts('NextScript')
  const json = { __html: parts.dataJson }
  return (
    <>
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: JSON escaped by scriptJson (page-data.ts) */}
      <script id={DATA_SCRIPT_ID} type="application/json" dangerouslySetInnerHTML={json} />
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: a fixed import() of the client entry */}
      <script type="module" dangerouslySetInnerHTML={{ __html: parts.bootstrap }} />
    </>
  )
}

export interface DocumentInitialProps {
  html: string
  head?: ReactNode[]
  styles?: ReactNode
}

export interface DocumentContextArg {
  renderPage(): DocumentInitialProps
  defaultGetInitialProps(ctx: DocumentContextArg): Promise<DocumentInitialProps>
  pathname: string
  query: Record<string, unknown>
  asPath?: string
}

/** The default document; custom ones extend it (class) or are plain function components. */
export default class Document<P = Record<string, unknown>> extends Component<P & DocumentInitialProps> {
  static async getInitialProps(ctx: DocumentContextArg): Promise<DocumentInitialProps> {
    return ctx.defaultGetInitialProps(ctx)
  }

  render(): ReactNode {
    return (
      <Html>
        <Head />
        <body>
          <Main />
          <NextScript />
        </body>
      </Html>
    )
  }
}
