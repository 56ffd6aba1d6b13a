// Graceful shutdown: stop accepting, let in-flight responses finish (bounded), close idle
// keep-alive sockets, then let the app flush regenerations and cache writes.
import type { Server, ServerResponse } from 'node:http'
import type { Logger } from '@fresco/cache'

/** Counts in-flight requests so close() knows when the last response has been handed off. */
export function createInflight(server: Server) {
  let count = 0
  let closing = false
  let onIdle: (() => void) | undefined
  const closeIdleSoon = () => setImmediate(() => server.closeIdleConnections())
  return {
    get closing() {
      return closing
    },
    enter(res: ServerResponse) {
      count++
      // Responses that start after close() end their connection instead of keeping it alive.
      if (closing) res.shouldKeepAlive = false
    },
    leave(res: ServerResponse) {
      count--
      if (!closing) return
      // Its socket only becomes idle once the response has been flushed.
      if (res.writableFinished) closeIdleSoon()
      else res.once('close', closeIdleSoon)
      if (count === 0) onIdle?.()
    },
    /** Resolves when nothing is in flight, or after `timeoutMs`; returns whether it drained. */
    drain(timeoutMs: number): Promise<boolean> {
      closing = true
      if (count === 0) return Promise.resolve(true)
      return new Promise((resolve) => {
        const timer = setTimeout(() => resolve(false), timeoutMs)
        onIdle = () => {
          clearTimeout(timer)
          resolve(true)
        }
      })
    },
  }
}

/** Waits for server.close()'s callback (all sockets gone), forcing them shut after `timeoutMs`. */
export function closeServer(server: Server, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), timeoutMs)
    server.close(() => {
      clearTimeout(timer)
      resolve()
    })
    server.closeIdleConnections()
  })
}

/**
 * SIGTERM / SIGINT → graceful close, then exit. A second signal exits at once. For the CLI:
 * `installShutdown(await startServer(…), logger)`. Returns a function that removes the handlers.
 */
export function installShutdown(
  server: { close(): Promise<void> },
  logger: Pick<Logger, 'warn' | 'error'>,
  exit: (code: number) => void = (code) => process.exit(code),
): () => void {
  let shuttingDown = false
  const onSignal = (signal: NodeJS.Signals) => {
    if (shuttingDown) {
      logger.warn(`${signal} again: exiting without waiting for in-flight work`)
      exit(1)
      return
    }
    shuttingDown = true
    logger.warn(`${signal} received: finishing in-flight requests and cache writes`)
    server.close().then(
      () => exit(0),
      (error) => {
        logger.error('graceful shutdown failed', error)
        exit(1)
      },
    )
  }
  process.on('SIGTERM', onSignal)
  process.on('SIGINT', onSignal)
  return () => {
    process.off('SIGTERM', onSignal)
    process.off('SIGINT', onSignal)
  }
}
