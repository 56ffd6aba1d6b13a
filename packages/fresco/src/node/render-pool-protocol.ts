// The messages between `fresco start`'s main thread (render-pool.ts) and a render thread
// (render-worker.ts). The worker posts `ready` (or `start-failed`) once, then one `done` or `failed`
// per `job`; `ping` is answered `pong` at once unless a render holds the thread's loop (the pool's
// hang check); on `close` it finishes its renders and ends.
import type { CacheEntry } from '@fresco/cache'
import type { PooledRenderJob } from '../runtime/server/render-pool.js'
import type { TagStates } from '../threads/cache-owner.js'
import type { SerializedError } from '../threads/worker-pool.js'

export type ToRenderWorker =
  | {
      type: 'job'
      id: number
      job: PooledRenderJob
      /** The main cache's state of the job's implicit tags (the worker's mirror starts from it). */
      tags: TagStates
      reason: string
    }
  | { type: 'abort'; id: number }
  | { type: 'ping' }
  | { type: 'close' }

export type FromRenderWorker =
  | { type: 'ready' }
  | { type: 'start-failed'; error: SerializedError }
  | { type: 'done'; id: number; result: CacheEntry }
  | { type: 'failed'; id: number; error: SerializedError }
  | { type: 'pong' }
