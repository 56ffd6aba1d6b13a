// What `fresco cache` reads and does: a store's entries as metadata (never their bodies), its tag
// states, and an invalidation with revalidateTag's semantics. Read-only until purge() is called:
// listing and reading touch no file, no key, no recency (docs/guide/operations.md).
import type { CacheEntry, TagState, UpdateTagsOptions } from './types.js'

/** One stored entry as listed: everything but the body and payload bytes. */
export interface InspectedEntry extends Omit<CacheEntry, 'body' | 'payload'> {
  key: string
  /** Bytes stored for it (file or value size). */
  bytes: number
}

export interface CacheInspector {
  /** 'fs /srv/app/.fresco/cache' or 'redis redis://host:6379 (prefix fresco)'. */
  readonly description: string
  /** Every entry whose key starts with `prefix` (all without one), in key order. */
  list(prefix?: string): Promise<InspectedEntry[]>
  /** The entry stored under `key`, or undefined. */
  read(key: string): Promise<InspectedEntry | undefined>
  /** Tag states as the store holds them now (loaded by list / read / tagStates). */
  tagStates(): Promise<Map<string, TagState>>
  /**
   * Invalidate `tags` as revalidateTag does, where every instance reads it (Redis publishes; the
   * fs journal is followed by a running `fresco start` on the same directory).
   */
  purge(tags: readonly string[], options?: UpdateTagsOptions): Promise<void>
  close(): Promise<void>
}
