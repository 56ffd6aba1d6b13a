// Messages between the build's main thread and its prerender workers travel in batches: every
// message sent during one turn of the event loop goes out as one array in one postMessage. A port
// message costs a structured clone plus a wake-up of the other thread; with a few cache calls per
// page and thousands of pages a second across workers, one postMessage per call would make the
// port the bottleneck (docs/design/spine.md, "Prerendering on every core").
import type { MessagePort } from 'node:worker_threads'

export interface BatchedPort<Out, In> {
  /** Queue `message`; the queue leaves as one postMessage when the current loop turn ends. */
  send(message: Out): void
  /** Called once per message of every batch received, in order. */
  onMessage(listener: (message: In) => void): void
  /** Keep the event loop alive for this port (a reply is awaited) or not. */
  ref(): void
  unref(): void
  /** Send what is queued now (before the port is closed or the thread exits). */
  flush(): void
  close(): void
}

/** The subset of a MessagePort (or a worker's parentPort) the batcher needs. */
export type PortLike = Pick<MessagePort, 'postMessage' | 'on' | 'ref' | 'unref' | 'close'>

export function batchPort<Out, In>(port: PortLike): BatchedPort<Out, In> {
  let queue: Out[] = []
  let scheduled: NodeJS.Immediate | undefined
  const flush = () => {
    if (scheduled !== undefined) clearImmediate(scheduled)
    scheduled = undefined
    if (queue.length === 0) return
    const batch = queue
    queue = []
    port.postMessage(batch)
  }
  return {
    send(message) {
      queue.push(message)
      // setImmediate, not a microtask: renders interleave over a whole loop turn, and so do their
      // cache calls; one turn is the widest batch that adds no wait beyond the turn itself.
      scheduled ??= setImmediate(flush)
    },
    onMessage(listener) {
      port.on('message', (batch: In[]) => {
        for (const message of batch) listener(message)
      })
    },
    ref: () => port.ref(),
    unref: () => port.unref(),
    flush,
    close() {
      flush()
      port.close()
    },
  }
}
