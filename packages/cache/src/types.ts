// The one contract of @fresco/cache. Every handler implements CacheHandler; the response cache
// and the framework only ever see these types. See docs/design/cache.md for the state machine.
import type { CacheHandlerStats } from './observer.js'

/** What produced an entry. Pages carry a second payload (the RSC stream) next to the HTML. */
export type EntryKind = 'page' | 'route' | 'fetch' | 'function'

export interface CacheEntry {
  kind: EntryKind
  /** HTML for a page, the response body for a route handler, serialized data for fetch/function. */
  body: Uint8Array
  /** The RSC payload of a page; stored and published together with `body`. */
  payload?: Uint8Array
  status: number
  /** Response headers to replay (lower-case names). Never contains tags. */
  headers: Record<string, string>
  /** Explicit tags plus implicit path tags (see tags.ts). */
  tags: string[]
  /** When the entry was generated, in ms since the epoch (from the injected clock). */
  lastModified: number
  /** Seconds until stale; `false` = never stale by age; `0` = never store. */
  revalidate: number | false
  /** Seconds after lastModified until the entry may no longer be served at all. */
  expire?: number
  /** Seconds the client router may reuse the payload (staleTimes). */
  stale?: number
}

/** Per-tag invalidation timestamps (ms). An entry with lastModified < t is affected. */
export interface TagState {
  /** Entries older than this are stale: serve them, regenerate in the background. */
  stale?: number
  /** Entries older than this are expired: regenerate before serving. */
  expired?: number
}

export interface UpdateTagsOptions {
  /**
   * Stale-while-revalidate invalidation: the tags go stale now and expire `expire` seconds later.
   * Without it they expire now (the next read is a blocking MISS).
   */
  expire?: number
}

/** A cluster-wide lease on a key, held by one regeneration at a time. */
export interface Lease {
  readonly key: string
  readonly token: string
  /** Extend the lease while a long render runs. Resolves false if it was lost. */
  renew(ttlMs: number): Promise<boolean>
  /** Compare-and-delete: only releases if this token still owns the key. */
  release(): Promise<void>
}

export interface CacheHandler {
  readonly name: string
  get(key: string): Promise<CacheEntry | undefined>
  /**
   * The entry `get` would return, synchronously, when it is held in process memory (a memory
   * handler, a tiered handler's L1); undefined when absent or only reachable with I/O. Counts as a
   * use like `get`. Optional: the response cache's synchronous fresh read (`getFresh`) needs it.
   */
  getSync?(key: string): CacheEntry | undefined
  set(key: string, entry: CacheEntry): Promise<void>
  /**
   * The caller now keeps `bytes` more in memory for as long as `entry` is held under `key` (the
   * server's compressed variants of its body and payload). A handler bounded in bytes counts them
   * and evicts as for a set; a no-op when `key` holds another entry (replaced or evicted meanwhile).
   * Optional: handlers that hold nothing in process memory ignore it.
   */
  account?(key: string, entry: CacheEntry, bytes: number): void
  delete(key: string): Promise<void>
  /** Invalidate tags. Cost is O(number of tags), never O(number of entries). */
  updateTags(tags: readonly string[], options?: UpdateTagsOptions): Promise<void>
  /**
   * Tag state from a local mirror, readable on the hot path without I/O. Handlers that share
   * state between processes keep the mirror current (pub/sub, periodic resync).
   */
  getTagState(tag: string): TagState | undefined
  /**
   * Every tag state the handler holds, for a process that mirrors it (the IPC host hands it to each
   * new worker). Optional: handlers without it start other processes' mirrors empty.
   */
  tagStates?(): Iterable<[tag: string, state: TagState]>
  /** Wait until the local tag mirror is loaded (e.g. from disk or Redis). Optional. */
  ready?(): Promise<void>
  /** Cluster-wide single flight. Handlers without it get process-local single flight only. */
  acquireLease?(key: string, ttlMs: number): Promise<Lease | null>
  /** Resolve when another instance publishes a new entry for `key` (or after `timeoutMs`). */
  waitForEntry?(key: string, timeoutMs: number): Promise<void>
  /**
   * Subscribe to tag updates made anywhere (including other instances). `remote` is true when the
   * change came from another process (pub/sub, a resync, another worker, another writer of the
   * fs journal). Returns unsubscribe.
   */
  onTagUpdate?(listener: (tags: readonly string[], state: TagState, remote: boolean) => void): () => void
  /**
   * Subscribe to entries written or deleted by *other* instances (shared handlers). A tiered
   * handler drops its process-local copy of `key`, so a page regenerated elsewhere is read anew
   * instead of being served, or regenerated again, from an outdated L1 copy. Returns unsubscribe.
   */
  onRemoteEntry?(listener: (key: string) => void): () => void
  /** Current sizes for metrics (observer.ts). Optional; cheap, no I/O. */
  stats?(): CacheHandlerStats
  close?(): Promise<void>
}

/** The injectable time source (invariant 3: one now() for all freshness math). */
export interface Clock {
  now(): number
}

export interface Logger {
  /**
   * False when debug lines are discarded, so hot paths can skip building them. Absent means
   * "assume enabled" (custom loggers decide for themselves).
   */
  readonly debugEnabled?: boolean
  debug(message: string): void
  warn(message: string): void
  error(message: string, error?: unknown): void
}

/** Outcome reported to the server, mapped 1:1 onto `x-fresco-cache`. */
export type CacheStatus = 'HIT' | 'STALE' | 'MISS' | 'REVALIDATED'
