// The pub/sub side of the Redis handler, on its own connection (a subscribed connection cannot run
// other commands): tag updates from other instances, and "key was set" notices for waitForEntry
// and for other instances' L1 copies. A notice is `{"o":origin,"k":key}`; a bare key (an older
// instance) is accepted too.
import { createEntryWaiters } from './entry-waiters.js'
import type { RedisClientLike, RedisConnection } from './redis-connection.js'
import type { RedisKeys } from './redis-keys.js'

export interface RedisPubSubOptions {
  conn: RedisConnection
  keys: RedisKeys
  /** This instance's id, carried by its entry notices so it can tell its own from others'. */
  origin: string
  onTagMessage(message: string): void
  /** Called when the subscription is back after a disconnect: messages may have been missed. */
  onResubscribe(): void
}

export interface RedisPubSub {
  /** Resolves true once subscribed, false after `timeoutMs`. */
  subscribed(timeoutMs: number): Promise<boolean>
  waitForEntry(key: string, timeoutMs: number): Promise<void>
  /** Wake local waiters for `key` (an entry set by this instance). */
  entrySet(key: string): void
  /** Wake every waiter: no notice can arrive (Redis or the subscription is down). */
  wakeAll(): void
  /** Subscribed right now: a notice published elsewhere would reach us. */
  readonly active: boolean
  /** The message announcing that this instance wrote or deleted `key`. */
  notice(key: string): string
  /** Listen to entries written or deleted by other instances. */
  onRemoteEntry(listener: (key: string) => void): () => void
  close(): void
}

export function createRedisPubSub(opts: RedisPubSubOptions): RedisPubSub {
  const { conn, keys } = opts
  const waiters = createEntryWaiters()
  const { wake, wakeAll } = waiters
  const onSubscribed = new Set<() => void>()
  const remoteListeners = new Set<(key: string) => void>()
  let active = false
  let everSubscribed = false
  let closed = false

  function receiveNotice(message: string): void {
    let key = message
    let origin: unknown
    if (message.startsWith('{')) {
      try {
        const m = JSON.parse(message) as { o?: unknown; k?: unknown }
        if (typeof m.k === 'string') ({ k: key, o: origin } = m as { k: string; o: unknown })
      } catch {
        // not JSON after all: a bare key
      }
    }
    wake(key)
    if (origin === opts.origin) return
    for (const listener of remoteListeners) listener(key)
  }

  async function subscribe(sub: RedisClientLike): Promise<void> {
    if (closed) return
    try {
      await sub.subscribe(keys.tagsChannel, keys.setChannel)
    } catch {
      return // the next 'ready' retries
    }
    active = true
    if (everSubscribed) opts.onResubscribe()
    everSubscribed = true
    for (const resolve of onSubscribed) resolve()
    onSubscribed.clear()
  }

  const started = conn.subscriber().then((sub) => {
    sub.on('message', (channel, message) => {
      if (channel === keys.tagsChannel) opts.onTagMessage(message)
      else if (channel === keys.setChannel) receiveNotice(message)
    })
    // Disconnected: notices published meanwhile are lost, so nobody should keep waiting for one.
    sub.on('close', () => {
      active = false
      wakeAll()
    })
    // Subscribe on every (re)connect ourselves: works whatever the client's offline-queue options.
    sub.on('ready', () => void subscribe(sub))
    if (sub.status === 'ready') void subscribe(sub)
    else if (sub.status === 'wait') sub.connect?.().catch(() => {}) // duplicate of a lazyConnect client
  })
  started.catch(() => {}) // a missing client is reported by the main connection

  return {
    subscribed(timeoutMs) {
      if (active) return Promise.resolve(true)
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer)
          resolve(true)
        }
        const timer = setTimeout(() => {
          onSubscribed.delete(done)
          resolve(false)
        }, timeoutMs)
        onSubscribed.add(done)
      })
    },
    waitForEntry: waiters.wait,
    entrySet: wake,
    wakeAll,
    get active() {
      return active
    },
    notice: (key) => JSON.stringify({ o: opts.origin, k: key }),
    onRemoteEntry(listener) {
      remoteListeners.add(listener)
      return () => remoteListeners.delete(listener)
    },
    close() {
      closed = true
      wakeAll()
    },
  }
}
