// The current page as the client hooks see it (usePathname, useParams, useSearchParams).
// Provided by the SSR entry and the browser entry around the RSC tree; no DOM of its own, so it
// does not disturb hydration.
import { createContext, type ReactNode } from 'react'
import type { Params } from '../render/payload.js'

export interface RouterState {
  pathname: string
  params: Params
  /** null while rendering HTML shared by every query string (see useSearchParams). */
  search: string | null
}

/** useSearchParams() in shared HTML: the boundary renders in the browser; not an error to report. */
export const SEARCH_PARAMS_BAILOUT_DIGEST = 'FRESCO_SEARCH_PARAMS_BAILOUT'

export const RouterContext = createContext<RouterState | null>(null)

export function RouterProvider({ state, children }: { state: RouterState; children?: ReactNode }) {
  return <RouterContext.Provider value={state}>{children}</RouterContext.Provider>
}
