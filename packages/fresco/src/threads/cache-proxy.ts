// The cache handler of a prerender worker: every call goes over the worker's message port to the
// main thread's cache owner (cache-owner.ts), batched (message-batch.ts). It implements the lease
// methods too, so the response cache inside the worker's server bundle takes its cluster path
// (lease, wait for the holder's entry, re-read): single flight across workers without a second
// mechanism. Tag state is read synchronously on the hot path, so the proxy keeps a mirror, filled
// with the tags of each entry it returns, the implicit tags of each job (primeTags) and every
// invalidation the owner pushes.
import type { CacheEntry, CacheHandler, Lease, TagState } from '@fresco/cache'
import type { CacheReply, CacheRequest, TagStates } from './cache-owner.js'
import { batchPort, type PortLike } from './message-batch.js'

export interface CacheProxyOptions {
  /**
   * Keys only this build writes, one job each: this build's route keys (the build id is new, so
   * none exists before the build, and each path is one job). Their leases are taken here, and a
   * read of one this worker has not written is a miss, both with no message: a page then costs
   * the owner one write, and only data keys pay the round trips that single flight needs.
   */
  buildOnlyKeys?: (key: string) => boolean
  /**
   * Whether renders in other threads may ask for the same keys (default true): then the proxy takes
   * the owner's leases, so one thread renders a key at a time. With a single render thread the
   * response cache's in-process single flight is enough, and a cached fetch costs two round trips
   * (get, set) instead of four.
   */
  leases?: boolean
}

export interface CacheProxy extends CacheHandler {
  /** Tag states sent by the owner with a job, before it renders. */
  primeTags(states: TagStates): void
  close(): Promise<void>
}

type Call = CacheRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never

export function createCacheProxy(raw: PortLike, options: CacheProxyOptions = {}): CacheProxy {
  const buildOnly = options.buildOnlyKeys ?? (() => false)
  /** Build-only keys leased by a render of this worker, and those it has written. */
  const leased = new Set<string>()
  const written = new Set<string>()
  const port = batchPort<CacheRequest, CacheReply>(raw)
  const mirror = new Map<string, TagState>()
  const listeners = new Set<(tags: readonly string[], state: TagState, remote: boolean) => void>()
  const pending = new Map<
    number,
    { resolve(reply: CacheReply & { id: number }): void; reject(e: unknown): void }
  >()
  let ids = 0

  const learn = (states: TagStates | undefined) => {
    if (states) for (const [tag, state] of states) mirror.set(tag, state)
  }

  // The port keeps the worker alive only while an answer is awaited: a render that waits for
  // nothing at all (a promise nobody settles) lets the worker's loop drain, and the pool reports it.
  port.unref()
  port.onMessage((reply) => {
    if (reply.id === undefined) {
      learn(reply.tags)
      for (const [tag, state] of reply.tags) for (const listener of listeners) listener([tag], state, false)
      return
    }
    const call = pending.get(reply.id)
    if (call === undefined) return
    pending.delete(reply.id)
    if (pending.size === 0) port.unref()
    if (reply.error !== undefined) call.reject(reply.error)
    else call.resolve(reply)
  })

  function call(message: Call): Promise<CacheReply & { id: number }> {
    const id = ++ids
    if (pending.size === 0) port.ref()
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject })
      port.send({ ...message, id } as CacheRequest)
    })
  }

  const lease = (key: string, token: string): Lease => ({
    key,
    token,
    renew: async (ttlMs) => (await call({ op: 'renewLease', key, token, ttlMs })).value === true,
    release: async () => {
      await call({ op: 'releaseLease', key, token })
    },
  })

  const proxy: CacheProxy = {
    name: 'worker-thread-proxy',
    async get(key) {
      if (buildOnly(key) && !written.has(key)) return undefined
      const reply = await call({ op: 'get', key })
      learn(reply.tags)
      return reply.value as CacheEntry | undefined
    },
    async set(key, entry) {
      if (buildOnly(key)) written.add(key)
      await call({ op: 'set', key, entry })
    },
    async delete(key) {
      await call({ op: 'delete', key })
    },
    async updateTags(tags, options) {
      await call(options === undefined ? { op: 'updateTags', tags } : { op: 'updateTags', tags, options })
    },
    getTagState: (tag) => mirror.get(tag),
    async acquireLease(key, ttlMs) {
      if (buildOnly(key)) {
        if (leased.has(key)) return null
        leased.add(key)
        return {
          key,
          token: key,
          renew: async () => leased.has(key),
          release: async () => void leased.delete(key),
        }
      }
      const token = (await call({ op: 'acquireLease', key, ttlMs })).value as string | null
      return token === null ? null : lease(key, token)
    },
    async waitForEntry(key, timeoutMs) {
      if (buildOnly(key)) return // the holder is a render of this thread: the re-read follows its flight
      await call({ op: 'waitForEntry', key, timeoutMs })
    },
    onTagUpdate(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    primeTags: learn,
    async close() {
      port.close()
      for (const { reject } of pending.values()) reject(new Error('[fresco] the cache owner was closed'))
      pending.clear()
    },
  }
  if (options.leases === false) {
    delete proxy.acquireLease
    delete proxy.waitForEntry
  }
  return proxy
}
