'use client'
// The client pieces of the segment tree (render/tree.tsx). A layout keeps its client state across
// navigations because React finds the same element types and keys at the same positions: each
// layout's children are wrapped in a SegmentBoundary keyed by the child segment, so only the
// subtree whose segment changed remounts (Next.js does the same with LayoutRouter's cache keys).
import { type ReactNode, use } from 'react'

export function SegmentBoundary({ children }: { children?: ReactNode }): ReactNode {
  return children
}

// Never settles: what a partial prefetch puts below the first loading.tsx, so the Suspense
// boundary shows its fallback until the full payload replaces this element.
const never = new Promise<never>(() => {})

export function PrefetchHole(): ReactNode {
  return use(never)
}
