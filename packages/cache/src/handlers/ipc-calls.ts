// Request / reply over an IpcChannel: each request carries an id, the host's reply settles it. A
// reply that does not come within the timeout, or a channel that closes, fails the request (the
// response cache then treats it as a miss or a dropped write, invariant 5).
import { ipcCallFailed, ipcCallTimeout } from './ipc-errors.js'
import { CHANNEL, type IpcChannel, type Request } from './ipc-protocol.js'

export interface IpcCalls {
  call<T>(req: Request): Promise<T>
  /** A reply (`{ id, ok }` or `{ id, error }`) from the host. */
  settle(message: Record<string, unknown>): void
  /** The channel closed: every pending request fails now. */
  failAll(): void
}

interface Pending {
  op: string
  resolve(value: unknown): void
  reject(error: Error): void
  timer: ReturnType<typeof setTimeout>
}

export function createIpcCalls(channel: IpcChannel, timeoutMs: number): IpcCalls {
  const pending = new Map<number, Pending>()
  let nextId = 1
  let closed = false

  function finish(id: number): Pending | undefined {
    const p = pending.get(id)
    if (p === undefined) return undefined
    pending.delete(id)
    clearTimeout(p.timer)
    return p
  }

  return {
    call<T>(req: Request): Promise<T> {
      if (closed) return Promise.reject(ipcCallFailed(req.op, 'the link to the cache host is closed'))
      const id = nextId++
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => finish(id)?.reject(ipcCallTimeout(req.op, timeoutMs)), timeoutMs)
        timer.unref()
        pending.set(id, { op: req.op, resolve: resolve as (value: unknown) => void, reject, timer })
        channel.send({ ch: CHANNEL, id, req })
      })
    },
    settle(message) {
      const p = finish(message.id as number)
      if (p === undefined) return // timed out already
      if (typeof message.error === 'string') p.reject(ipcCallFailed(p.op, message.error))
      else p.resolve(message.ok)
    },
    failAll() {
      closed = true
      for (const id of [...pending.keys()])
        finish(id)?.reject(ipcCallFailed('request', 'the link to the cache host closed'))
    },
  }
}
