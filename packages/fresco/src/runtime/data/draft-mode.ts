// draftMode(): preview unpublished content. enable() sets a cookie signed for this build; a request
// carrying it bypasses the route cache and the data cache, and nothing it renders is stored.
import { readonlyCookiesError } from '../../errors.js'
import { disableDraftCookie, enableDraftCookie } from './draft-cookie.js'
import { markDynamic } from './dynamic.js'
import { canWriteResponse, isSecureRequest, requestApiStore } from './request-api.js'
import type { RequestStore } from './request-store.js'

export interface DraftMode {
  /** Whether this request carries a valid draft cookie. Reading it does not make the route dynamic. */
  readonly isEnabled: boolean
  /** Route Handlers and Server Actions only. */
  enable(): void
  disable(): void
}

function toggle(store: RequestStore, on: boolean): void {
  const api = on ? 'draftMode().enable()' : 'draftMode().disable()'
  if (!canWriteResponse(store)) throw readonlyCookiesError(api)
  // Toggling is per request by nature (Next: trackDynamicDraftMode).
  markDynamic(api)
  const secure = isSecureRequest(store)
  store.setCookies.push(on ? enableDraftCookie(secure) : disableDraftCookie(secure))
  store.draftMode = on
}

/** Async like Next 15+. Allowed inside unstable_cache: draft requests never read or fill that cache. */
export function draftMode(): Promise<DraftMode> {
  const store = requestApiStore('draftMode()', true)
  return Promise.resolve({
    get isEnabled() {
      return store.draftMode
    },
    enable: () => toggle(store, true),
    disable: () => toggle(store, false),
  })
}
