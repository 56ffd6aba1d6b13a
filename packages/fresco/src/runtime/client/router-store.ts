// The browser entry registers what the router can do here; Link and the hooks read it. Kept free
// of @vitejs/plugin-rsc/browser so those modules also load in the SSR environment (where nothing
// is registered and they render plain anchors).

export interface NavigateOptions {
  /** Replace the current history entry instead of pushing one. */
  replace?: boolean
  /** false: keep the scroll position (default: top of the page, or the #fragment). */
  scroll?: boolean
}

export interface RouterActions {
  navigate(href: string, options?: NavigateOptions): Promise<void>
  /** `auto`: a static route fully, a dynamic one down to its first loading.tsx; `full`: all of it. */
  prefetch(href: string, mode?: 'auto' | 'full'): void
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
