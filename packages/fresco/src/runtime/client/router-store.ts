// The browser entry registers what the router can do here; hooks read it. Kept free of
// @vitejs/plugin-rsc/browser so the hooks module also loads in the SSR environment.

export interface RouterActions {
  /** Re-fetch the current page's RSC payload and render it in place (router.refresh()). */
  refresh(): Promise<void>
}

let actions: RouterActions | undefined

export function registerRouter(next: RouterActions): void {
  actions = next
}

export function routerActions(): RouterActions | undefined {
  return actions
}
