// A memory L1 in front of a shared L2 (fs, Redis). Freshness is still decided by the response
// cache against L2's tag mirror, so an L1 hit never outlives an invalidation made anywhere. L1
// copies of entries rewritten by another instance are dropped (L2's onRemoteEntry), and a lease
// owner re-reads L2, so a page regenerated elsewhere is not regenerated again here.
import type { CacheHandler } from '../types.js'

export interface TieredHandlerOptions {
  /** Small, fast, process-local (usually createMemoryHandler). */
  l1: CacheHandler
  /** The source of truth: its tag state and leases are used. */
  l2: CacheHandler
}

export function createTieredHandler({ l1, l2 }: TieredHandlerOptions): CacheHandler {
  // Counts remote-entry notices and local deletes. An L2 read that one of them overtook may hold the
  // replaced value: it is returned (it was current when read) but not copied into L1. One number,
  // not one per key. Local writes are seen in L1 itself (set writes L1 at once), see get.
  let changes = 0
  const stopListening = l2.onRemoteEntry?.((key) => {
    changes++
    l1.delete(key).catch(() => {})
  })

  const handler: CacheHandler = {
    name: `tiered(${l1.name}+${l2.name})`,
    async get(key) {
      const hit = await l1.get(key)
      if (hit !== undefined) return hit
      const seen = changes
      const entry = await l2.get(key)
      if (entry === undefined || seen !== changes) return entry
      // A regeneration here may have stored a newer entry while L2 was read: copying the older one
      // into L1 would shadow it until evicted (served STALE, regenerated again). Return the newer.
      const written = l1.getSync ? l1.getSync(key) : await l1.get(key)
      if (written !== undefined) return written
      await l1.set(key, entry).catch(() => {}) // best effort
      return entry
    },
    async set(key, entry) {
      await Promise.all([l1.set(key, entry), l2.set(key, entry)])
    },
    // Only L1 keeps what the server derives from an entry (L2 entries are read anew).
    account: (key, entry, bytes) => l1.account?.(key, entry, bytes),
    async delete(key) {
      changes++
      await Promise.all([l1.delete(key), l2.delete(key)])
    },
    async updateTags(tags, options) {
      await Promise.all([l1.updateTags(tags, options), l2.updateTags(tags, options)])
    },
    getTagState: (tag) => l2.getTagState(tag),
    // L1's memory, L2's disk or Redis state.
    stats: () => ({ ...l2.stats?.(), ...l1.stats?.() }),
    async ready() {
      await Promise.all([l1.ready?.(), l2.ready?.()])
    },
    async close() {
      stopListening?.()
      await Promise.all([l1.close?.(), l2.close?.()])
    },
  }
  // An L1 hit is the whole synchronous read: L2 is I/O (the caller falls back to get()).
  if (l1.getSync) handler.getSync = (key) => l1.getSync!(key)
  if (l2.acquireLease) {
    // The owner of a lease re-reads the key before rendering (another instance may have just
    // finished it and released the lease): that read must reach L2, not this instance's old copy.
    handler.acquireLease = async (key, ttlMs) => {
      const lease = await l2.acquireLease!(key, ttlMs)
      if (lease) await l1.delete(key)
      return lease
    }
  }
  if (l2.waitForEntry) {
    // After another instance published, drop our L1 copy so the re-read reaches L2.
    handler.waitForEntry = async (key, timeoutMs) => {
      await l2.waitForEntry!(key, timeoutMs)
      await l1.delete(key)
    }
  }
  if (l2.tagStates) handler.tagStates = () => l2.tagStates!()
  if (l2.onTagUpdate) handler.onTagUpdate = (listener) => l2.onTagUpdate!(listener)
  if (l2.onRemoteEntry) handler.onRemoteEntry = (listener) => l2.onRemoteEntry!(listener)
  return handler
}
