// Outage tracking for the Redis handler: an outage is logged once when it starts and once when
// it ends (never per request); hooks run when it starts (wake waiters) and ends (resync, replay).
import type { Logger } from '../types.js'

export interface RedisHealth {
  readonly down: boolean
  /** A command or the connection failed for a connectivity reason. */
  markDown(error: unknown): void
  /** A command succeeded or the connection became ready. */
  markUp(): void
  /** Runs each time an outage ends. */
  onRecover(listener: () => void): void
  /** Runs each time an outage starts. */
  onDown(listener: () => void): void
}

export function createRedisHealth(logger: Logger, now: () => number = Date.now): RedisHealth {
  let downSince: number | undefined
  const listeners: (() => void)[] = []
  const downListeners: (() => void)[] = []
  return {
    get down() {
      return downSince !== undefined
    },
    markDown(error) {
      if (downSince !== undefined) return
      downSince = now()
      const reason = error instanceof Error ? error.message : String(error)
      logger.warn(
        `redis: cache unavailable (${reason}). Requests are served without the shared cache until it is back.`,
      )
      for (const listener of downListeners) listener()
    },
    markUp() {
      if (downSince === undefined) return
      const seconds = ((now() - downSince) / 1000).toFixed(1)
      downSince = undefined
      logger.warn(`redis: cache is back after ${seconds} s; resyncing tag state.`)
      for (const listener of listeners) listener()
    },
    onRecover(listener) {
      listeners.push(listener)
    },
    onDown(listener) {
      downListeners.push(listener)
    },
  }
}
