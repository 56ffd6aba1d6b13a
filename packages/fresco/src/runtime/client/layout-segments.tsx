'use client'
// useSelectedLayoutSegment(s): each segment of the tree (render/tree.tsx) is wrapped in a provider
// that knows the active segments below it, so a client component in a layout reads the ones below
// that layout, as in Next.js (route groups included, the page itself not).
import { createContext, type ReactNode, useContext } from 'react'

/** Per slot of the layout (`children` and each `@name`), the active segments below it. */
type Below = Record<string, string[]>

const LayoutSegmentsContext = createContext<Below>({})

export function LayoutSegments({ below, children }: { below: Below; children?: ReactNode }): ReactNode {
  return <LayoutSegmentsContext.Provider value={below}>{children}</LayoutSegmentsContext.Provider>
}

/**
 * The active segments below the layout this is called from (`/dashboard/a/b` in `dashboard/` →
 * ['a', 'b']); with a slot name, those of that parallel route (`useSelectedLayoutSegments('modal')`).
 */
export function useSelectedLayoutSegments(parallelRoutesKey = 'children'): string[] {
  return useContext(LayoutSegmentsContext)[parallelRoutesKey] ?? []
}

/**
 * The active segment one level below the layout this is called from, or null at its own page (or a
 * slot's default). For a slot, Next.js answers the slot's last segment: so does this.
 */
export function useSelectedLayoutSegment(parallelRoutesKey = 'children'): string | null {
  const below = useSelectedLayoutSegments(parallelRoutesKey)
  return (parallelRoutesKey === 'children' ? below[0] : below[below.length - 1]) ?? null
}
