// Two ends of an in-process IpcChannel for tests: messages are structured-cloned (as node's
// `serialization: 'advanced'` does) and delivered in order on a later macrotask, like a real pipe.
import type { IpcChannel } from '../handlers/ipc-protocol.js'

export interface TestChannel extends IpcChannel {
  /** Both ends see the link close (a worker process exiting). */
  close(): void
}

/** `toWorkerDelayMs`: the worker end receives this much later (a busy worker process). */
export function ipcPair(
  options: { toWorkerDelayMs?: number } = {},
): [worker: TestChannel, host: TestChannel] {
  const delay = [0, options.toWorkerDelayMs ?? 0] // by sender: the host (1) sends to the worker
  const listeners = [new Set<(m: unknown) => void>(), new Set<(m: unknown) => void>()]
  const closers = [new Set<() => void>(), new Set<() => void>()]
  let open = true
  const close = () => {
    if (!open) return
    open = false
    for (const set of closers) for (const fn of [...set]) fn()
  }
  const end = (me: 0 | 1): TestChannel => ({
    send(message) {
      if (!open) return
      const copy = structuredClone(message)
      const deliver = () => {
        if (open) for (const fn of [...listeners[1 - me]!]) fn(copy)
      }
      if (delay[me]! > 0) setTimeout(deliver, delay[me])
      else setImmediate(deliver)
    },
    onMessage(listener) {
      listeners[me]!.add(listener)
      return () => listeners[me]!.delete(listener)
    },
    onClose(listener) {
      closers[me]!.add(listener)
      return () => closers[me]!.delete(listener)
    },
    close,
  })
  return [end(0), end(1)]
}
