// `fresco start`'s render pool: up to `size` worker threads (render-worker.ts), each with the server
// bundle loaded, render the cached entries the app asks for (MISS, STALE and on-demand
// regenerations), so the main thread's event loop only answers requests (issue 9 goal 2;
// docs/design/server.md, "The render pool"). The cache stays here: every worker reaches the app's one
// handler through its own message channel (threads/cache-owner.ts), so single flight, tag state and
// the data cache stay one.
//
// Threads start with the pool (below: why not lazily), and a thread that dies is replaced at once.
// What a thread held fails like a failed render: the response cache keeps serving the last good entry. A thread whose render timed
// out and that does not answer a ping within `hangMs` (its loop is held by synchronous work) is
// terminated, so a page stuck in a loop costs a thread, never the server.
import { MessageChannel, Worker } from 'node:worker_threads'
import type { CacheEntry, Logger } from '@fresco/cache'
import type { ResolvedConfig } from '../config/types.js'
import type { PooledRenderJob, RenderPool, RenderPoolHost } from '../runtime/server/render-pool.js'
import { createCacheOwner } from '../threads/cache-owner.js'
import { reviveError } from '../threads/worker-pool.js'
import type { FromRenderWorker, ToRenderWorker } from './render-pool-protocol.js'
import type { RenderWorkerData } from './render-worker.js'

export interface RenderPoolOptions {
  size: number
  serverEntry: string
  /** The app's built instrumentation.ts: each thread runs its register() too (tracing in threads). */
  instrumentationEntry: string
  /** JSON-serialisable (serializableConfig): it is cloned into every thread. */
  config: ResolvedConfig
  host: RenderPoolHost
  logger: Pick<Logger, 'warn' | 'error'>
  /** How long a thread whose render timed out may take to answer a ping; default 5 s. */
  hangMs?: number
  /** After a thread failed to start, renders fail at once for this long (no fork loop); default 5 s. */
  startRetryMs?: number
  /** The thread's script (tests); default render-worker.js. */
  script?: URL
}

interface Pending {
  job: PooledRenderJob
  resolve(entry: CacheEntry): void
  reject(error: unknown): void
}

interface Thread {
  worker: Worker
  jobs: Map<number, Pending>
  ready: Promise<void>
  exited: Promise<void>
  alive: boolean
  /** After a render timed out: ping, and end the thread if its loop does not answer. */
  checkHung(): void
}

const WORKER_SCRIPT = new URL('./render-worker.js', import.meta.url)
const DEFAULT_HANG_MS = 5_000
const DEFAULT_START_RETRY_MS = 5_000
const CLOSE_BOUND_MS = 5_000

export function createRenderPool(opts: RenderPoolOptions): RenderPool {
  const { logger } = opts
  const hangMs = opts.hangMs ?? DEFAULT_HANG_MS
  const owner = createCacheOwner(opts.host.handler, opts.host.clock, {
    updateTags: opts.host.revalidateTags,
  })
  const threads: (Thread | undefined)[] = Array.from({ length: opts.size }, () => undefined)
  let ids = 0
  let closing = false
  let startFailure: { error: Error; until: number } | undefined

  function spawn(index: number): Thread {
    const { port1, port2 } = new MessageChannel()
    owner.serve(port1)
    const workerData: RenderWorkerData = {
      serverEntry: opts.serverEntry,
      instrumentationEntry: opts.instrumentationEntry,
      config: opts.config,
      cachePort: port2,
      leases: opts.size > 1,
    }
    const worker = new Worker(opts.script ?? WORKER_SCRIPT, { workerData, transferList: [port2] })
    const thread: Thread = {
      worker,
      jobs: new Map(),
      ready: Promise.resolve(),
      exited: Promise.resolve(),
      alive: true,
      checkHung: () => {},
    }
    let thrown: unknown
    let started = false
    const pongs = new Set<() => void>()
    thread.ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (message: FromRenderWorker) => {
        if (message.type === 'ready') {
          started = true
          resolve()
        } else if (message.type === 'start-failed') {
          reject(
            new Error(`[fresco] a render thread could not load the server bundle: ${message.error.message}`),
          )
        } else if (message.type === 'pong') {
          for (const pong of pongs) pong()
          pongs.clear()
        } else {
          const pending = thread.jobs.get(message.id)
          if (pending === undefined) return
          thread.jobs.delete(message.id)
          if (message.type === 'done') pending.resolve(message.result)
          else pending.reject(reviveError(message.error))
        }
      })
      worker.on('error', (error) => {
        thrown = error // 'exit' follows
      })
      thread.exited = new Promise((exited) => {
        worker.on('exit', (code) => {
          thread.alive = false
          if (threads[index] === thread) threads[index] = undefined
          port1.close()
          const rendering = [...thread.jobs.values()].map((p) => p.job.pathname)
          const why = thrown instanceof Error ? thrown.message : `exit code ${code}`
          if (!started) reject(new Error(`[fresco] a render thread ended before it was ready (${why})`))
          else if (!closing)
            logger.error(
              `[fresco] render thread ${index + 1} ended (${why})${rendering.length ? ` while rendering ${rendering.join(', ')}` : ''}; starting a new one`,
            )
          const error = new Error(`[fresco] the render thread rendering this page ended (${why})`)
          for (const pending of thread.jobs.values()) pending.reject(error)
          thread.jobs.clear()
          // Replaced at once (a thread that could not start is retried by a later render instead).
          if (started && !closing && threads[index] === undefined) threads[index] = spawn(index)
          exited()
        })
      })
    })
    thread.ready.catch((error: Error) => {
      // Logged once per attempt; renders fail at once for a while instead of starting one each.
      startFailure = { error, until: Date.now() + (opts.startRetryMs ?? DEFAULT_START_RETRY_MS) }
      logger.error(error.message)
    })
    // A thread keeps the process alive only while it renders: `fresco start` ends when its server does.
    worker.unref()
    thread.checkHung = () => {
      // A render timed out: if the thread cannot even answer a ping, synchronous work holds it.
      if (!thread.alive) return
      const timer = setTimeout(() => {
        if (thread.alive) {
          logger.error(`[fresco] render thread ${index + 1} did not answer for ${hangMs} ms; ending it`)
          // No new job for it while it ends: the next render starts a new thread.
          thread.alive = false
          if (threads[index] === thread) threads[index] = undefined
          void worker.terminate() // its exit starts the replacement
        }
      }, hangMs)
      timer.unref()
      pongs.add(() => clearTimeout(timer))
      worker.postMessage({ type: 'ping' } satisfies ToRenderWorker)
    }
    return thread
  }

  /** An idle live thread, else a new one in a free slot, else the least busy live one. */
  function pick(): Thread {
    let best: Thread | undefined
    for (const thread of threads) {
      if (thread?.alive && thread.jobs.size === 0) return thread
      if (thread?.alive && (best === undefined || thread.jobs.size < best.jobs.size)) best = thread
    }
    const free = threads.findIndex((t) => t === undefined)
    if (free === -1) return best!
    const thread = spawn(free)
    threads[free] = thread
    return thread
  }

  // Started with the server, not with the first render: a thread's start (importing the bundle,
  // ~0.3 s, seconds on a loaded machine) would otherwise count against that render's
  // regenerationWait and regenerationTimeout, and a request after a revalidateTag could get the
  // last good page where an in-process render would have answered the new one.
  for (let i = 0; i < threads.length; i++) threads[i] = spawn(i)

  return {
    async render(job, signal) {
      if (closing) throw new Error('[fresco] the server is shutting down')
      if (startFailure && startFailure.until > Date.now()) throw startFailure.error
      const thread = pick()
      const id = ++ids
      const result = new Promise<CacheEntry>((resolve, reject) => {
        thread.jobs.set(id, { job, resolve, reject })
      })
      try {
        await thread.ready
      } catch (error) {
        thread.jobs.delete(id)
        throw error
      }
      if (signal.aborted) {
        thread.jobs.delete(id) // timed out while the thread started: nothing was sent
        throw signal.reason
      }
      const onAbort = () => {
        const pending = thread.jobs.get(id)
        if (pending === undefined) return
        thread.jobs.delete(id)
        pending.reject(signal.reason)
        thread.worker.postMessage({ type: 'abort', id } satisfies ToRenderWorker)
        thread.checkHung()
      }
      signal.addEventListener('abort', onAbort, { once: true })
      const tags = owner.tagStates(job.implicitTags)
      thread.worker.ref()
      thread.worker.postMessage({ type: 'job', id, job, tags, reason: 'regenerate' } satisfies ToRenderWorker)
      try {
        return await result
      } finally {
        signal.removeEventListener('abort', onAbort)
        if (thread.jobs.size === 0) thread.worker.unref()
      }
    },
    async close() {
      closing = true
      const live = threads.filter((t): t is Thread => t?.alive === true)
      for (const thread of live) thread.worker.postMessage({ type: 'close' } satisfies ToRenderWorker)
      await Promise.all(
        live.map((thread) => {
          const timer = setTimeout(() => void thread.worker.terminate(), CLOSE_BOUND_MS)
          return thread.exited.finally(() => clearTimeout(timer))
        }),
      )
      owner.close()
    },
  }
}
