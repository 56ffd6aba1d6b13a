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

const TAG_GRACE_MS = 60 * 60_000

/** A node of the recency list: head = least recently used, tail = most recently used. */
interface Slot {
  key: string
  entry: CacheEntry
  bytes: number
  prev: Slot | undefined
  next: Slot | undefined
}

export function createMemoryHandler(options: MemoryHandlerOptions = {}): MemoryHandler {
  const maxBytes = options.maxBytes ?? 50 * 1024 * 1024
  const clock = options.clock ?? systemClock
  const logger = options.logger ?? consoleLogger
  const debug = logger.debugEnabled !== false
  // A Map for lookup plus an intrusive doubly linked list for recency: a hit moves one node (no
  // Map writes), an eviction pops the head.
  const slots = new Map<string, Slot>()
  let head: Slot | undefined
  let tail: Slot | undefined
  const tagStates = new Map<string, TagState>()
  let bytes = 0
  let evictions = 0
  /** Keys already warned about as oversized (one warning per key; the set itself is bounded). */
  const oversized = new Set<string>()

  function unlink(slot: Slot): void {
    if (slot.prev) slot.prev.next = slot.next
    else head = slot.next
    if (slot.next) slot.next.prev = slot.prev
    else tail = slot.prev
    slot.prev = slot.next = undefined
  }

  function append(slot: Slot): void {
    slot.prev = tail
    if (tail) tail.next = slot
    else head = slot
    tail = slot
  }

  function evictOverBudget(): void {
    while (bytes > maxBytes && head) {
      const oldest = head
      remove(oldest.key)
      evictions++
      if (debug) logger.debug(`EVICT ${oldest.key} (${oldest.bytes} bytes, least recently used)`)
    }
  }

  function remove(key: string): void {
    const slot = slots.get(key)
    if (slot === undefined) return
    slots.delete(key)
    unlink(slot)
    bytes -= slot.bytes
  }

  /** The held entry, now the most recently used. */
  function use(key: string): CacheEntry | undefined {
    const slot = slots.get(key)
    if (slot === undefined) return undefined
    if (slot !== tail) {
      unlink(slot)
      append(slot)
    }
    return slot.entry
  }

  /**
   * Tag records are bounded too: one that predates every held entry (and is over an hour old)
   * can no longer affect anything. Amortised O(1): runs when the record count doubles.
   */
  let pruneTagsAt = 10_000
  function pruneTags(now: number): void {
    let oldest = now - TAG_GRACE_MS
    for (const slot of slots.values()) oldest = Math.min(oldest, slot.entry.lastModified)
    for (const [tag, state] of tagStates) if ((state.stale ?? 0) < oldest) tagStates.delete(tag)
    pruneTagsAt = Math.max(10_000, tagStates.size * 2)
  }

  return {
    name: 'memory',
    stats: () => ({ memory: { bytes, entries: slots.size, evictions } }),
    get bytes() {
      return bytes
    },
    get size() {
      return slots.size
    },
    keys() {
      const keys: string[] = []
      for (let slot = head; slot; slot = slot.next) keys.push(slot.key)
      return keys
    },
    async get(key) {
      return use(key)
    },
    getSync: use,
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
      const slot: Slot = { key, entry, bytes: size, prev: undefined, next: undefined }
      slots.set(key, slot)
      append(slot)
      bytes += size
      evictOverBudget()
    },
    account(key, entry, extra) {
      const slot = slots.get(key)
      if (slot === undefined || slot.entry !== entry || !(extra > 0)) return
      slot.bytes += extra
      bytes += extra
      evictOverBudget()
    },
    async delete(key) {
      remove(key)
    },
    async updateTags(tags, updateOptions) {
      const now = clock.now()
      for (const tag of tags) tagStates.set(tag, nextTagState(tagStates.get(tag), now, updateOptions))
      if (tagStates.size >= pruneTagsAt) pruneTags(now)
    },
    getTagState: (tag) => tagStates.get(tag),
    tagStates: () => tagStates.entries(),
  }
}
