// The metadata tree leaves no empty slots: each would be a "$undefined" or [] in every stored RSC
// payload and in the copy of it inlined in the page's HTML.
import { isValidElement, type ReactElement, type ReactNode } from 'react'
import { describe, expect, it } from 'vitest'
import { metadataElements } from './metadata-elements.js'

const childrenOf = (node: ReactNode): ReactNode[] => {
  if (!isValidElement(node)) throw new Error('not an element')
  const children = (node as ReactElement<{ children?: ReactNode }>).props.children
  return Array.isArray(children) ? children : [children]
}

describe('metadataElements', () => {
  it('keeps only the elements that render, in order', () => {
    const children = childrenOf(metadataElements({ description: 'About us' }, 'About'))
    expect(children.map((c) => (isValidElement(c) ? c.type : c))).toEqual(['meta', 'meta', 'title', 'meta'])
  })

  it('keeps a keyed list as one list', () => {
    const children = childrenOf(
      metadataElements({ openGraph: { images: ['/a.png'] }, twitter: { images: ['/a.png'] } }, undefined),
    )
    expect(children.some((c) => c === undefined || c === null || c === false)).toBe(false)
    // og and twitter each describe /a.png under the key '/a.png': two lists, never siblings.
    const lists = children.filter(Array.isArray)
    expect(lists).toHaveLength(2)
    for (const list of lists) expect(list.map((c) => (isValidElement(c) ? c.key : null))).toEqual(['/a.png'])
  })
})
