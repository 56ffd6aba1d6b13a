// The messages between `createIpcHandler` (one per worker process) and `createIpcHost` (the process
// that owns the store: the node:cluster primary of `fresco start --workers`). The host plays the part
// Redis plays for instances (docs/design/server.md, "Workers"): it holds the store, the tag state,
// the leases, and broadcasts entry and tag changes. Every message carries `ch` so other users of the
// same channel (node:cluster's own messages, the app's) are told apart.
import type { CacheEntry, TagState, UpdateTagsOptions } from '../types.js'

export const CHANNEL = 'fresco:cache'

/** A worker's request; the host answers each with a Reply carrying the same id. */
export type Request =
  | { op: 'get'; key: string }
  | { op: 'set'; key: string; entry: CacheEntry }
  | { op: 'delete'; key: string }
  | { op: 'tags'; tags: readonly string[]; options?: UpdateTagsOptions }
  /** Every tag state the host's store holds (a new worker's mirror starts from it). */
  | { op: 'snapshot' }
  /** Answered `[token, entry]`: with a lease, the entry as stored now (the owner re-reads it first). */
  | { op: 'lease'; key: string; ttlMs: number }
  | { op: 'renew'; key: string; token: string; ttlMs: number }
  /** A lease whose render stored nothing (a `set` by its owner ends it without a release). */
  | { op: 'release'; key: string; token: string }

export type TagStates = [tag: string, state: TagState][]

export type ToHost =
  | { ch: typeof CHANNEL; id: number; req: Request }
  /** The broadcast `seq` was applied: the host may acknowledge the change to its author. */
  | { ch: typeof CHANNEL; ack: number }

export type ToWorker =
  | { ch: typeof CHANNEL; id: number; ok: unknown }
  | { ch: typeof CHANNEL; id: number; error: string }
  /** Tag states changed by another worker: apply, then ack. */
  | { ch: typeof CHANNEL; seq: number; tags: TagStates }
  /** Another worker wrote or deleted `entry`: drop the local copy, wake waiters, then ack. */
  | { ch: typeof CHANNEL; seq: number; entry: string }
  /** A lease on `wake` ended without an entry (released, or its owner died): waiters re-check. */
  | { ch: typeof CHANNEL; wake: string }

/**
 * One end of a message link: a node:cluster worker's `process`, the primary's `Worker` object
 * (`nodeChannel`), or an in-process pair in tests. Messages must arrive in the order they were sent
 * and be copied (structured clone: node's `serialization: 'advanced'` keeps Uint8Array bodies binary).
 */
export interface IpcChannel {
  send(message: ToHost | ToWorker): void
  onMessage(listener: (message: unknown) => void): () => void
  /** The other end is gone: no reply or broadcast will arrive any more. */
  onClose(listener: () => void): () => void
}

export function isCacheMessage(message: unknown): message is Record<string, unknown> {
  return typeof message === 'object' && message !== null && (message as { ch?: unknown }).ch === CHANNEL
}

/** What node gives both ends of an IPC link (`process` in a child, `Worker` / `ChildProcess` in the parent). */
export interface NodeIpcEnd {
  send?(message: unknown, callback?: (error: Error | null) => void): boolean
  on(event: 'message', listener: (message: unknown) => void): unknown
  on(event: 'disconnect', listener: () => void): unknown
  off(event: 'message', listener: (message: unknown) => void): unknown
  off(event: 'disconnect', listener: () => void): unknown
}

/** An IpcChannel over node's IPC (`process` in a worker, a cluster `Worker` in the primary). */
export function nodeChannel(end: NodeIpcEnd): IpcChannel {
  return {
    send(message) {
      // A closed channel throws or reports through the callback: the close listener handles it.
      try {
        end.send?.(message, () => {})
      } catch {}
    },
    onMessage(listener) {
      end.on('message', listener)
      return () => end.off('message', listener)
    },
    onClose(listener) {
      end.on('disconnect', listener)
      return () => end.off('disconnect', listener)
    },
  }
}
