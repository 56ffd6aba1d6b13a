// One render thread of `fresco start` (started by render-pool.ts): it imports the server bundle over
// a cache proxy to the main thread's cache, then renders the cachedRender jobs it is sent and answers
// each entry, its bytes transferred (not copied). It stores nothing: the main thread's single flight
// stores the answer. It keeps the process's priority: a reniced thread (nice 10) was starved by the
// other processes of a loaded machine (docs/design/server.md, "the render pool").
import { pathToFileURL } from 'node:url'
import { type MessagePort, parentPort, workerData } from 'node:worker_threads'
import type { CacheEntry } from '@fresco/cache'
import type { ResolvedConfig } from '../config/types.js'
import { createCacheProxy } from '../threads/cache-proxy.js'
import { serializeError } from '../threads/worker-pool.js'
import { runInstrumentation } from './instrumentation.js'
import type { FromRenderWorker, ToRenderWorker } from './render-pool-protocol.js'
import { loadTracer } from './tracing/otel-tracer.js'

type ServerEntry = typeof import('../runtime/entries/rsc.js')

export interface RenderWorkerData {
  serverEntry: string
  /** instrumentation.ts's build (may not exist): registered here too, so this thread's spans export. */
  instrumentationEntry: string
  /** The JSON-serialisable resolved config (its cacheHandler is replaced by the proxy). */
  config: ResolvedConfig
  /** This worker's end of the channel to the cache owner. */
  cachePort: MessagePort
  /** Other render threads exist: take the owner's leases for data keys (cache-proxy.ts). */
  leases: boolean
}

const port = parentPort!
const data = workerData as RenderWorkerData
const post = (message: FromRenderWorker, transfer?: ArrayBuffer[]) => port.postMessage(message, transfer)

/** The entry's buffers, to move to the main thread: a view of a larger buffer is copied first. */
function transferable(entry: CacheEntry): { entry: CacheEntry; buffers: ArrayBuffer[] } {
  const buffers: ArrayBuffer[] = []
  const own = (bytes: Uint8Array): Uint8Array => {
    const whole =
      bytes.byteOffset === 0 &&
      bytes.byteLength === bytes.buffer.byteLength &&
      !buffers.includes(bytes.buffer as ArrayBuffer)
        ? bytes
        : bytes.slice()
    if (whole.buffer instanceof ArrayBuffer) buffers.push(whole.buffer)
    return whole
  }
  const out: CacheEntry = { ...entry, body: own(entry.body) }
  if (entry.payload !== undefined) out.payload = own(entry.payload)
  return { entry: out, buffers }
}

let worker: Awaited<ReturnType<ServerEntry['createRenderWorker']>>
let cache: ReturnType<typeof createCacheProxy>
try {
  await runInstrumentation(data.instrumentationEntry)
  const tracer = await loadTracer()
  const entry = (await import(pathToFileURL(data.serverEntry).href)) as ServerEntry
  cache = createCacheProxy(data.cachePort, { leases: data.leases })
  worker = await entry.createRenderWorker({ config: { ...data.config, cacheHandler: cache }, tracer })
  post({ type: 'ready' })
} catch (error) {
  post({ type: 'start-failed', error: serializeError(error) })
  port.close()
  data.cachePort.close()
  process.exit(1)
}

const aborts = new Map<number, AbortController>()
port.on('message', (message: ToRenderWorker) => {
  switch (message.type) {
    case 'ping':
      post({ type: 'pong' })
      return
    case 'abort':
      aborts.get(message.id)?.abort(new Error('[fresco] the render timed out'))
      return
    case 'close':
      void worker.close().finally(async () => {
        await cache.close()
        process.exit(0)
      })
      return
    case 'job': {
      const { id, job, tags, reason } = message
      const controller = new AbortController()
      aborts.set(id, controller)
      cache.primeTags(tags)
      worker
        .render(job, { reason, signal: controller.signal })
        .then(
          (result) => {
            const moved = transferable(result)
            post({ type: 'done', id, result: moved.entry }, moved.buffers)
          },
          (error: unknown) => post({ type: 'failed', id, error: serializeError(error) }),
        )
        .finally(() => aborts.delete(id))
    }
  }
})
