// Session history for the client router: every entry it creates carries a key in
// `history.state.__fresco`, which indexes the payload it showed (back/forward render it again
// without a request, like Next.js) and the scroll position it was left at. Scroll restoration is
// manual: the browser would restore before React has rendered the popped page.
import { stripBasePath } from '../base-path.js'
import type { RscPayload } from '../render/payload.js'
import { newSlotMemory, type SlotMemory } from './slot-outlet.js'

export interface HistoryRecord {
  payload: RscPayload
  url: URL
  /** What the entry's parallel-route slots showed (slot-outlet.tsx). */
  slots: SlotMemory
  /** The URL interception was decided from (x-fresco-url): the page under an intercepted one. */
  nextUrl: string
}

const MAX_RECORDS = 50

let counter = 0
const newKey = () => `${Date.now().toString(36)}.${(counter++).toString(36)}`

export function createHistory() {
  const records = new Map<string, HistoryRecord>()
  const scrolls = new Map<string, { x: number; y: number }>()

  const remember = (key: string, record: HistoryRecord) => {
    records.delete(key)
    records.set(key, record)
    for (const old of records.keys()) {
      if (records.size <= MAX_RECORDS) break
      records.delete(old)
      scrolls.delete(old)
    }
  }

  const stateWith = (key: string) => ({ ...(window.history.state ?? {}), __fresco: { key } })
  const keyOf = (state: unknown): string | undefined => {
    const key = (state as { __fresco?: { key?: unknown } } | null)?.__fresco?.key
    return typeof key === 'string' ? key : undefined
  }

  return {
    newKey,
    /** The key of the entry the browser is on (undefined: an entry made by a hash link or a script). */
    keyOf,
    /** Tag the document's own entry at start-up. */
    adopt(payload: RscPayload, slots = newSlotMemory()): string {
      if ('scrollRestoration' in window.history) window.history.scrollRestoration = 'manual'
      const key = keyOf(window.history.state) ?? newKey()
      window.history.replaceState(stateWith(key), '')
      const url = new URL(window.location.href)
      remember(key, { payload, url, slots, nextUrl: stripBasePath(url.pathname) })
      return key
    },
    remember,
    record: (key: string) => records.get(key),
    write(kind: 'push' | 'replace', key: string, url: URL): void {
      if (kind === 'push') window.history.pushState({ __fresco: { key } }, '', url.href)
      else window.history.replaceState(stateWith(key), '', url.href)
    },
    saveScroll(key: string): void {
      scrolls.set(key, { x: window.scrollX, y: window.scrollY })
    },
    restoreScroll(key: string): void {
      const at = scrolls.get(key) ?? { x: 0, y: 0 }
      window.scrollTo(at.x, at.y)
    },
  }
}

export type History = ReturnType<typeof createHistory>

/** Scroll after a push: to the element the hash names, else to the top (RFC 3986 fragment). */
export function scrollToTarget(url: URL): void {
  const id = url.hash ? decodeURIComponent(url.hash.slice(1)) : ''
  const target = id ? document.getElementById(id) : null
  if (target) target.scrollIntoView()
  else window.scrollTo(0, 0)
}
