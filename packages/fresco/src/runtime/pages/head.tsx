'use client'
// next/head (public as @fresco/framework/head). Renders nothing where it is used: on the server it hands its
// children to the document (head-context.tsx); in the browser an effect owns its elements in
// document.head, so client transitions update the title and meta tags.
import { type ReactNode, useContext, useEffect, useRef } from 'react'
import { mountHead } from './head-client.js'
import { HeadContext } from './head-context.js'

export default function Head({ children }: { children?: ReactNode }): null {
  const collector = useContext(HeadContext)
  if (collector) collector.add(children)
  const id = useRef<symbol | null>(null)
  useEffect(() => {
    const handle = mountHead(children)
    id.current = handle
    return () => mountHead.release(handle)
  }, [children])
  return null
}
