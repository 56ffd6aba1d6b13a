// The owner of the store for several worker processes (the node:cluster primary of
// `fresco start --workers N`): what Redis is to instances, over IPC. It runs every get / set /
// delete / updateTags of the workers against one handler (the fs handler: one writing process per
// directory, as it requires), holds the leases, and broadcasts every change to the other workers.
// A change is acknowledged to its author only once every other worker applied it (or left), so an
// invalidation or a new entry that a response reported is seen by every worker's next request.
import { consoleLogger } from '../logger.js'
import type { CacheHandler, Logger } from '../types.js'
import { createLeaseTable } from './ipc-leases.js'
import {
  CHANNEL,
  type IpcChannel,
  isCacheMessage,
  type Request,
  type TagStates,
  type ToWorker,
} from './ipc-protocol.js'

export interface IpcHostOptions {
  /** The shared store. Its tag state is the truth every worker mirrors. */
  handler: CacheHandler
  logger?: Logger
  /** A worker that has not applied a broadcast within this is not waited for any longer. Default 2 s. */
  ackTimeoutMs?: number
  now?: () => number
}

export interface IpcHost {
  /** Serve a worker over `channel` (call before it sends anything). */
  attach(worker: string, channel: IpcChannel): void
  /** The worker is gone: its leases end (waiters re-check at once), nobody waits for its acks. */
  detach(worker: string): void
  /** Detach every worker (the handler is the caller's to close). */
  close(): void
}

interface Peer {
  channel: IpcChannel
  stop: () => void
}

interface Broadcast {
  waiting: Set<string>
  done: () => void
}

export function createIpcHost(options: IpcHostOptions): IpcHost {
  const { handler } = options
  const logger = options.logger ?? consoleLogger
  const ackTimeoutMs = options.ackTimeoutMs ?? 2000
  const leases = createLeaseTable(options.now ?? Date.now)
  const peers = new Map<string, Peer>()
  const broadcasts = new Map<number, Broadcast>()
  let seq = 0
  let slowAckReported = false

  function acked(worker: string, n: number): void {
    const b = broadcasts.get(n)
    if (b === undefined || !b.waiting.delete(worker) || b.waiting.size > 0) return
    b.done()
  }

  /** Sends `change` to every worker but `from`; resolves once each applied it (bounded). */
  function broadcast(from: string, change: { tags: TagStates } | { entry: string }): Promise<void> {
    const waiting = new Set([...peers.keys()].filter((w) => w !== from))
    if (waiting.size === 0) return Promise.resolve()
    const n = ++seq
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        if (!slowAckReported) {
          slowAckReported = true
          logger.warn(
            `ipc: worker(s) ${[...(broadcasts.get(n)?.waiting ?? [])].join(', ')} did not apply a cache change within ${ackTimeoutMs} ms (busy or hung); not waiting for them`,
          )
        }
        done()
      }, ackTimeoutMs)
      timer.unref()
      const done = () => {
        clearTimeout(timer)
        broadcasts.delete(n)
        resolve()
      }
      broadcasts.set(n, { waiting, done })
      const message = { ch: CHANNEL, seq: n, ...change } as ToWorker
      for (const w of waiting) peers.get(w)?.channel.send(message)
    })
  }

  function wake(key: string): void {
    for (const peer of peers.values()) peer.channel.send({ ch: CHANNEL, wake: key })
  }

  async function run(worker: string, req: Request): Promise<unknown> {
    switch (req.op) {
      case 'get':
        return handler.get(req.key)
      case 'set':
        await handler.set(req.key, req.entry)
        leases.written(req.key, worker)
        await broadcast(worker, { entry: req.key })
        return undefined
      case 'delete':
        await handler.delete(req.key)
        leases.written(req.key, worker)
        await broadcast(worker, { entry: req.key })
        return undefined
      case 'tags': {
        // The handler applies its own rule (nextTagState) as the single writer; what it now holds is
        // what every mirror gets, at least as late as the author's own guess.
        await handler.updateTags(req.tags, req.options)
        const states: TagStates = req.tags.map((tag) => [tag, handler.getTagState(tag) ?? {}])
        await broadcast(worker, { tags: states })
        return states
      }
      case 'snapshot':
        return [...(handler.tagStates?.() ?? [])]
      case 'lease': {
        // The owner of a lease always re-reads the key before rendering (cluster-lease.ts): the read
        // travels with the answer, one round trip instead of two.
        const token = leases.acquire(req.key, worker, req.ttlMs)
        return [token, token === null ? undefined : await handler.get(req.key).catch(() => undefined)]
      }
      case 'renew':
        return leases.renew(req.key, req.token, req.ttlMs)
      case 'release':
        // Ended without a new entry (a failed render): waiters render now instead of timing out.
        if (leases.release(req.key, req.token)) wake(req.key)
        return undefined
    }
  }

  async function receive(worker: string, channel: IpcChannel, message: unknown): Promise<void> {
    if (!isCacheMessage(message)) return
    if (typeof message.ack === 'number') return acked(worker, message.ack)
    if (typeof message.id !== 'number' || typeof message.req !== 'object' || message.req === null) return
    const id = message.id
    try {
      const ok = await run(worker, message.req as Request)
      channel.send({ ch: CHANNEL, id, ok })
    } catch (error) {
      channel.send({ ch: CHANNEL, id, error: error instanceof Error ? error.message : String(error) })
    }
  }

  function detach(worker: string): void {
    const peer = peers.get(worker)
    if (peer === undefined) return
    peers.delete(worker)
    peer.stop()
    for (const n of [...broadcasts.keys()]) acked(worker, n)
    // Its renders will never finish: whoever waits for them renders now.
    for (const key of leases.dropOwner(worker)) wake(key)
  }

  // Tags another process invalidated in the store (`fresco cache purge` appending to the fs
  // journal) reach every worker's mirror, as a worker's own updateTags does.
  const stopRemoteTags = handler.onTagUpdate?.((tags, state, remote) => {
    if (remote) void broadcast('', { tags: tags.map((tag) => [tag, state]) })
  })

  return {
    attach(worker, channel) {
      detach(worker)
      const stopMessages = channel.onMessage((message) => void receive(worker, channel, message))
      const stopClose = channel.onClose(() => detach(worker))
      peers.set(worker, {
        channel,
        stop: () => {
          stopMessages()
          stopClose()
        },
      })
    },
    detach,
    close() {
      stopRemoteTags?.()
      for (const worker of [...peers.keys()]) detach(worker)
    },
  }
}
