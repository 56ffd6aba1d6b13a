// One prerender worker thread (started by prerender-threads.ts): it imports the built server bundle
// with the cache proxy as its cache handler, then renders the jobs it is sent, through the bundle's
// build hooks, exactly as the main thread does with prerenderWorkers: 1.
import { pathToFileURL } from 'node:url'
import { type MessagePort, parentPort, workerData } from 'node:worker_threads'
import type { ResolvedConfig } from '../config/types.js'
import type { BuildHooks, PrerenderResult } from '../runtime/server/build-hooks.js'
import type { TagStates } from '../threads/cache-owner.js'
import { type CacheProxy, createCacheProxy } from '../threads/cache-proxy.js'
import { type FromWorker, serializeError, type ToWorker } from '../threads/worker-pool.js'

type ServerEntry = typeof import('../runtime/entries/rsc.js')

export interface PrerenderWorkerData {
  serverEntry: string
  /** The JSON-serialisable resolved config (its cacheHandler is replaced by the proxy). */
  config: ResolvedConfig
  /** This worker's end of the channel to the cache owner. */
  cachePort: MessagePort
}

export interface PrerenderJob {
  routeId: string
  pathname: string
  /** The owner's state of the path's implicit tags: data entries read by the page are judged by them. */
  tags: TagStates
}

const port = parentPort!
const data = workerData as PrerenderWorkerData
const post = (message: FromWorker<PrerenderResult>) => port.postMessage(message)

async function start(): Promise<
  { hooks: BuildHooks & { close(): Promise<void> }; cache: CacheProxy } | undefined
> {
  try {
    const entry = (await import(pathToFileURL(data.serverEntry).href)) as ServerEntry
    const routeKeys = entry.routeKeyPrefix(entry.buildId)
    const cache = createCacheProxy(data.cachePort, { buildOnlyKeys: (key) => key.startsWith(routeKeys) })
    const hooks = await entry.createPrerenderer({ config: { ...data.config, cacheHandler: cache } })
    post({ type: 'ready' })
    return { hooks, cache }
  } catch (error) {
    post({ type: 'start-failed', error: serializeError(error) })
    port.close()
    data.cachePort.close()
    return undefined
  }
}

const started = await start()
if (started) {
  const { hooks, cache } = started
  let inFlight = 0
  const running = new Set<number>()
  // The loop drained with renders unfinished (see below): say which, before the thread ends.
  process.on('beforeExit', () => {
    if (running.size > 0) post({ type: 'stalled', ids: [...running] })
  })
  port.on('message', (message: ToWorker<PrerenderJob>) => {
    if (message.type === 'close') {
      // Wait for every flight and cache write, then end the thread: a timer or socket an app
      // module opened at import time must not keep it (and so the build) alive.
      void hooks.close().finally(async () => {
        await cache.close()
        process.exit(0)
      })
      return
    }
    // While renders run, only their own I/O (and cache calls awaiting an answer) keeps this thread
    // alive: renders that await a promise nothing can settle let it end with code 0, and the pool
    // fails the build naming them (the worker-side half of build/stall-guard.ts).
    if (inFlight++ === 0) port.unref()
    const { id, job } = message
    running.add(id)
    cache.primeTags(job.tags)
    hooks
      .prerender(job.routeId, job.pathname)
      .then(
        (result) => post({ type: 'done', id, result }),
        (error: unknown) => post({ type: 'failed', id, error: serializeError(error) }),
      )
      .finally(() => {
        running.delete(id)
        if (--inFlight === 0) port.ref() // idle: wait for the next job
      })
  })
}
