// The build's cache stays in the main thread: one CacheHandler (the configured fs / memory / Redis /
// custom one, with its tag store and single writer), served to every prerender worker over its
// message port (the worker side is cache-proxy.ts). The owner also holds the build's lease table,
// so the response cache's cluster single flight (cluster-lease.ts in @fresco/cache) works across
// workers: one render per key at a time and one upstream request per distinct cached fetch, however
// many workers ask for it.
import type { CacheEntry, CacheHandler, Clock, TagState, UpdateTagsOptions } from '@fresco/cache'
import { batchPort, type PortLike } from './message-batch.js'

export type TagStates = [tag: string, state: TagState][]

/** What a worker asks; `id` pairs the answer with the call. */
export type CacheRequest =
  | { id: number; op: 'get'; key: string }
  | { id: number; op: 'set'; key: string; entry: CacheEntry }
  | { id: number; op: 'delete'; key: string }
  | { id: number; op: 'updateTags'; tags: readonly string[]; options?: UpdateTagsOptions }
  | { id: number; op: 'acquireLease'; key: string; ttlMs: number }
  | { id: number; op: 'renewLease'; key: string; token: string; ttlMs: number }
  | { id: number; op: 'releaseLease'; key: string; token: string }
  | { id: number; op: 'waitForEntry'; key: string; timeoutMs: number }

export type CacheReply =
  /** `tags`: the owner's state of the tags of a returned entry (the worker's mirror, see cache-proxy). */
  | { id: number; value?: unknown; tags?: TagStates; error?: unknown }
  /** Pushed to every worker after an invalidation, so each mirror and purge fence sees it. */
  | { id?: undefined; op: 'tags'; tags: TagStates }

export interface CacheOwner {
  /** Answer the cache calls arriving on `port` (one per worker) until close(). */
  serve(port: PortLike): void
  /** The current state of those of `tags` that have one (sent with each prerender job). */
  tagStates(tags: readonly string[]): TagStates
  /** Stop answering; waiters are released (they re-read and render themselves). */
  close(): void
}

interface Held {
  token: string
  until: number
}

export interface CacheOwnerOptions {
  /**
   * How an invalidation a worker made reaches the cache: the serving render pool passes the main
   * thread's ResponseCache.revalidateTags, so its purge fence and failure back-off see it too.
   * Default: the handler's updateTags (the build).
   */
  updateTags?: CacheHandler['updateTags']
}

export function createCacheOwner(
  handler: CacheHandler,
  clock: Clock,
  options: CacheOwnerOptions = {},
): CacheOwner {
  const updateTags = options.updateTags ?? ((tags, opts) => handler.updateTags(tags, opts))
  const leases = new Map<string, Held>()
  const waiters = new Map<string, Set<() => void>>()
  const ports: ReturnType<typeof batchPort<CacheReply, CacheRequest>>[] = []
  let tokens = 0

  const tagStates = (tags: readonly string[]): TagStates => {
    const out: TagStates = []
    for (const tag of tags) {
      const state = handler.getTagState(tag)
      if (state !== undefined) out.push([tag, state])
    }
    return out
  }

  /** Wake whoever waits for `key`: a new entry landed, or its lease was let go without one. */
  const wake = (key: string) => {
    const set = waiters.get(key)
    if (set === undefined) return
    waiters.delete(key)
    for (const resolve of set) resolve()
  }

  function waitForEntry(key: string, timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const set = waiters.get(key) ?? new Set()
      waiters.set(key, set)
      const done = () => {
        clearTimeout(timer)
        set.delete(done)
        resolve()
      }
      const timer = setTimeout(done, timeoutMs)
      set.add(done)
    })
  }

  function acquire(key: string, ttlMs: number): string | null {
    const held = leases.get(key)
    if (held !== undefined && held.until > clock.now()) return null
    const token = String(++tokens)
    leases.set(key, { token, until: clock.now() + ttlMs })
    return token
  }

  async function answer(req: CacheRequest): Promise<{ value?: unknown; tags?: TagStates }> {
    switch (req.op) {
      case 'get': {
        const entry = await handler.get(req.key)
        return entry === undefined ? {} : { value: entry, tags: tagStates(entry.tags) }
      }
      case 'set':
        await handler.set(req.key, req.entry)
        wake(req.key)
        return {}
      case 'delete':
        await handler.delete(req.key)
        return {}
      case 'updateTags': {
        await updateTags(req.tags, req.options)
        const tags = tagStates(req.tags)
        for (const port of ports) port.send({ op: 'tags', tags })
        return {}
      }
      case 'acquireLease':
        return { value: acquire(req.key, req.ttlMs) }
      case 'renewLease': {
        const held = leases.get(req.key)
        if (held?.token !== req.token) return { value: false }
        held.until = clock.now() + req.ttlMs
        return { value: true }
      }
      case 'releaseLease':
        if (leases.get(req.key)?.token === req.token) {
          leases.delete(req.key)
          wake(req.key)
        }
        return {}
      case 'waitForEntry':
        await waitForEntry(req.key, req.timeoutMs)
        return {}
    }
  }

  return {
    serve(raw) {
      const port = batchPort<CacheReply, CacheRequest>(raw)
      ports.push(port)
      // Answering keeps nothing alive by itself: the workers' own handles do.
      port.unref()
      port.onMessage((req) => {
        answer(req).then(
          (reply) => port.send({ id: req.id, ...reply }),
          (error: unknown) => port.send({ id: req.id, error }),
        )
      })
    },
    tagStates,
    close() {
      for (const key of [...waiters.keys()]) wake(key)
      for (const port of ports) port.close()
      ports.length = 0
    },
  }
}
