// The browser side of next/head: every mounted <Head> registers its children; document.head is
// rebuilt from all of them (deduplicated by headElements) after each change. The server's head
// elements carry `data-fresco-head` and are replaced on the first update.
import { Children, type ReactElement, type ReactNode } from 'react'
import { DEFAULT_HEAD, headElements } from './head-context.js'

const ATTR = 'data-fresco-head'
const mounted = new Map<symbol, ReactNode>()
let scheduled = false

function flush(): void {
  scheduled = false
  for (const old of document.head.querySelectorAll(`[${ATTR}]`)) old.remove()
  const elements = headElements([DEFAULT_HEAD, ...mounted.values()])
  for (const el of elements) {
    const node = toDom(el)
    if (!node) continue
    if (node.tagName === 'TITLE') document.title = node.textContent ?? ''
    document.head.appendChild(node)
  }
}

const ATTRIBUTE_NAMES: Record<string, string> = {
  className: 'class',
  htmlFor: 'for',
  charSet: 'charset',
  httpEquiv: 'http-equiv',
  crossOrigin: 'crossorigin',
  referrerPolicy: 'referrerpolicy',
}

/** Head elements are plain tags (title, meta, link, script, style, base): built without React DOM. */
function toDom(el: ReactElement<Record<string, unknown>>): Element | null {
  if (typeof el.type !== 'string') return null
  const node = document.createElement(el.type)
  node.setAttribute(ATTR, '')
  for (const [name, value] of Object.entries(el.props)) {
    if (name === 'children' || name === 'dangerouslySetInnerHTML') continue
    if (value === false || value === undefined || value === null || typeof value === 'function') continue
    node.setAttribute(ATTRIBUTE_NAMES[name] ?? name.toLowerCase(), value === true ? '' : String(value))
  }
  const inner = el.props.dangerouslySetInnerHTML as { __html?: string } | undefined
  if (inner?.__html !== undefined) node.innerHTML = inner.__html
  else {
    const text: string[] = []
    Children.forEach(el.props.children as ReactNode, (c) => {
      if (typeof c === 'string' || typeof c === 'number') text.push(String(c))
    })
    if (text.length > 0) node.textContent = text.join('')
  }
  return node
}

function schedule(): void {
  if (scheduled) return
  scheduled = true
  queueMicrotask(flush)
}

export function mountHead(children: ReactNode): symbol {
  const handle = Symbol('head')
  mounted.set(handle, children)
  schedule()
  return handle
}

mountHead.release = (handle: symbol): void => {
  mounted.delete(handle)
  schedule()
}
