// In-process LRU bounded in bytes. get() returns the very object set() stored: the server keys
// pre-encoded responses on entry identity (WeakMap), so a HIT allocates nothing new.
import { systemClock } from '../clock.js'
import { nextTagState } from '../freshness.js'
import { consoleLogger } from '../logger.js'
import type { CacheEntry, CacheHandler, Clock, Logger, TagState } from '../types.js'
import { validateEntry } from '../validate.js'
import { entryByteSize } from './size.js'

export interface MemoryHandlerOptions {
  /** Upper bound on the bytes held (see entryByteSize). Default 50 MB. */
  maxBytes?: number
  clock?: Clock
  logger?: Logger
}

export interface MemoryHandler extends CacheHandler {
  /** Bytes currently held. */
  readonly bytes: number
  /** Entries currently held. */
  readonly size: number
  /** Keys from least to most recently used (tests, debugging). */
  keys(): string[]
}

interface Slot {
  entry: CacheEntry
  bytes: number
}

export function createMemoryHandler(options: MemoryHandlerOptions = {}): MemoryHandler {
  const maxBytes = options.maxBytes ?? 50 * 1024 * 1024
  const clock = options.clock ?? systemClock
  const logger = options.logger ?? consoleLogger
  const debug = logger.debugEnabled !== false
  // Map iteration order is insertion order: re-inserting on access makes the first key the LRU.
  const slots = new Map<string, Slot>()
  const tagStates = new Map<string, TagState>()
  let bytes = 0
  /** Keys already warned about as oversized (one warning per key; the set itself is bounded). */
  const oversized = new Set<string>()

  function remove(key: string): void {
    const slot = slots.get(key)
    if (slot === undefined) return
    slots.delete(key)
    bytes -= slot.bytes
  }

  return {
    name: 'memory',
    get bytes() {
      return bytes
    },
    get size() {
      return slots.size
    },
    keys: () => [...slots.keys()],
    async get(key) {
      const slot = slots.get(key)
      if (slot === undefined) return undefined
      slots.delete(key)
      slots.set(key, slot)
      return slot.entry
    },
    async set(key, entry) {
      validateEntry(key, entry)
      remove(key)
      const size = entryByteSize(key, entry)
      if (size > maxBytes) {
        if (oversized.has(key)) return
        if (oversized.size >= 1000) oversized.clear()
        oversized.add(key)
        logger.warn(
          `entry ${key} (${size} bytes) is larger than the memory cache (${maxBytes} bytes): not cached`,
        )
        return
      }
      slots.set(key, { entry, bytes: size })
      bytes += size
      for (const [oldest, slot] of slots) {
        if (bytes <= maxBytes) break
        remove(oldest)
        if (debug) logger.debug(`EVICT ${oldest} (${slot.bytes} bytes, least recently used)`)
      }
    },
    async delete(key) {
      remove(key)
    },
    async updateTags(tags, updateOptions) {
      const now = clock.now()
      for (const tag of tags) tagStates.set(tag, nextTagState(tagStates.get(tag), now, updateOptions))
    },
    getTagState: (tag) => tagStates.get(tag),
  }
}
