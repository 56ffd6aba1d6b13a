// Two ends of an in-process IpcChannel for tests: messages are structured-cloned (as node's
// `serialization: 'advanced'` does) and delivered in order on a later macrotask, like a real pipe.
import type { IpcChannel } from '../handlers/ipc-protocol.js'

export interface TestChannel extends IpcChannel {
  /** Both ends see the link close (a worker process exiting). */
  close(): void
}

export function ipcPair(): [worker: TestChannel, host: TestChannel] {
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
      setImmediate(() => {
        if (open) for (const fn of [...listeners[1 - me]!]) fn(copy)
      })
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
