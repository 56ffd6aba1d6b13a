// The client router: navigations, prefetches, refresh, back/forward and Server Action results,
// all ending in one `render(view)` (a transition in the browser entry) and one `committed(view)`
// once React has put it on screen (history entry + scroll). See docs/design/client-router.md.

import { stripBasePath } from '../base-path.js'
import { type InterceptRule, isInterceptable } from '../render/intercept-pattern.js'
import type { RscPayload } from '../render/payload.js'
import { type Fetched, fetchPayload, type PrefetchMode } from './fetch-payload.js'
import { createHistory, scrollToTarget } from './history.js'
import { invalidationFor } from './invalidation.js'
import { createPrefetchQueue } from './prefetch-queue.js'
import { cacheKey, createRouterCache, type RouterCacheEntry, type StaleTimes } from './router-cache.js'
import type { NavigateOptions, RouterActions } from './router-store.js'
import { newSlotMemory, type SlotMemory } from './slot-outlet.js'

export interface View {
  payload: RscPayload
  url: URL
  historyKey: string
  /** Done in `committed`, once the view is on screen. */
  history: 'push' | 'replace' | 'none'
  scroll: 'top' | 'restore' | 'none'
  /** What its parallel-route slots show: unmatched ones keep the previous view's (slot-outlet.tsx). */
  slots: SlotMemory
  /** The page interception is decided from: this URL, or the page under an intercepted one. */
  nextUrl: string
}

export interface NavigatorOptions {
  initial: RscPayload
  staleTimes: StaleTimes
  render(view: View): void
  /** Off in dev: every page renders per request there, prefetching would only add load. */
  prefetch: boolean
  /** The app's intercepting routes (virtual:fresco/client). */
  intercepts: readonly InterceptRule[]
}

export interface Navigator extends RouterActions {
  initialView: View
  committed(view: View): void
  /** A Server Action answered: drop what it revalidated, show its render of the page. */
  actionResult(payload: RscPayload, revalidated: string | null): void
}

const now = () => Date.now()

export function createNavigator(opts: NavigatorOptions): Navigator {
  const cache = createRouterCache<RscPayload>({ staleTimes: opts.staleTimes, now })
  const queue = createPrefetchQueue({ now })
  const history = createHistory()
  /** Prefetches the server had nothing for, until when not to ask again. */
  const empty = new Map<string, number>()
  /** Prefetches on the wire: a click during one waits for it instead of asking twice. */
  const inflight = new Map<string, Promise<void>>()
  const buildId = opts.initial.buildId
  let skewed = false
  let seq = 0
  const initialSlots = newSlotMemory()
  const initialUrl = new URL(window.location.href)
  let current = {
    key: history.adopt(opts.initial, initialSlots),
    url: initialUrl,
    slots: initialSlots,
    nextUrl: stripBasePath(initialUrl.pathname),
  }
  // A payload an intercepting route covers depends on the page navigated from: one entry per page.
  const keyFor = (url: URL) => {
    const key = cacheKey(url)
    return isInterceptable(opts.intercepts, stripBasePath(url.pathname)) ? `${key}#${current.nextUrl}` : key
  }

  // console.debug (hidden by default): why a navigation became a document load.
  const loadDocument = (url: URL, replace: boolean, why = 'not a payload') => {
    console.debug(`[fresco] full page load of ${url.pathname}: ${why}`)
    if (replace) window.location.replace(url.href)
    else window.location.assign(url.href)
  }

  const show = (payload: RscPayload, url: URL, kind: View['history'], scroll: View['scroll']) => {
    const historyKey = kind === 'push' ? history.newKey() : current.key
    // Soft navigation: slots the new URL does not match keep what the current view shows.
    const slots = newSlotMemory(current.slots)
    const nextUrl = payload.intercepted ? current.nextUrl : stripBasePath(url.pathname)
    history.remember(historyKey, { payload, url, slots, nextUrl })
    opts.render({ payload, url, historyKey, history: kind, scroll, slots, nextUrl })
  }

  /** False when the payload must not be rendered here (another build, or a redirect). */
  const usable = (payload: RscPayload, url: URL, nav: NavigateOptions): boolean => {
    if (buildId && payload.buildId && payload.buildId !== buildId) {
      skewed = true // deploy skew: never mix two builds' client and server components
      loadDocument(url, nav.replace === true, 'new build')
      return false
    }
    if (payload.redirect) {
      void navigate(payload.redirect.url, nav)
      return false
    }
    return true
  }

  const store = (key: string, f: Extract<Fetched, { kind: 'payload' }>, staleTime: 'static' | 'dynamic') => {
    const entry: RouterCacheEntry<RscPayload> = {
      key,
      payload: f.payload,
      kind: f.partial ? 'partial' : 'full',
      staleTime,
      fetchedAt: now(),
      bytes: 0,
    }
    cache.set(entry)
    void f.bytes.then((n) => cache.sized(entry, n))
    f.payload.catch(() => cache.delete(key))
    return entry
  }

  async function navigate(href: string, nav: NavigateOptions = {}): Promise<void> {
    const url = new URL(href, window.location.href)
    if (url.origin !== window.location.origin || skewed)
      return loadDocument(url, nav.replace === true, skewed ? 'new build' : 'other origin')
    const kind = nav.replace ? 'replace' : 'push'
    const scroll = nav.scroll === false ? 'none' : 'top'
    const key = keyFor(url)
    if (cacheKey(url) === cacheKey(current.url) && url.hash && kind === 'push') {
      history.write('push', history.newKey(), url) // same page, another fragment
      current = { ...current, url }
      return scrollToTarget(url)
    }
    const id = ++seq
    history.saveScroll(current.key)
    await inflight.get(key)
    if (id !== seq) return
    let entry = cache.get(key)
    let shown = false
    if (entry?.kind === 'partial') {
      // loading.tsx at once, from the prefetch; the page itself is fetched now.
      const partial = await entry.payload.catch(() => undefined)
      if (id !== seq) return
      if (partial && usable(partial, url, nav)) {
        show(partial, url, kind, scroll)
        shown = true
      }
      entry = undefined
    }
    if (!entry) {
      // Stored as soon as it answers (even if superseded), and in flight until then: a prefetch of
      // this URL still waiting in the queue (a hover just before the click) must not ask again.
      const fetching = fetchPayload(url, { from: current.nextUrl }).then(
        (f) => (f.kind === 'payload' ? store(key, f, f.isStatic ? 'static' : 'dynamic') : undefined),
        () => undefined,
      )
      const settled = fetching.then(() => {})
      inflight.set(key, settled)
      void settled.then(() => inflight.get(key) === settled && inflight.delete(key))
      const stored = await fetching
      if (id !== seq) return
      if (!stored) return loadDocument(url, nav.replace === true || shown)
      entry = stored
      queue.forgive(key)
    }
    const payload = await entry.payload.catch(
      (error: unknown) => void console.debug('[fresco] payload:', error),
    )
    if (id !== seq) return
    if (!payload) return loadDocument(url, nav.replace === true || shown, 'the payload failed to decode')
    if (!usable(payload, url, nav)) return
    show(payload, url, shown ? 'none' : kind, shown ? 'none' : scroll)
  }

  /** Whether a prefetch of `key` has nothing to add: a fresh entry, or a recent 204. */
  const prefetched = (key: string, mode: PrefetchMode): boolean => {
    const cached = cache.get(key)
    if (cached && (cached.kind === 'full' || mode === 'auto')) return true
    return (empty.get(key) ?? 0) > now()
  }

  const prefetch = (href: string, mode: PrefetchMode = 'full') => {
    if (!opts.prefetch || skewed) return
    const url = new URL(href, window.location.href)
    if (url.origin !== window.location.origin) return
    const key = keyFor(url)
    if (prefetched(key, mode)) return
    queue.add(key, () => {
      // Queued before a click that has fetched (or is fetching) the page since: nothing to do.
      if (inflight.has(key) || prefetched(key, mode)) return Promise.resolve()
      const run = prefetchNow(url, key, mode)
      const settled = run.then(
        () => {},
        () => {},
      )
      inflight.set(key, settled)
      void settled.then(() => inflight.get(key) === settled && inflight.delete(key))
      return run
    })
  }

  async function prefetchNow(url: URL, key: string, mode: PrefetchMode): Promise<void> {
    const fetched = await fetchPayload(url, { prefetch: mode, from: current.nextUrl })
    if (fetched.kind === 'empty') {
      empty.set(key, now() + opts.staleTimes.static * 1000)
      return
    }
    if (fetched.kind === 'document') throw new Error('[fresco] the prefetch answer was not a payload')
    // Next.js semantics: a full prefetch and a loading.tsx prefetch are kept for `static`.
    const staleTime = fetched.isStatic || fetched.partial || mode === 'full' ? 'static' : 'dynamic'
    const entry = store(key, fetched, staleTime)
    const payload = await entry.payload
    if (buildId && payload.buildId && payload.buildId !== buildId) skewed = true
    await fetched.bytes
  }

  async function refresh(): Promise<void> {
    const url = new URL(window.location.href)
    const key = keyFor(url)
    cache.invalidate((k) => k === key || k.startsWith(`${stripBasePath(url.pathname)}?`))
    const id = ++seq
    const fetched = await fetchPayload(url, { reload: true, from: current.nextUrl }).catch(
      (): Fetched => ({ kind: 'document' }),
    )
    if (id !== seq) return
    if (fetched.kind !== 'payload') return window.location.reload()
    const entry = store(key, fetched, fetched.isStatic ? 'static' : 'dynamic')
    const payload = await entry.payload.catch(() => undefined)
    if (id !== seq) return
    if (!payload) return window.location.reload()
    if (usable(payload, url, { replace: true })) show(payload, url, 'none', 'none')
  }

  const onPopState = (event: PopStateEvent) => {
    const url = new URL(window.location.href)
    const key = history.keyOf(event.state)
    history.saveScroll(current.key)
    if (!key) {
      // An entry made by a plain #fragment link: same page, the browser scrolls by itself.
      if (cacheKey(url) === cacheKey(current.url)) current = { ...current, url }
      else window.location.reload()
      return
    }
    const id = ++seq
    const record = history.record(key)
    if (record && !skewed) {
      // The entry's own slots (what it showed), not the ones on screen now.
      const slots = newSlotMemory(record.slots)
      history.remember(key, { ...record, slots })
      opts.render({ ...record, url, historyKey: key, history: 'none', scroll: 'restore', slots })
      return
    }
    void (async () => {
      const fetched = await fetchPayload(url).catch((): Fetched => ({ kind: 'document' }))
      const payload = fetched.kind === 'payload' ? await fetched.payload.catch(() => undefined) : undefined
      if (id !== seq) return
      if (!payload || skewed || (buildId && payload.buildId !== buildId)) return window.location.reload()
      // Nothing recorded (the entry fell out of the record): rendered like a full load.
      const slots = newSlotMemory()
      const nextUrl = stripBasePath(url.pathname)
      history.remember(key, { payload, url, slots, nextUrl })
      opts.render({
        payload,
        url,
        historyKey: key,
        history: 'none',
        scroll: 'restore',
        slots,
        nextUrl,
      })
    })()
  }
  window.addEventListener('popstate', onPopState)

  return {
    initialView: {
      payload: opts.initial,
      url: current.url,
      historyKey: current.key,
      history: 'none',
      scroll: 'none',
      slots: current.slots,
      nextUrl: current.nextUrl,
    },
    navigate,
    prefetch,
    refresh,
    committed(view) {
      if (view.history !== 'none') history.write(view.history, view.historyKey, view.url)
      current = { key: view.historyKey, url: view.url, slots: view.slots, nextUrl: view.nextUrl }
      if (view.scroll === 'top') scrollToTarget(view.url)
      else if (view.scroll === 'restore') history.restoreScroll(view.historyKey)
    },
    actionResult(payload, revalidated) {
      const drop = invalidationFor(revalidated)
      if (drop === 'all') {
        cache.clear()
        empty.clear()
      } else if (drop) {
        cache.invalidate(drop)
        for (const k of empty.keys()) if (drop(k)) empty.delete(k)
      }
      if (payload.redirect) return void navigate(payload.redirect.url)
      show(payload, current.url, 'none', 'none')
    },
  }
}
