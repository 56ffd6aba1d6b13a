// The CacheHandler of a worker process whose store lives in another process (`createIpcHost`, the
// node:cluster primary of `fresco start --workers N`). It has the shape of the Redis handler, so the
// engine's cluster seams work unchanged: entries are read and written through the host; a local tag
// mirror answers getTagState without I/O and is kept current by the host's broadcasts; leases give
// single flight across workers (cluster-lease.ts); waitForEntry and onRemoteEntry let the tiered
// handler drop an L1 copy another worker replaced. The host acknowledges a write or an
// invalidation only after every other worker applied it, so once `set` / `updateTags` resolve, every
// worker's next request sees the change. See docs/design/server.md, "Workers".
import { systemClock } from '../clock.js'
import { nextTagState } from '../freshness.js'
import { consoleLogger } from '../logger.js'
import { isLaterTagState, mergeTagStates } from '../tag-order.js'
import type { CacheEntry, CacheHandler, Clock, Lease, Logger, TagState } from '../types.js'
import { createEntryWaiters } from './entry-waiters.js'
import { createIpcCalls } from './ipc-calls.js'
import { CHANNEL, type IpcChannel, isCacheMessage, type TagStates } from './ipc-protocol.js'
import { applyLater, createTagListeners } from './tag-mirror.js'

export interface IpcHandlerOptions {
  /** The link to the host (`nodeChannel(process)` in a node:cluster worker). */
  channel: IpcChannel
  /** A request the host has not answered within this is a failure (a miss, a dropped write). Default 10 s. */
  callTimeoutMs?: number
  /**
   * Reload the tag mirror from the host this often, dropping what the host's store pruned, so the
   * mirror stays bounded as the store's own tag state is. Default 10 minutes.
   */
  resyncIntervalMs?: number
  clock?: Clock
  logger?: Logger
}

/** A local invalidation newer than this is kept through a resync (the host may not have it yet). */
const RECENT_MS = 60 * 60_000

export function createIpcHandler(options: IpcHandlerOptions): CacheHandler {
  const { channel } = options
  const clock = options.clock ?? systemClock
  const logger = options.logger ?? consoleLogger
  const calls = createIpcCalls(channel, options.callTimeoutMs ?? 10_000)
  let states = new Map<string, TagState>()
  const listeners = createTagListeners(logger, 'ipc')
  const waiters = createEntryWaiters()
  const remote = new Set<(key: string) => void>()
  /** Leases held here: a `set` of the key by this worker ends one at the host (no release sent). */
  const held = new Map<string, string>()
  /** The entry read with a lease, for the owner's re-read that follows at once (one-shot). */
  const readWithLease = new Map<string, CacheEntry | undefined>()
  let closed = false

  const apply = (updates: TagStates, remote = false) =>
    listeners.notify(applyLater(updates, states), states, remote)

  /**
   * The mirror becomes the host's snapshot (bounded by the store's pruning). A local state later
   * than the snapshot's is kept while it is recent: an invalidation of this worker the host had not
   * stored yet when it answered (its answer follows and applies anyway).
   */
  async function resync(): Promise<void> {
    const next = new Map(await calls.call<TagStates>({ op: 'snapshot' }))
    const recent = clock.now() - RECENT_MS
    for (const [tag, local] of states)
      if ((local.stale ?? 0) >= recent && isLaterTagState(local, next.get(tag))) next.set(tag, local)
    const changed = [...next].filter(([tag, s]) => {
      const before = states.get(tag)
      return before?.stale !== s.stale || before?.expired !== s.expired
    })
    states = next
    listeners.notify(
      changed.map(([tag]) => tag),
      states,
      true,
    )
  }
  const timer = setInterval(() => void resync().catch(() => {}), options.resyncIntervalMs ?? 10 * 60_000)
  timer.unref()

  const stopMessages = channel.onMessage((message) => {
    if (!isCacheMessage(message)) return
    if (typeof message.id === 'number') return calls.settle(message)
    if (typeof message.wake === 'string') return waiters.wake(message.wake)
    if (typeof message.seq !== 'number') return
    if (Array.isArray(message.tags)) apply(message.tags as TagStates, true)
    else if (typeof message.entry === 'string') {
      const key = message.entry
      readWithLease.delete(key) // replaced meanwhile: the re-read goes to the host
      waiters.wake(key)
      for (const listener of remote) listener(key)
    }
    // Applied: the host may now tell the author that every worker sees its change.
    channel.send({ ch: CHANNEL, ack: message.seq })
  })
  const stopClose = channel.onClose(() => {
    closed = true
    calls.failAll()
    waiters.wakeAll() // no notice can arrive any more: waiters render themselves
  })

  function lease(key: string, token: string): Lease {
    held.set(key, token)
    const mine = () => held.get(key) === token
    return {
      key,
      token,
      // Ended by this worker's write: the render it guarded is done, nothing to renew.
      renew: (ttlMs) =>
        mine()
          ? calls.call<boolean>({ op: 'renew', key, token, ttlMs }).catch(() => false)
          : Promise.resolve(true),
      async release() {
        readWithLease.delete(key)
        if (!mine()) return // the host ended it when this worker wrote the key
        held.delete(key)
        await calls.call({ op: 'release', key, token }).catch(() => {}) // else it expires by its TTL
      },
    }
  }

  /** The host stored this worker's write or delete of `key`: a lease it held on it ended there. */
  function wrote(key: string): void {
    held.delete(key)
    readWithLease.delete(key)
  }

  return {
    name: 'ipc',
    ready: resync,
    get(key) {
      if (readWithLease.has(key)) {
        const entry = readWithLease.get(key)
        readWithLease.delete(key)
        return Promise.resolve(entry)
      }
      return calls.call<CacheEntry | undefined>({ op: 'get', key })
    },
    async set(key, entry) {
      await calls.call({ op: 'set', key, entry })
      wrote(key)
      waiters.wake(key)
    },
    async delete(key) {
      await calls.call({ op: 'delete', key })
      wrote(key)
    },
    async updateTags(tags, updateOptions) {
      if (tags.length === 0) return
      // This worker sees it at once (never moving a tag back); the host's answer is the state it
      // stored and broadcast, at least as late as this one.
      const now = clock.now()
      apply(
        tags.map((tag) => [
          tag,
          mergeTagStates(states.get(tag), nextTagState(states.get(tag), now, updateOptions)),
        ]),
      )
      apply(await calls.call<TagStates>({ op: 'tags', tags: [...tags], options: updateOptions }))
    },
    getTagState: (tag) => states.get(tag),
    onTagUpdate: (listener) => listeners.add(listener),
    async acquireLease(key, ttlMs) {
      const [token, entry] = await calls.call<[string | null, CacheEntry | undefined]>({
        op: 'lease',
        key,
        ttlMs,
      })
      if (token === null) return null
      readWithLease.set(key, entry)
      return lease(key, token)
    },
    waitForEntry: (key, timeoutMs) => (closed ? Promise.resolve() : waiters.wait(key, timeoutMs)),
    onRemoteEntry(listener) {
      remote.add(listener)
      return () => remote.delete(listener)
    },
    async close() {
      clearInterval(timer)
      closed = true
      stopMessages()
      stopClose()
      waiters.wakeAll()
    },
  }
}
