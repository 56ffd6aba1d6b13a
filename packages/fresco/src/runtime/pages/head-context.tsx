// next/head: `<Head>` children go to the document's <head>. On the server they are collected
// while the page renders and printed by _document's <Head> (document.tsx); in the browser they are
// kept in document.head by an effect (head-client.ts). Deduplicated like Next: by `key`, else one
// <title>, one <meta charSet>, one <meta> per name / property / httpEquiv.
import { Children, createContext, isValidElement, type ReactElement, type ReactNode } from 'react'

export interface HeadCollector {
  /** One entry per mounted <Head>, in render order; later entries win on the same key. */
  add(children: ReactNode): void
}

export const HeadContext = createContext<HeadCollector | null>(null)

type AnyElement = ReactElement<Record<string, unknown>>

function keyOf(el: AnyElement): string | null {
  if (el.key !== null) return `key:${el.key}`
  const p = el.props
  if (el.type === 'title') return 'title'
  if (el.type === 'meta') {
    if (p.charSet !== undefined) return 'charset'
    for (const attr of ['name', 'property', 'httpEquiv', 'itemProp'])
      if (typeof p[attr] === 'string') return `meta:${attr}:${p[attr]}`
  }
  return null
}

/** The elements of every <Head>, flattened and deduplicated (the last one of a key wins). */
export function headElements(groups: readonly ReactNode[]): AnyElement[] {
  const all: AnyElement[] = []
  for (const group of groups)
    Children.forEach(group, (child) => {
      if (isValidElement(child)) all.push(child as AnyElement)
    })
  const lastOfKey = new Map<string, number>()
  all.forEach((el, i) => {
    const key = keyOf(el)
    if (key !== null) lastOfKey.set(key, i)
  })
  return all.filter((el, i) => {
    const key = keyOf(el)
    return key === null || lastOfKey.get(key) === i
  })
}

/** What every page's <head> starts with (Next adds the same two); a page's own win by key. */
export const DEFAULT_HEAD: ReactNode = [
  <meta key="charset" charSet="utf-8" />,
  <meta key="viewport" name="viewport" content="width=device-width" />,
]

export function createHeadCollector(): HeadCollector & { groups: ReactNode[] } {
  const groups: ReactNode[] = []
  return { groups, add: (children) => groups.push(children) }
}
