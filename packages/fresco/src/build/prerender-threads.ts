// Prerendering on every core: N worker threads (prerender-worker.ts) render jobs through their own
// copy of the server bundle, while the cache they write stays owned by this thread (cache-owner.ts),
// reached through one message channel per worker. See docs/design/spine.md.
import { MessageChannel, Worker } from 'node:worker_threads'
import type { CacheHandler, Clock } from '@fresco/cache'
import type { ResolvedConfig } from '../config/types.js'
import type { BuildHooks, PrerenderResult } from '../runtime/server/build-hooks.js'
import { createCacheOwner } from '../threads/cache-owner.js'
import { createWorkerPool } from '../threads/worker-pool.js'
import type { Job, RenderJob } from './prerender.js'
import { describeJob } from './prerender.js'
import type { PrerenderJob, PrerenderWorkerData } from './prerender-worker.js'

export interface PrerenderThreadsOptions {
  workers: number
  serverEntry: string
  /** JSON-serialisable (serializableConfig): it is cloned into every worker. */
  config: ResolvedConfig
  /** The main thread's handler (createBuildCache): the one the workers' writes land in. */
  handler: CacheHandler
  /** The bundle's clock (lease times). */
  clock: Clock
  /** The main thread's hooks: only implicitTags is used here. */
  hooks: BuildHooks
}

export interface PrerenderThreads {
  render: RenderJob
  /** Every worker finishes its writes and ends. */
  close(): Promise<void>
  /** After a failure: end the workers now. */
  terminate(): Promise<void>
}

const WORKER_SCRIPT = new URL('./prerender-worker.js', import.meta.url)

export async function startPrerenderThreads(opts: PrerenderThreadsOptions): Promise<PrerenderThreads> {
  const owner = createCacheOwner(opts.handler, opts.clock)
  const pool = createWorkerPool<PrerenderJob & { job: Job }, PrerenderResult>({
    size: opts.workers,
    spawn() {
      const { port1, port2 } = new MessageChannel()
      owner.serve(port1)
      const workerData: PrerenderWorkerData = {
        serverEntry: opts.serverEntry,
        config: opts.config,
        cachePort: port2,
      }
      return new Worker(WORKER_SCRIPT, { workerData, transferList: [port2] })
    },
    describe: (job) => describeJob(job.job),
  })
  try {
    await pool.ready
  } catch (error) {
    await pool.terminate()
    owner.close()
    throw error
  }
  return {
    render(job) {
      const tags = owner.tagStates(opts.hooks.implicitTags(job.route.id, job.pathname))
      return pool.run({ routeId: job.route.id, pathname: job.pathname, tags, job })
    },
    async close() {
      try {
        await pool.close()
      } finally {
        owner.close()
      }
    },
    async terminate() {
      await pool.terminate()
      owner.close()
    },
  }
}
