'use client'
// Parallel routes on the client (docs/design/client-router.md "Slots"). Every slot a layout
// receives — and its `children` when it has slots — is wrapped in a SlotOutlet that says whether
// the server matched it for this URL. On a client navigation an unmatched slot keeps what it showed
// before (the feed stays under the modal; the other tabs stay put), as in Next.js; on a full page
// load there is nothing to keep, so it shows what the server sent (default.tsx). What each view
// showed is recorded per view, so back/forward shows that entry's slots, not the latest ones.
import { createContext, type ReactNode, useContext } from 'react'

export interface SlotMemory {
  /** What the view this one replaces showed, by slot id. */
  inherited: ReadonlyMap<string, ReactNode>
  /** What this view shows, filled while it renders. */
  shown: Map<string, ReactNode>
  /** The segments below each slot it showed (useSelectedLayoutSegments: layout-segments.tsx). */
  inheritedSegments: ReadonlyMap<string, string[]>
  shownSegments: Map<string, string[]>
}

/** The memory of a view that replaces `previous` (what it showed is what the new one may keep). */
export const newSlotMemory = (previous?: SlotMemory): SlotMemory => ({
  inherited: previous?.shown ?? new Map(),
  shown: new Map(),
  inheritedSegments: previous?.shownSegments ?? new Map(),
  shownSegments: new Map(),
})

const SlotMemoryContext = createContext<SlotMemory | null>(null)

export const useSlotMemory = (): SlotMemory | null => useContext(SlotMemoryContext)

export function SlotMemoryProvider({
  memory,
  children,
}: {
  memory: SlotMemory
  children?: ReactNode
}): ReactNode {
  return <SlotMemoryContext.Provider value={memory}>{children}</SlotMemoryContext.Provider>
}

export function SlotOutlet({
  id,
  matched,
  children,
}: {
  id: string
  matched: boolean
  children?: ReactNode
}): ReactNode {
  const memory = useContext(SlotMemoryContext)
  if (!memory) return children
  const kept = matched ? undefined : memory.inherited.get(id)
  const shown = kept === undefined ? children : kept
  // Only what a URL matched is worth keeping; a default shown for want of anything is not.
  if (matched || kept !== undefined) memory.shown.set(id, shown)
  return shown
}
