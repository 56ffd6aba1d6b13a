// The fs handler's byte budget (DESIGN.md invariant 8): an in-memory index of the entry files, in
// least-recently-used order, with their sizes and expiry times. Past the budget, expired entries go
// first, then the least recently used, down to 90 % of it (so a full cache does not evict on every
// write). The index is filled by gc()'s scan (files it did not know count as used before anything
// this process touched, oldest write first) and kept by every set / get / delete in between.
// Once a scan has run, the index is every entry file on disk (this process is the only writer), so
// a key it lacks is a miss without opening a file (`lacks`).

export interface DiskItem {
  /** File size in bytes. */
  bytes: number
  /** When the entry may no longer be served (ms); Infinity for never. */
  expiresAt: number
  /** When the entry was generated (ms): what tag records still matter to (gc()). */
  lastModified: number
}

export interface DiskBudget {
  /** Bytes of the entry files in the index. */
  readonly bytes: number
  readonly size: number
  /**
   * Whether `name` is surely not on disk: a scan has run and nothing since wrote it. False before
   * the first scan (the index is not the directory yet).
   */
  lacks(name: string): boolean
  /** The item of `name` once a scan has run (a later gc() need not read its file); else undefined. */
  indexed(name: string): DiskItem | undefined
  written(name: string, item: DiskItem): void
  used(name: string): void
  removed(name: string): void
  /** A scan's findings: files it kept (with their write time) and files it removed. */
  scanned(kept: Map<string, DiskItem & { mtimeMs: number }>, removed: Iterable<string>): void
  /** The files to delete now to get back under the budget (taken out of the index). */
  evict(now: number): string[]
}

/** Bytes below the budget eviction goes down to: 90 %. */
const LOW_WATER = 0.9

export function createDiskBudget(maxBytes: number): DiskBudget {
  /** File name → item; Map order = least recently used first. */
  let index = new Map<string, DiskItem>()
  let bytes = 0
  let scannedOnce = false

  function removed(name: string): void {
    const item = index.get(name)
    if (item === undefined) return
    index.delete(name)
    bytes -= item.bytes
  }

  return {
    get bytes() {
      return bytes
    },
    get size() {
      return index.size
    },
    lacks: (name) => scannedOnce && !index.has(name),
    indexed: (name) => (scannedOnce ? index.get(name) : undefined),
    written(name, item) {
      removed(name)
      index.set(name, item)
      bytes += item.bytes
    },
    used(name) {
      const item = index.get(name)
      if (item === undefined) return
      index.delete(name)
      index.set(name, item)
    },
    removed,
    scanned(kept, gone) {
      for (const name of gone) removed(name)
      const unknown = [...kept].filter(([name]) => !index.has(name))
      unknown.sort((a, b) => a[1].mtimeMs - b[1].mtimeMs)
      const next = new Map<string, DiskItem>()
      for (const [name, { bytes: b, expiresAt, lastModified }] of unknown)
        next.set(name, { bytes: b, expiresAt, lastModified })
      for (const [name, item] of index) next.set(name, item) // known ones keep their recency
      index = next
      bytes = 0
      for (const item of index.values()) bytes += item.bytes
      scannedOnce = true
    },
    evict(now) {
      if (bytes <= maxBytes) return []
      const target = maxBytes * LOW_WATER
      const victims: string[] = []
      for (const [name, item] of index) if (item.expiresAt <= now) victims.push(name)
      for (const name of victims) removed(name)
      for (const name of index.keys()) {
        if (bytes <= target) break
        victims.push(name)
        removed(name)
      }
      return victims
    },
  }
}
