// The current page as the client hooks see it (usePathname, useParams, useSearchParams).
// Provided by the SSR entry and the browser entry around the RSC tree; no DOM of its own, so it
// does not disturb hydration.
import { createContext, type ReactNode } from 'react'
import type { Params } from '../render/payload.js'

export interface RouterState {
  pathname: string
  params: Params
  search: string
}

export const RouterContext = createContext<RouterState | null>(null)

export function RouterProvider({ state, children }: { state: RouterState; children?: ReactNode }) {
  return <RouterContext.Provider value={state}>{children}</RouterContext.Provider>
}
