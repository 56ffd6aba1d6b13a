// Request memoization: within one render (one request store) identical GET/HEAD fetches run once
// and every caller gets its own clone of the first response (React's dedupe, as Next wires it).
import type { RequestStore } from './request-store.js'

export type Outcome = 'HIT' | 'MISS' | 'STALE' | 'REVALIDATED' | 'SKIP'

export interface Fetched {
  response: Response
  outcome: Outcome
  /** True when this caller was served from the render's memo. */
  memoized?: boolean
  /**
   * A new Response of the same stored bytes, for each caller (a cached fetch): cheaper than
   * `response.clone()`, which tees the body stream (issue 9: profile of on-demand renders).
   */
  copy?: () => Response
}

// WeakMap: the memo dies with its store, i.e. when the render is over. On globalThis so a
// second copy of this module shares it.
const MEMO = Symbol.for('fresco.data.memo')
const slots = globalThis as { [MEMO]?: WeakMap<RequestStore, Map<string, Promise<Fetched>>> }
slots[MEMO] ??= new WeakMap()
const memos = slots[MEMO]

const isAbort = (e: unknown) => e instanceof Error && (e.name === 'AbortError' || e.name === 'TimeoutError')

/** Reject when `signal` aborts: a caller's signal cancels its own wait, never a shared request. */
function withSignal<T>(promise: Promise<T>, signal: AbortSignal | null | undefined): Promise<T> {
  if (!signal) return promise
  if (signal.aborted) return Promise.reject(signal.reason)
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}

/** Response.clone() keeps the internal URL only: a url set on a rebuilt cached Response is copied. */
function cloneResponse(response: Response): Response {
  const clone = response.clone()
  if (clone.url !== response.url) Object.defineProperty(clone, 'url', { value: response.url })
  return clone
}

/** The first caller may take a copying producer's own response: later ones get copies of the bytes. */
const cloneOf = (f: Fetched, memoized: boolean): Fetched => ({
  ...f,
  response: f.copy ? (memoized ? f.copy() : f.response) : cloneResponse(f.response),
  memoized,
})

/**
 * Run `produce` once per `key` in this render. The stored response is never read: each caller,
 * the first included, reads a clone (or, for a cached fetch, a Response of its own over the
 * stored bytes), so no caller can consume another's body.
 * A signal does not opt out (spec: it only aborts); if the shared request was aborted by its
 * first caller, a later caller whose own signal is live starts it again.
 */
export function memoize(
  store: RequestStore,
  key: string,
  produce: () => Promise<Fetched>,
  signal?: AbortSignal | null,
): Promise<Fetched> {
  let memo = memos.get(store)
  if (!memo) {
    memo = new Map()
    memos.set(store, memo)
  }
  const existing = memo.get(key)
  if (existing) {
    const joined = existing.then(
      (f) => cloneOf(f, true),
      (error: unknown) => {
        if (isAbort(error) && !signal?.aborted) return memoize(store, key, produce, signal)
        throw error
      },
    )
    return withSignal(joined, signal)
  }
  const shared = produce()
  memo.set(key, shared)
  shared.catch((error: unknown) => {
    if (isAbort(error) && memo.get(key) === shared) memo.delete(key)
  })
  return withSignal(
    shared.then((f) => cloneOf(f, false)),
    signal,
  )
}
