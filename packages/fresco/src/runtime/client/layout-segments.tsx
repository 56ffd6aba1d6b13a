'use client'
// useSelectedLayoutSegment(s): each segment of the tree (render/tree.tsx) is wrapped in a provider
// that knows the active segments below it, so a client component in a layout reads the ones below
// that layout, as in Next.js (route groups included, the page itself not).
// A slot a client navigation keeps (slot-outlet.tsx) keeps its segments too, as in Next.js: the
// hooks then answer what the slot shows, not what the new URL would have put there.
import { createContext, type ReactNode, useContext } from 'react'
import { useSlotMemory } from './slot-outlet.js'

/** Per slot of the layout (`children` and each `@name`), the active segments below it. */
type Below = Record<string, string[]>

/** The layout's slots (when it has any): their SlotOutlet ids, and whether this URL matched them. */
export type LayoutSlots = Record<string, { id: string; matched: boolean }>

const LayoutSegmentsContext = createContext<Below>({})

export function LayoutSegments({
  below,
  slots,
  children,
}: {
  below: Below
  slots?: LayoutSlots
  children?: ReactNode
}): ReactNode {
  const memory = useSlotMemory()
  let value = below
  if (memory && slots) {
    value = { ...below }
    for (const [name, { id, matched }] of Object.entries(slots)) {
      const kept = matched ? undefined : memory.inheritedSegments.get(id)
      if (kept !== undefined) value[name] = kept
      if (matched || kept !== undefined) memory.shownSegments.set(id, value[name] ?? [])
    }
  }
  return <LayoutSegmentsContext.Provider value={value}>{children}</LayoutSegmentsContext.Provider>
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
