// A memory L1 in front of a shared L2 (fs, Redis). Freshness is still decided by the response
// cache against L2's tag mirror, so an L1 hit never outlives an invalidation made anywhere.
import type { CacheHandler } from '../types.js'

export interface TieredHandlerOptions {
  /** Small, fast, process-local (usually createMemoryHandler). */
  l1: CacheHandler
  /** The source of truth: its tag state and leases are used. */
  l2: CacheHandler
}

export function createTieredHandler({ l1, l2 }: TieredHandlerOptions): CacheHandler {
  const handler: CacheHandler = {
    name: `tiered(${l1.name}+${l2.name})`,
    async get(key) {
      const hit = await l1.get(key)
      if (hit !== undefined) return hit
      const entry = await l2.get(key)
      if (entry !== undefined) await l1.set(key, entry).catch(() => {}) // L1 is best effort
      return entry
    },
    async set(key, entry) {
      await Promise.all([l1.set(key, entry), l2.set(key, entry)])
    },
    async delete(key) {
      await Promise.all([l1.delete(key), l2.delete(key)])
    },
    async updateTags(tags, options) {
      await Promise.all([l1.updateTags(tags, options), l2.updateTags(tags, options)])
    },
    getTagState: (tag) => l2.getTagState(tag),
    async ready() {
      await Promise.all([l1.ready?.(), l2.ready?.()])
    },
    async close() {
      await Promise.all([l1.close?.(), l2.close?.()])
    },
  }
  if (l2.acquireLease) handler.acquireLease = (key, ttlMs) => l2.acquireLease!(key, ttlMs)
  if (l2.waitForEntry) {
    // After another instance published, drop our L1 copy so the re-read reaches L2.
    handler.waitForEntry = async (key, timeoutMs) => {
      await l2.waitForEntry!(key, timeoutMs)
      await l1.delete(key)
    }
  }
  if (l2.onTagUpdate) handler.onTagUpdate = (listener) => l2.onTagUpdate!(listener)
  return handler
}
